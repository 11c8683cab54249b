/**
 * Every change proposal carries its rationale (issue 8): from the tier
 * `require.rationale` up, the pull request description must hold a
 * `## Rationale` section with real text, or match the policy's
 * `rationale_pattern`. The App re-evaluates on the `edited` event, so the
 * finding clears as soon as the author writes it.
 *
 * A local diff (the CLI) has no pull request and so no description: the check
 * does not apply there. It is enforced where the merge is decided.
 */
import type { ChangeSet } from "../diff/model.js";
import type { ResolvedPolicy, TierName } from "../policy/resolved.js";
import type { RawFinding } from "../risk/finding.js";
import { compileUserPattern } from "../risk/regex-guard.js";
import { hasSection } from "./pr-sections.js";
import { appliesAt } from "./template-governance.js";

export interface RationaleResult {
  ok: boolean;
  /** How it was satisfied: the section, or the policy's pattern. */
  by?: "section" | "pattern";
  /** The pattern could not be compiled for linear-time matching; only the section counts. */
  patternProblem?: string;
}

/** Whether a PR description satisfies the rationale requirement. */
export function rationaleOf(body: string | undefined, pattern?: string): RationaleResult {
  if (hasSection(body, "Rationale")) return { ok: true, by: "section" };
  if (pattern) {
    const m = compileUserPattern(pattern, { path: "/require/rationale_pattern" });
    if (!m.ok) return { ok: false, patternProblem: m.error.message };
    if (body !== undefined && m.value.test(body)) return { ok: true, by: "pattern" };
  }
  return { ok: false };
}

/** Requirement check: see the module comment. */
export function rationaleCheck(changes: ChangeSet, policy: ResolvedPolicy, tier: TierName): RawFinding[] {
  if (!appliesAt(policy.require.rationale, tier)) return [];
  if (!changes.pullRequest) return []; // no description to read (local CLI)
  const file = changes.templates[0]?.path ?? changes.files[0]?.path;
  if (!file) return [];
  const r = rationaleOf(changes.pullRequest.body, policy.require.rationale_pattern);
  if (r.ok) return [];
  const pattern = policy.require.rationale_pattern;
  return [{
    rule: "metadata.rationale",
    category: "metadata",
    severity: "medium",
    file,
    line: 1,
    column: 1,
    message: `At tier \`${tier}\` the policy requires a rationale: add a \`## Rationale\` section to the PR description saying why the prompt changes.`,
    remediation: `Write what was observed and why this wording fixes it under \`## Rationale\`${pattern && !r.patternProblem ? ` (or text matching \`${pattern}\`)` : ""}; editing the description re-evaluates.${r.patternProblem ? ` The policy's rationale_pattern cannot be used: ${r.patternProblem}.` : ""}`,
  }];
}
