/**
 * Refreshes test/github-emulator/openapi-subset.json: the response schemas of
 * the REST operations the GitHub emulator serves and the payload schemas of the
 * webhooks it emits, copied from GitHub's official OpenAPI description as
 * published in `@octokit/openapi`.
 *
 * The package is ~400 MB, so it is never a dependency: this script installs
 * the pinned version into a temporary folder, reads it, and deletes it.
 *
 *   npx tsx scripts/extract-openapi.ts [--version 23.0.1] [--from <dir with node_modules>]
 *
 * The subset is one self-contained JSON Schema (2020-12) document: every schema
 * lives under `$defs`, `$ref`s point inside it, and OpenAPI 3.0's `nullable`
 * is rewritten as JSON Schema `null` types so ajv's 2020 dialect reads it as is.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { OPERATIONS, WEBHOOK_EVENTS, webhookSpecKey, type OperationSpec } from "../test/github-emulator/operations.js";

const PACKAGE = "@octokit/openapi";
/** Matches the `openapi-version` that the installed @octokit/openapi-types was generated from. */
const DEFAULT_VERSION = "23.0.1";
const SPEC_FILE = "generated/api.github.com.json";
export const SUBSET_ID = "urn:promptops:github-openapi-subset";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface Spec {
  openapi: string;
  info: { version: string };
  paths: Record<string, Record<string, JsonObject>>;
  "x-webhooks"?: Record<string, { post: JsonObject }>;
  webhooks?: Record<string, { post: JsonObject }>;
  components: { schemas: Record<string, JsonObject>; responses: Record<string, JsonObject> };
}

/** Keywords whose value is a map from names to schemas. */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);
/** Keywords whose value is one schema. */
const SCHEMA_ONE = new Set(["items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedProperties", "unevaluatedItems"]);
/** Keywords whose value is a list of schemas. */
const SCHEMA_LISTS = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
/** Documentation-only keywords dropped to keep the subset small. */
const DROPPED = new Set(["description", "example", "examples", "title", "externalDocs", "deprecated", "readOnly", "writeOnly", "xml", "discriminator"]);

const defName = (componentName: string): string => `schema.${componentName}`;
const refTarget = (ref: string): string => {
  const m = /^#\/components\/schemas\/(.+)$/.exec(ref);
  if (!m) throw new Error(`unsupported $ref ${ref}`);
  return m[1]!;
};

/**
 * Returns a JSON Schema 2020-12 copy of an OpenAPI 3.0 schema: refs renamed into
 * `$defs`, `nullable` turned into null types, documentation keywords dropped.
 * `found` collects the component names it references.
 */
export function convertSchema(schema: Json, found: Set<string>): Json {
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED.has(key) || key.startsWith("x-") || key === "nullable") continue;
    // Real e-mails in GitHub payloads include bot addresses (`1+app[bot]@users.noreply.github.com`) that RFC 5322 refuses.
    if (key === "format" && value === "email") continue;
    if (key === "$ref" && typeof value === "string") {
      const name = refTarget(value);
      found.add(name);
      out.$ref = `#/$defs/${defName(name)}`;
    } else if (SCHEMA_MAPS.has(key) && value && typeof value === "object" && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertSchema(v, found)]));
    } else if (SCHEMA_ONE.has(key)) {
      out[key] = convertSchema(value, found);
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key] = value.map((v) => convertSchema(v, found));
    } else {
      out[key] = value;
    }
  }
  if (schema.nullable === true) return withNull(out);
  return out;
}

function withNull(schema: JsonObject): JsonObject {
  if (typeof schema.type === "string") {
    const next: JsonObject = { ...schema, type: [schema.type, "null"] };
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) next.enum = [...schema.enum, null];
    return next;
  }
  if (Array.isArray(schema.type)) return schema.type.includes("null") ? schema : { ...schema, type: [...schema.type, "null"] };
  // `nullable` beside composition keywords (allOf/oneOf/anyOf/$ref) means "this, or null".
  const keys = Object.keys(schema);
  if (keys.length === 0) return schema;
  return { anyOf: [schema, { type: "null" }] };
}

function responseSchema(spec: Spec, response: JsonObject): Json | undefined {
  let r = response;
  if (typeof r.$ref === "string") {
    const name = /^#\/components\/responses\/(.+)$/.exec(r.$ref)?.[1];
    if (!name || !spec.components.responses[name]) throw new Error(`unknown response ${r.$ref}`);
    r = spec.components.responses[name]!;
  }
  const content = r.content as Record<string, JsonObject> | undefined;
  if (!content) return undefined;
  const json = content["application/json"] ?? content["application/scim+json"];
  return json?.schema;
}

