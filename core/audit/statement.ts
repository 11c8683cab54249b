/**
 * The signed payload of an audit entry: an in-toto Statement v1
 * (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md)
 * whose subjects are the merge commit and the changed templates, and whose
 * predicate is ours, described by schemas/audit-predicate.schema.json.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import predicateSchema from "../../schemas/audit-predicate.schema.json" with { type: "json" };
import type { AuditPredicate } from "../generated/audit-predicate.js";
import { err, ok, type Problem, type Result } from "../errors/problem.js";

export type { AuditPredicate };

export const STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
export const PREDICATE_TYPE = "https://promptops.dev/audit/v1";
export const PAYLOAD_TYPE = "application/vnd.in-toto+json";

export interface Subject {
  name: string;
  /** in-toto DigestSet: algorithm → lowercase hex, e.g. `gitCommit`, `gitBlob`, `sha1`, `sha256`. */
  digest: Record<string, string>;
}

export interface Statement {
  _type: typeof STATEMENT_TYPE;
  subject: Subject[];
  predicateType: typeof PREDICATE_TYPE;
  predicate: AuditPredicate;
}

export interface TemplateSubject {
  path: string;
  /** Git blob SHA of the template after the change. */
  blobSha?: string;
  /** SHA-256 of the template's bytes after the change. */
  sha256?: string;
}

/** Subjects for a decision: the commit it is about (the merge commit, or HEAD for a local check), then each template that still exists. */
export function subjectsFor(input: { commit?: string; repository?: string; templates?: readonly TemplateSubject[] }): Subject[] {
  const subjects: Subject[] = [];
  if (input.commit) {
    subjects.push({
      name: input.repository ? `${input.repository}@${input.commit}` : input.commit,
      digest: { gitCommit: input.commit },
    });
  }
  for (const t of input.templates ?? []) {
    const digest: Record<string, string> = {};
    if (t.blobSha) digest.gitBlob = t.blobSha;
    if (t.sha256) digest.sha256 = t.sha256;
    if (Object.keys(digest).length) subjects.push({ name: t.path, digest });
  }
  return subjects;
}

export function buildStatement(subject: readonly Subject[], predicate: AuditPredicate): Statement {
  return { _type: STATEMENT_TYPE, subject: subject.map((s) => ({ name: s.name, digest: { ...s.digest } })), predicateType: PREDICATE_TYPE, predicate };
}

export function serializeStatement(statement: Statement): Buffer {
  return Buffer.from(JSON.stringify(statement), "utf8");
}

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: true });
    // ajv-formats is CommonJS; its callable is `.default` under both Node's ESM loader and TypeScript's view of it.
    addFormats.default(ajv, ["date-time"]);
    compiled = ajv.compile(predicateSchema);
  }
  return compiled;
}

function describe(e: ErrorObject): string {
  const at = e.instancePath || "/";
  if (e.keyword === "additionalProperties") return `${at}: unexpected property "${String(e.params.additionalProperty)}"`;
  if (e.keyword === "enum") return `${at}: must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
  return `${at}: ${e.message ?? e.keyword}`;
}

/** Problems of a predicate against the schema, each with the key path (`path`) it is at. */
export function validatePredicate(predicate: unknown): Problem[] {
  const validate = validator();
  if (validate(predicate)) return [];
  // oneOf reports the failure of every branch; the most specific error per path is enough for a reader.
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const e of validate.errors ?? []) {
    const key = `${e.instancePath}|${e.keyword}`;
    if (seen.has(key) || e.keyword === "oneOf") continue;
    seen.add(key);
    problems.push({ code: "audit.predicate-invalid", message: describe(e), path: e.instancePath || "/" });
  }
  return problems;
}

/** Parse and check a statement payload; the predicate is validated against the schema. */
export function parseStatement(payload: Uint8Array): Result<Statement, Problem[]> {
  const bad = (message: string): Result<never, Problem[]> => err([{ code: "audit.statement-invalid", message }]);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload).toString("utf8"));
  } catch (e) {
    return bad(`the payload is not JSON: ${(e as Error).message}`);
  }
  if (typeof value !== "object" || value === null) return bad("the payload is not a JSON object");
  const s = value as Record<string, unknown>;
  if (s._type !== STATEMENT_TYPE) return bad(`the statement _type is not ${STATEMENT_TYPE}`);
  if (s.predicateType !== PREDICATE_TYPE) return bad(`the predicateType is not ${PREDICATE_TYPE}`);
  if (!Array.isArray(s.subject) || s.subject.length === 0) return bad("the statement has no subject");
  for (const sub of s.subject as unknown[]) {
    const ok_ =
      typeof sub === "object" &&
      sub !== null &&
      typeof (sub as Subject).name === "string" &&
      typeof (sub as Subject).digest === "object" &&
      (sub as Subject).digest !== null &&
      Object.values((sub as Subject).digest).every((d) => typeof d === "string" && /^[0-9a-f]+$/.test(d));
    if (!ok_) return bad("a subject is not {name, digest: {algorithm: hex}}");
  }
  const problems = validatePredicate(s.predicate);
  if (problems.length) return err(problems);
  return ok(value as Statement);
}
