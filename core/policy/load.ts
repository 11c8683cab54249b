/**
 * Loading `.github/promptops.yml`: YAML → schema validation → defaults.
 *
 * Every problem names its key path and its line and column in the file.
 * A policy with problems is still returned (the file's valid parts over the
 * defaults, offending values dropped) so a report can show what was meant,
 * but callers MUST treat any problem as fail-closed: a broken policy cannot
 * lower the bar, so the change is evaluated at the highest tier.
 */
import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Document } from "yaml";
import type { Problem } from "../errors/problem.js";
import type { Policy } from "../generated/policy.js";
import { DEFAULT_POLICY_PATH, defaultPolicy, type ResolvedPolicy } from "./resolved.js";
import { resolvePolicy, tierOrderIssues } from "./resolve.js";
import { withoutInvalid } from "./prune.js";
import { pointer, schemaIssues, type SchemaIssue } from "./schema-errors.js";
import { policyValidator } from "./validator.js";
import { duplicateKeys, locate } from "./yaml-location.js";

export interface LoadedPolicy {
  policy: ResolvedPolicy;
  problems: Problem[];
}

/** Validate an already-parsed policy object: the issues with their key paths (no lines: there is no source). */
export function validatePolicyObject(obj: unknown): SchemaIssue[] {
  const validate = policyValidator();
  return validate(obj) ? [] : schemaIssues(validate.errors ?? [], "the policy");
}

/**
 * `text === undefined` means the repository has no policy file: the defaults,
 * with no problems.
 */
export function loadPolicy(text: string | undefined, file = DEFAULT_POLICY_PATH, blobSha?: string): LoadedPolicy {
  if (text === undefined) return { policy: { ...defaultPolicy(), origin: { path: file, isDefault: true } }, problems: [] };
  const origin: ResolvedPolicy["origin"] = { path: file, isDefault: false };
  if (blobSha !== undefined) origin.blobSha = blobSha;
  const fallback = (): ResolvedPolicy => ({ ...defaultPolicy(), origin });

  const lc = new LineCounter();
  // Duplicate keys are found by our own walk, which knows their key path; yaml's error for them does not.
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e): Problem => {
      const { line, col } = lc.linePos(e.pos[0]);
      return { code: "policy.yaml", message: `YAML syntax error: ${e.message.split("\n")[0]}`, file, line, column: col };
    });
    return { policy: fallback(), problems };
  }
  if (isEmpty(doc)) {
    return { policy: fallback(), problems: [{ code: "policy.empty", message: "the policy file is empty (it needs at least `version: 1`)", file, line: 1, column: 1 }] };
  }
  if (!isMap(doc.contents)) {
    const { line, column } = locate(doc, lc, "", "value");
    const got = isSeq(doc.contents) ? "a list" : "a single value";
    return { policy: fallback(), problems: [{ code: "policy.empty", message: `the policy must be a mapping of keys (version, templates, tiers, …), got ${got}`, file, line, column }] };
  }

  const problems: Problem[] = duplicateKeys(doc, lc).map(({ key, path, position }) => ({
    code: "policy.duplicate-key",
    message: `duplicate key \`${key}\`${path.length ? ` in /${path.join("/")}` : ""} (the last one would silently win)`,
    file,
    path: pointer([...path, key]),
    ...position,
  }));

  let data: Record<string, unknown>;
  try {
    data = doc.toJS() as Record<string, unknown>;
  } catch (e) {
    // yaml refuses alias expansions that would blow up (billion laughs) at this step, not while parsing.
    return { policy: fallback(), problems: [...problems, { code: "policy.yaml", message: `YAML error: ${(e as Error).message}`, file, line: 1, column: 1 }] };
  }
  const issues = validatePolicyObject(data);
  for (const issue of issues) {
    problems.push({ code: `policy.${issue.kind}`, message: issue.message, file, path: issue.path, ...locate(doc, lc, issue.path, issue.anchor) });
  }
  const given = withoutInvalid(data, issues) as unknown as Policy;
  const policy = resolvePolicy(given, origin);
  for (const t of tierOrderIssues(policy, given)) {
    const path = `/tiers/${t.tier}/min_score`;
    problems.push({ code: "policy.tier-order", message: t.message, file, path, ...locate(doc, lc, path, "value") });
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { policy, problems };
}

function isEmpty(doc: Document): boolean {
  const c = doc.contents;
  return c === null || (isScalar(c) && (c.value === null || c.value === undefined || c.value === ""));
}
