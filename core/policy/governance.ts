/**
 * The governance metadata that applies to one template: folder-level blocks
 * from the policy's `governance:` map, overlaid by the template's own
 * `governance` key, which wins field by field.
 */
import type { Problem } from "../errors/problem.js";
import { globMatches } from "./globs.js";
import { withoutInvalid } from "./prune.js";
import type { Governance, ResolvedPolicy } from "./resolved.js";
import { schemaIssues, segmentsOf } from "./schema-errors.js";
import { governanceValidator } from "./validator.js";

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** `over` wins field by field at every level; lists are replaced, not concatenated (an owners list is a whole). */
function overlay<T>(base: T, over: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(over)) return (over === undefined ? base : over) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) if (v !== undefined) out[k] = overlay(out[k], v);
  return out as T;
}

/** The line of `path` or, failing that, of its nearest ancestor that `lines` knows. */
function lineOf(path: string, lines: Record<string, number> | undefined): number | undefined {
  if (!lines) return undefined;
  const segs = segmentsOf(path);
  for (let n = segs.length; n > 0; n--) {
    const line = lines["/" + segs.slice(0, n).join("/")];
    if (line !== undefined) return line;
  }
  return undefined;
}

/**
 * `own` is the value of the template's `governance` key (undefined when it has
 * none). Invalid parts of it are reported as `governance.invalid` with their
 * path under `/governance` and left out of the result; `lines` (the template's
 * `metadataLines`) gives those problems a line.
 */
export function governanceFor(
  path: string,
  policy: ResolvedPolicy,
  own: unknown,
  lines?: Record<string, number>,
): { governance: Governance; problems: Problem[] } {
  let governance: Governance = {};
  for (const [glob, block] of Object.entries(policy.governance)) {
    if (globMatches(glob, path)) governance = overlay(governance, structuredClone(block));
  }
  if (own === undefined || own === null) return { governance, problems: [] };

  const validate = governanceValidator();
  const issues = validate(own) ? [] : schemaIssues(validate.errors ?? [], "`governance`", "/governance");
  const problems = issues.map((issue): Problem => {
    const problem: Problem = { code: "governance.invalid", message: issue.message, file: path, path: issue.path };
    const line = lineOf(issue.anchor === "parent" ? issue.path.slice(0, issue.path.lastIndexOf("/")) : issue.path, lines);
    if (line !== undefined) problem.line = line;
    return problem;
  });
  const valid = withoutInvalid({ governance: own }, issues).governance;
  if (isPlainObject(valid)) governance = overlay(governance, valid);
  return { governance, problems };
}
