/**
 * Turns ajv's errors into one human message per problem node. ajv reports in
 * schema terms ("must match exactly one schema in oneOf", "must NOT have
 * additional properties"); a person editing YAML wants the key, what was
 * wrong with it, and what would be right.
 */
import type { ErrorObject } from "ajv";
import { closest } from "./closest.js";
import { globProblem } from "./globs.js";
import { regexProblem } from "./regex.js";

export type IssueKind = "type" | "unknown-key" | "missing-key" | "enum" | "format" | "range";

/** Where in the source the issue is best shown: the value at `path`, its key, or the mapping that lacks it. */
export type Anchor = "value" | "key" | "parent";

export interface SchemaIssue {
  kind: IssueKind;
  message: string;
  /** JSON pointer of the offending node (for unknown and missing keys: including that key). */
  path: string;
  anchor: Anchor;
}

/** Human descriptions of the schemas' `pattern`s; a test keeps this table complete. */
export const PATTERN_DESCRIPTIONS: Record<string, string> = {
  "^(owners|@?[A-Za-z0-9][A-Za-z0-9-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)?)$":
    "must be `owners`, a user (`alice`, `@alice`) or a team (`org/team`)",
  "^@?[A-Za-z0-9][A-Za-z0-9-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)?$": "must be a user (`alice`, `@alice`) or a team (`org/team`)",
  "^[1-9][0-9]*[hdw]$": "must be a duration such as `24h`, `3d` or `1w`",
  "^ed25519:[A-Za-z0-9+/=_-]+$": "must be `ed25519:` followed by the base64 public key",
  "^[a-z][a-z0-9-]*(\\.[a-z0-9-]+)*$": "must be a rule id or category such as `pii` or `pii.email`",
};

export const pointer = (segments: readonly string[]): string =>
  segments.map((s) => "/" + s.replace(/~/g, "~0").replace(/\//g, "~1")).join("");

export const segmentsOf = (path: string): string[] =>
  path === "" ? [] : path.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));

/** `approvals`, `templates[1]`, or `rootName` for the document itself. */
function subject(path: string, rootName: string): string {
  const segs = segmentsOf(path);
  const last = segs.at(-1);
  if (last === undefined) return rootName;
  if (/^\d+$/.test(last) && segs.length > 1) return `\`${segs.at(-2)}[${last}]\``;
  return `\`${last}\``;
}

const EXPECTED: Record<string, string> = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "a boolean (true or false)",
  null: "empty",
};

/** What was given, in YAML words. */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return "an empty value";
  if (Array.isArray(v)) return "list";
  if (typeof v === "object") return "mapping";
  if (typeof v === "number") return String(v);
  return typeof v;
}

const quote = (v: unknown): string => "`" + (typeof v === "string" ? v : JSON.stringify(v)) + "`";
// Messages show keys as written (`/owners/prompts/**`); the escaped pointer is in Problem.path.
const where = (path: string): string => (path === "" ? "" : ` in /${segmentsOf(path).join("/")}`);

function expectedOf(e: ErrorObject): string {
  switch (e.keyword) {
    case "type":
      return String(e.params.type)
        .split(",")
        .map((t) => EXPECTED[t] ?? t)
        .join(" or ");
    case "enum":
      return "one of " + (e.params.allowedValues as unknown[]).map(quote).join(", ");
    case "const":
      return quote(e.params.allowedValue);
    default:
      return e.message ?? e.keyword;
  }
}

function translate(e: ErrorObject, rootName: string): SchemaIssue | undefined {
  const at = e.instancePath;
  // Errors inside `propertyNames` are about a key, not the mapping.
  const keyName = (e as ErrorObject & { propertyName?: string }).propertyName;
  const path = keyName !== undefined ? `${at}/${keyName.replace(/~/g, "~0").replace(/\//g, "~1")}` : at;
  const anchor: Anchor = keyName !== undefined ? "key" : "value";
  const what = keyName !== undefined ? `key ${quote(keyName)}${where(at)}` : subject(at, rootName);
  switch (e.keyword) {
    case "additionalProperties": {
      const key = String(e.params.additionalProperty);
      const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const guess = closest(key, allowed);
      const hint = guess
        ? ` (did you mean \`${guess}\`?)`
        : allowed.length > 0 && allowed.length <= 6
          ? ` (expected one of ${allowed.map(quote).join(", ")})`
          : "";
      return { kind: "unknown-key", message: `unknown key ${quote(key)}${where(at)}${hint}`, path: pointer([...segmentsOf(at), key]), anchor: "key" };
    }
    case "required": {
      const key = String(e.params.missingProperty);
      const hint = at === "" && key === "version" ? " (add `version: 1`)" : "";
      return { kind: "missing-key", message: `missing required key ${quote(key)}${where(at)}${hint}`, path: pointer([...segmentsOf(at), key]), anchor: "parent" };
    }
    case "type":
      return { kind: "type", message: `${what} must be ${expectedOf(e)}, got ${describeValue(e.data)}`, path, anchor };
    case "enum":
    case "const":
      return { kind: "enum", message: `${what} must be ${expectedOf(e)}, got ${quote(e.data)}`, path, anchor };
    case "format": {
      const value = String(e.data);
      const format = String(e.params.format);
      const reason = format === "glob" ? globProblem(value) : format === "regex" ? regexProblem(value) : undefined;
      const wanted = format === "glob" ? "a usable glob" : format === "regex" ? "a valid regular expression" : `a valid ${format}`;
      const shown = keyName !== undefined ? what : `${what} ${quote(value)}`;
      return { kind: "format", message: `${shown} is not ${wanted}${reason ? `: ${reason}` : ""}`, path, anchor };
    }
    case "pattern": {
      const rule = PATTERN_DESCRIPTIONS[String(e.params.pattern)] ?? `must match the pattern \`${e.params.pattern}\``;
      const got = keyName !== undefined ? "" : `, got ${quote(e.data)}`;
      return { kind: "format", message: `${what} ${rule}${got}`, path, anchor };
    }
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return { kind: "range", message: `${what} must be ${e.params.comparison} ${e.params.limit}, got ${describeValue(e.data)}`, path, anchor };
    case "minItems":
      return { kind: "range", message: `${what} must have at least ${e.params.limit} item${e.params.limit === 1 ? "" : "s"}`, path, anchor };
    case "maxItems":
      return { kind: "range", message: `${what} must have at most ${e.params.limit} items`, path, anchor };
    case "minLength":
      return { kind: "range", message: e.params.limit === 1 ? `${what} must not be empty` : `${what} must be at least ${e.params.limit} characters long`, path, anchor };
    case "maxLength":
      return { kind: "range", message: `${what} must be at most ${e.params.limit} characters long`, path, anchor };
    case "propertyNames":
      // The failing check inside propertyNames is reported on its own, on the key.
      return undefined;
    default:
      return { kind: "format", message: `${what} ${e.message ?? "is invalid"}`, path, anchor };
  }
}