export function extractSubset(
  spec: Spec,
  version: string,
  operations: readonly OperationSpec[] = OPERATIONS,
  webhookEvents: readonly string[] = WEBHOOK_EVENTS,
): JsonObject {
  const found = new Set<string>();
  const defs: JsonObject = {};
  const kept: JsonObject = {};
  for (const o of operations) {
    const entry = spec.paths[o.path]?.[o.method.toLowerCase()];
    if (!entry) throw new Error(`${o.method} ${o.path} is not in ${PACKAGE}@${version}`);
    if (entry.operationId !== o.operationId) {
      throw new Error(`${o.method} ${o.path} is ${String(entry.operationId)} in the spec, not ${o.operationId}`);
    }
    const responses: JsonObject = {};
    for (const [status, response] of Object.entries(entry.responses as Record<string, JsonObject>)) {
      const schema = responseSchema(spec, response);
      const name = `response.${o.operationId.replace("/", ".")}.${status}`;
      if (schema === undefined) {
        responses[status] = null;
        continue;
      }
      defs[name] = convertSchema(schema, found);
      responses[status] = name;
    }
    kept[`${o.method} ${o.path}`] = { operationId: o.operationId, responses };
  }
  const hooks = spec.webhooks ?? spec["x-webhooks"] ?? {};
  const webhooks: JsonObject = {};
  for (const event of webhookEvents) {
    const hook = hooks[webhookSpecKey(event)];
    const body = hook?.post.requestBody as JsonObject | undefined;
    const schema = (body?.content as Record<string, JsonObject> | undefined)?.["application/json"]?.schema;
    if (!schema) throw new Error(`webhook ${event} is not in ${PACKAGE}@${version}`);
    const name = `webhook.${event}`;
    defs[name] = convertSchema(schema, found);
    webhooks[event] = name;
  }
  // Pull in every component reachable from what we kept.
  const queue = [...found];
  const done = new Set<string>();
  while (queue.length) {
    const name = queue.pop()!;
    if (done.has(name)) continue;
    done.add(name);
    const component = spec.components.schemas[name];
    if (!component) throw new Error(`unknown component schema ${name}`);
    const more = new Set<string>();
    defs[defName(name)] = convertSchema(component, more);
    for (const m of more) if (!done.has(m)) queue.push(m);
  }
  const sortedDefs = Object.fromEntries(Object.keys(defs).sort().map((k) => [k, defs[k]!]));
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: SUBSET_ID,
    "x-source": {
      package: PACKAGE,
      version,
      file: SPEC_FILE,
      openapi: spec.openapi,
      apiVersion: spec.info.version,
      extractedBy: "scripts/extract-openapi.ts",
    },
    "x-operations": kept,
    "x-webhooks": webhooks,
    $defs: sortedDefs,
  };
}

function parseArgs(argv: string[]): { version: string; from?: string; out: string } {
  const here = dirname(fileURLToPath(import.meta.url));
  const args = { version: DEFAULT_VERSION, out: resolve(here, "../test/github-emulator/openapi-subset.json") } as {
    version: string;
    from?: string;
    out: string;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--version") args.version = argv[++i]!;
    else if (a === "--from") args.from = argv[++i]!;
    else if (a === "--out") args.out = argv[++i]!;
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const prefix = args.from ?? mkdtempSync(join(tmpdir(), "promptops-openapi-"));
  try {
    if (!args.from) {
      console.error(`installing ${PACKAGE}@${args.version} into ${prefix} (not a project dependency)…`);
      execFileSync(
        "npm",
        ["install", "--prefix", prefix, "--no-save", "--no-package-lock", "--ignore-scripts", "--no-audit", "--no-fund", `${PACKAGE}@${args.version}`],
        { stdio: ["ignore", "ignore", "inherit"] },
      );
    }
    const pkgDir = join(prefix, "node_modules", PACKAGE);
    const installed = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as { version: string };
    const spec = JSON.parse(readFileSync(join(pkgDir, SPEC_FILE), "utf8")) as Spec;
    const subset = extractSubset(spec, installed.version);
    writeFileSync(args.out, JSON.stringify(subset, null, 1) + "\n");
    const defs = Object.keys(subset.$defs as JsonObject).length;
    console.error(`wrote ${args.out}: ${OPERATIONS.length} operations, ${WEBHOOK_EVENTS.length} webhooks, ${defs} schemas`);
  } finally {
    if (!args.from) rmSync(prefix, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
