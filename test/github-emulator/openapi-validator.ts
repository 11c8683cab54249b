import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import standaloneModule from "ajv/dist/standalone/index.js";
import addFormatsModule from "ajv-formats";

// ajv-formats and ajv's standalone are CommonJS with `exports.default`; under nodenext the
// default import is typed as the namespace, while at run time it is the function (with `.default`).
type AddFormats = typeof addFormatsModule.default;
const addFormats: AddFormats = (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);
type StandaloneCode = typeof standaloneModule.default;
const standaloneCode: StandaloneCode = (standaloneModule as unknown as { default?: StandaloneCode }).default ?? (standaloneModule as unknown as StandaloneCode);

interface Subset {
  $id: string;
  "x-source": { package: string; version: string; apiVersion: string };
  "x-operations": Record<string, { operationId: string; responses: Record<string, string | null> }>;
  "x-webhooks": Record<string, string>;
  $defs: Record<string, unknown>;
}

/** A response or payload that does not match GitHub's published schema. */
export interface SchemaViolation {
  kind: "response" | "webhook";
  /** `GET /repos/{owner}/{repo}` or `pull_request.opened`. */
  subject: string;
  status?: number;
  errors: string[];
}

export const SUBSET_URL = new URL("./openapi-subset.json", import.meta.url);
/**
 * Compiled validators are kept as ajv "standalone" modules here: compiling the
 * webhook schemas takes seconds, and jest gives every test file a fresh module
 * registry, so without this each file would compile them again.
 */
const CACHE_DIR = fileURLToPath(new URL("../../node_modules/.cache/github-emulator/", import.meta.url));
const CACHE_FORMAT = "1";
const load = createRequire(import.meta.url);

/**
 * Validates what the emulator produces against the committed extract of
 * GitHub's OpenAPI description. Schemas compile lazily and are shared by every
 * emulator in the process (and, through the cache, by later processes).
 */
export class OpenApiValidator {
  private static instance: OpenApiValidator | undefined;
  private ajvInstance: Ajv2020 | undefined;
  private readonly subset: Subset;
  private readonly cacheKey: string;
  private readonly compiled = new Map<string, ValidateFunction>();

  private constructor() {
    const text = readFileSync(SUBSET_URL, "utf8");
    this.subset = JSON.parse(text) as Subset;
    const ajvVersion = (load("ajv/package.json") as { version: string }).version;
    this.cacheKey = createHash("sha256").update(`${CACHE_FORMAT}\0${ajvVersion}\0${text}`).digest("hex").slice(0, 16);
  }

  static shared(): OpenApiValidator {
    return (OpenApiValidator.instance ??= new OpenApiValidator());
  }

  get source(): Subset["x-source"] {
    return this.subset["x-source"];
  }

  private get ajv(): Ajv2020 {
    if (!this.ajvInstance) {
      const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, code: { source: true } });
      addFormats(ajv);
      // OpenAPI's numeric and GitHub's custom formats carry no constraint JSON Schema can check.
      for (const f of ["int32", "int64", "double", "float", "binary", "repo.nwo", "timestamp"]) ajv.addFormat(f, true);
      ajv.addSchema(this.subset as unknown as object);
      this.ajvInstance = ajv;
    }
    return this.ajvInstance;
  }

  hasOperation(method: string, template: string): boolean {
    return `${method} ${template}` in this.subset["x-operations"];
  }

  private validator(defName: string): ValidateFunction {
    const known = this.compiled.get(defName);
    if (known) return known;
    const file = `${CACHE_DIR}${this.cacheKey}-${defName.replace(/[^\w.-]/g, "_")}.cjs`;
    let v: ValidateFunction | undefined;
    try {
      v = load(file) as ValidateFunction;
    } catch {
      v = this.ajv.compile({ $ref: `${this.subset.$id}#/$defs/${defName}` });
      try {
        mkdirSync(CACHE_DIR, { recursive: true });
        // Write then rename, so a parallel test worker never loads half a file.
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, standaloneCode(this.ajv, v));
        renameSync(tmp, file);
      } catch {
        // A read-only checkout just compiles every time.
      }
    }
    this.compiled.set(defName, v);
    return v;
  }

  private run(defName: string, data: unknown): string[] {
    const v = this.validator(defName);
    if (v(data)) return [];
    return (v.errors ?? []).slice(0, 20).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ""}`);
  }

  /**
   * Errors of a JSON response body; `null` when it is valid or there is
   * nothing to check it against (an error status GitHub does not document for
   * the operation, or a documented status without a schema).
   */
  validateResponse(method: string, template: string, status: number, body: unknown): SchemaViolation | null {
    const operation = this.subset["x-operations"][`${method} ${template}`];
    const subject = `${method} ${template}`;
    if (!operation) return { kind: "response", subject, status, errors: ["operation is not in the OpenAPI subset"] };
    const documented = operation.responses[String(status)];
    if (documented === undefined) {
      // A success GitHub never answers is a fidelity bug; undocumented errors (401, 403, rate limits) are normal.
      return status < 300 ? { kind: "response", subject, status, errors: [`status ${status} is not documented for this operation`] } : null;
    }
    // Documented without a schema (e.g. "422 if the user is not a collaborator"): nothing to check.
    if (documented === null) return null;
    const errors = this.run(documented, body);
    return errors.length ? { kind: "response", subject, status, errors } : null;
  }

  validateWebhook(eventAction: string, payload: unknown): SchemaViolation | null {
    const defName = this.subset["x-webhooks"][eventAction];
    if (!defName) return { kind: "webhook", subject: eventAction, errors: ["event is not in the OpenAPI subset"] };
    const errors = this.run(defName, payload);
    return errors.length ? { kind: "webhook", subject: eventAction, errors } : null;
  }
}
