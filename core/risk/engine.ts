import type { ChangeSet, TemplateChange, TemplateSide } from "../diff/model.js";
import type { Problem } from "../errors/problem.js";
import type { ResolvedPolicy, RuleSettings, TierName } from "../policy/resolved.js";
import type { Finding, RawFinding } from "./finding.js";
import { severityRank } from "./finding.js";
import type { LineView, Rule } from "./rule.js";
import { SEVERITY_WEIGHT, scoreOf, tierFor } from "./score.js";

export interface Assessment {
  tier: TierName;
  score: number;
  findings: Finding[];
  /** Why the tier is what it is. */
  reasons: string[];
  /** Why PromptOps could not decide (each forces the highest tier). */
  failClosed: string[];
  /** Policy problems that were in force for this decision. */
  problems: Problem[];
}

/** A check that depends on the tier (e.g. "rationale from tier medium up"); runs after the tier is known. */
export type RequirementCheck = (changes: ChangeSet, policy: ResolvedPolicy, tier: TierName) => RawFinding[];

export interface AssessInput {
  changes: ChangeSet;
  policy: ResolvedPolicy;
  /** Problems found loading the policy: any one of them makes the decision fail closed. */
  policyProblems?: Problem[];
  rules: Rule[];
  requirementChecks?: RequirementCheck[];
}

/** Settings for a rule: category-level settings, overridden by rule-id settings. */
export function settingsFor(rule: Pick<Rule, "id" | "category">, policy: ResolvedPolicy): RuleSettings {
  const merged: RuleSettings = { ...(policy.rules[rule.category] ?? {}) };
  if (rule.id !== rule.category) Object.assign(merged, policy.rules[rule.id] ?? {});
  return merged;
}

export function addedLines(change: TemplateChange): LineView[] {
  const text = change.new?.text;
  if (text === undefined) return [];
  const lines = text.split("\n");
  return change.addedLines.filter((n) => n >= 1 && n <= lines.length).map((line) => ({ line, text: lines[line - 1]!.replace(/\r$/, "") }));
}

/**
 * The whole risk decision for a change set: pure, deterministic, and total —
 * a rule that throws, an unreadable file or a bad policy become findings and
 * fail-closed reasons, never an exception that lets a change through.
 */
export function assess(input: AssessInput): Assessment {
  const { changes, policy } = input;
  const raw: { finding: RawFinding; settings: RuleSettings }[] = [];
  const failClosed: string[] = [];
  const push = (findings: RawFinding[], settings: RuleSettings) => findings.forEach((finding) => raw.push({ finding, settings }));
  // Findings of one rule under their own id (`model-change.temperature`) take that id's settings last:
  // the most specific key wins, and `enabled: false` there drops just those findings.
  const pushFrom = (rule: Rule, findings: RawFinding[], settings: RuleSettings) => {
    for (const finding of findings) {
      const own = finding.rule !== rule.id && finding.rule !== rule.category ? policy.rules[finding.rule] : undefined;
      const merged = own ? { ...settings, ...own } : settings;
      if (merged.enabled !== false) raw.push({ finding, settings: merged });
    }
  };
  // A rule switched off by its category still runs when one of its finding ids is switched back on.
  const enabled = input.rules.filter(
    (r) => settingsFor(r, policy).enabled !== false || Object.entries(policy.rules).some(([id, s]) => id.startsWith(`${r.id}.`) && s.enabled === true),
  );
  // Settings per rule once, not once per template and rule (3,000 templates × 57 rules at GitHub's limit).
  const fileRules = enabled.filter((r) => r.checkFile).map((rule) => ({ rule, settings: settingsFor(rule, policy) }));

  for (const change of changes.templates) {
    push(sideFindings(change, "old", failClosed), {});
    push(sideFindings(change, "new", failClosed), {});
    const added = addedLines(change);
    for (const { rule, settings } of fileRules) {
      if (!rule.checkFile) continue;
      try {
        pushFrom(rule, rule.checkFile({ change, added, settings, policy }), settings);
      } catch (e) {
        failClosed.push(`rule \`${rule.id}\` failed on ${change.path}`);
        push([ruleFailure(rule, change.path, e)], {});
      }
    }
  }
  for (const rule of enabled) {
    if (!rule.checkChangeSet) continue;
    const settings = settingsFor(rule, policy);
    try {
      pushFrom(rule, rule.checkChangeSet({ changes, settings, policy }), settings);
    } catch (e) {
      failClosed.push(`rule \`${rule.id}\` failed`);
      push([ruleFailure(rule, changes.templates[0]?.path ?? policy.origin.path, e)], {});
    }
  }

  const problems = input.policyProblems ?? [];
  if (problems.length) failClosed.push(`the policy ${policy.origin.path} has ${problems.length} error${problems.length > 1 ? "s" : ""}`);
  if (changes.incomplete) failClosed.push(changes.incomplete.reason);

  // Duplicates go before scoring: a rule that reports one thing twice must not raise the tier.
  let findings = dedupe(raw.map(({ finding, settings }) => weigh(finding, settings)));
  let score = scoreOf(findings);
  let decision = tierFor(score, findings, policy, failClosed);
  // Requirement checks depend on the tier; their findings block but do not raise the tier further
  // (a missing rationale should not itself demand more reviewers).
  for (const check of input.requirementChecks ?? []) {
    try {
      for (const f of check(changes, policy, decision.tier)) findings.push({ ...f, weight: 0, blocking: true });
    } catch (e) {
      failClosed.push(`a requirement check failed: ${(e as Error).message}`);
      decision = tierFor(score, findings, policy, failClosed);
    }
  }
  findings = sortFindings(dedupe(findings));
  score = scoreOf(findings);
  return { tier: decision.tier, score, findings, reasons: decision.reasons, failClosed, problems };
}