const isSameOrDeeper = (instancePath: string, parent: string): boolean =>
  instancePath === parent || instancePath.startsWith(parent + "/");

/**
 * The errors a failed `oneOf`/`anyOf` at `errors[index]` produced: ajv pushes
 * its branches' errors just before its own. Branches behind a `$ref` carry the
 * referenced schema's path, so membership is decided by position and instance
 * path; an error from a sibling keyword of the same node ends the block.
 */
function branchErrors(errors: readonly ErrorObject[], index: number, consumed: ReadonlySet<ErrorObject>): ErrorObject[] {
  const c = errors[index]!;
  const parentSchemaPath = c.schemaPath.slice(0, c.schemaPath.lastIndexOf("/"));
  const block: ErrorObject[] = [];
  for (let i = index - 1; i >= 0; i--) {
    const e = errors[i]!;
    if (!isSameOrDeeper(e.instancePath, c.instancePath)) break;
    const inCombinator = e.schemaPath.startsWith(c.schemaPath + "/");
    if (!inCombinator && e.schemaPath.startsWith(parentSchemaPath + "/")) break;
    if (!consumed.has(e)) block.unshift(e);
  }
  return block;
}

const kindOf = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/** An enum/const failure where the value had the right kind (a string among strings): a wrong value, not a wrong type. */
function sameKindAsAllowed(e: ErrorObject): boolean {
  const allowed: unknown[] = e.keyword === "const" ? [e.params.allowedValue] : e.keyword === "enum" ? (e.params.allowedValues as unknown[]) : [];
  return allowed.some((a) => kindOf(a) === kindOf(e.data));
}

const SHAPE_KEYWORDS = new Set(["type", "enum", "const"]);

/**
 * One issue per problem node. A `oneOf`/`anyOf` failure makes ajv report every
 * branch's failure plus the combinator's own: when the value had the shape of
 * a branch and failed inside it, those errors are the useful ones; otherwise
 * one message lists what the node may be.
 */
export function schemaIssues(raw: readonly ErrorObject[], rootName: string, basePath = ""): SchemaIssue[] {
  // `basePath` places a validated fragment (a template's `governance` block) in its document.
  const errors = basePath ? raw.map((e) => ({ ...e, instancePath: basePath + e.instancePath })) : raw;
  const consumed = new Set<ErrorObject>();
  const out: SchemaIssue[] = [];
  errors.forEach((c, index) => {
    if (c.keyword !== "oneOf" && c.keyword !== "anyOf") return;
    const block = branchErrors(errors, index, consumed);
    for (const e of block) consumed.add(e);
    consumed.add(c);
    const inside = block.filter((e) => !(e.instancePath === c.instancePath && SHAPE_KEYWORDS.has(e.keyword)));
    if (inside.length > 0) {
      for (const e of inside) {
        const issue = translate(e, rootName);
        if (issue) out.push(issue);
      }
      return;
    }
    const wrongValue = block.some((e) => e.keyword !== "type" && sameKindAsAllowed(e));
    const expected = block.length > 0 ? block.map(expectedOf).join(" or ") : "valid";
    out.push({
      kind: wrongValue ? "enum" : "type",
      message: `${subject(c.instancePath, rootName)} must be ${expected}, got ${wrongValue ? quote(c.data) : describeValue(c.data)}`,
      path: c.instancePath,
      anchor: "value",
    });
  });
  for (const e of errors) {
    if (consumed.has(e)) continue;
    const issue = translate(e, rootName);
    if (issue) out.push(issue);
  }
  const seen = new Set<string>();
  return out.filter((i) => {
    const k = `${i.kind}|${i.path}|${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