function weigh(f: RawFinding, s: RuleSettings): Finding {
  const severity = s.severity ?? f.severity;
  const finding: Finding = { ...f, severity, weight: s.weight ?? SEVERITY_WEIGHT[severity] };
  if (s.min_tier) finding.minTier = s.min_tier;
  return finding;
}

function sideFindings(change: TemplateChange, which: "old" | "new", failClosed: string[]): RawFinding[] {
  const side: TemplateSide | undefined = change[which];
  if (!side) return [];
  const file = which === "new" ? change.path : change.previousPath ?? change.path;
  if (side.unreadable) {
    const u = side.unreadable;
    const what = u.reason === "binary" ? "is binary" : u.reason === "too-large" ? `is too large to examine (${u.size} bytes)` : `could not be read${u.detail ? ` (${u.detail})` : ""}`;
    failClosed.push(`${file} ${what} at ${which === "new" ? "head" : "base"}`);
    return [{
      rule: "metadata.unreadable", category: "metadata", severity: "high", file, line: 1, column: 1,
      message: `The ${which === "new" ? "new" : "old"} version of this template ${what}, so its risk cannot be assessed.`,
      remediation: "Keep templates as UTF-8 text under the policy's `limits.max_file_bytes`, or exclude the path with `ignore:`.",
    }];
  }
  if (side.parseError && which === "new") {
    const p = side.parseError;
    return [{
      rule: "metadata.parse", category: "metadata", severity: "high", file, line: p.line ?? 1, column: p.column ?? 1,
      message: `The template does not parse: ${p.message}`,
      remediation: "Fix the syntax at this line; an unparseable template cannot be reviewed for risk.",
    }];
  }
  return [];
}

function ruleFailure(rule: Rule, file: string, e: unknown): RawFinding {
  return {
    rule: "metadata.rule-failure", category: "metadata", severity: "critical", file, line: 1, column: 1,
    // The exception text is left out on purpose: it can quote template content (a secret) into a PR comment.
    message: `Rule \`${rule.id}\` could not run (${e instanceof Error ? e.name : "error"}); PromptOps fails closed.`,
    remediation: "Report this as a PromptOps bug; the change needs the highest tier until it is fixed.",
  };
}

const dedupe = (fs: Finding[]): Finding[] => {
  const seen = new Set<string>();
  return fs.filter((f) => {
    const k = `${f.rule}\0${f.file}\0${f.line}\0${f.column}\0${f.evidence ?? ""}\0${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
};

/** Most severe first, then by file and line: the order every report and the annotation budget use. */
export function sortFindings(fs: Finding[]): Finding[] {
  return [...fs].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || byCodeUnit(a.file, b.file) || a.line - b.line || a.column - b.column || byCodeUnit(a.rule, b.rule));
}

/** Locale-independent order, so reports are identical on every machine. */
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
