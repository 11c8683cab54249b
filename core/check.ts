import type { ChangeSet } from "./diff/model.js";
import type { RepositorySource } from "./diff/source.js";
import { buildChangeSet } from "./diff/build.js";
import type { Problem } from "./errors/problem.js";
import { loadPolicy } from "./policy/load.js";
import { DEFAULT_POLICY_PATH, type ResolvedPolicy } from "./policy/resolved.js";
import { requirementsForTier } from "./policy/requirements.js";
import { assess, type Assessment } from "./risk/engine.js";
import { ALL_RULES, REQUIREMENT_CHECKS } from "./risk/rules/index.js";
import { toRiskReport, unmet, type RiskReport } from "./report/risk-report.js";
import { governanceChecks } from "./governance/checks.js";
import { governanceSummary, governanceSummaryJson, renderGovernanceSection } from "./governance/report.js";
import { prepareCostEncodings } from "./governance/cost.js";
import type { EvalReport } from "./governance/accuracy.js";

export interface LoadedPolicy {
  policy: ResolvedPolicy;
  problems: Problem[];
}

/** The policy as it is at `sha` (the BASE commit: a change can never lower its own risk). */
export async function readPolicyAt(source: RepositorySource, sha: string, path = DEFAULT_POLICY_PATH): Promise<LoadedPolicy> {
  const files = await source.readFiles([{ path, ref: sha }], 1024 * 1024);
  const c = files.get(`${sha}:${path}`);
  if (!c || c.kind === "missing") return loadPolicy(undefined, path);
  if (c.kind !== "text") return { policy: loadPolicy(undefined, path).policy, problems: [{ code: "policy.unreadable", message: `the policy file is ${c.kind === "binary" ? "binary" : "too large"}`, file: path, line: 1 }] };
  return loadPolicy(c.text, path, c.blobSha);
}

export interface CheckResult {
  changes: ChangeSet;
  assessment: Assessment;
  report: RiskReport;
  policy: ResolvedPolicy;
  /** The governance section (owners, SLA, provenance, cost, accuracy) for Markdown reports. */
  governanceMarkdown: string;
}

/** What only some adapters know: evaluation results (the Action), when the review clock started (the App). */
export interface CheckExtras {
  evals?: EvalReport;
  baseEvals?: EvalReport;
  reviewStartedAt?: Date | string;
}

/** The main job: what a change between two commits risks and which approvals it needs. */
export async function checkChange(source: RepositorySource, baseSha: string, headSha: string, loaded: LoadedPolicy, pullRequest?: ChangeSet["pullRequest"], extras: CheckExtras = {}): Promise<CheckResult> {
  const changes = await buildChangeSet(source, baseSha, headSha, loaded.policy, pullRequest ? { pullRequest } : {});
  return evaluate(changes, loaded, extras);
}

export function evaluate(changes: ChangeSet, loaded: LoadedPolicy, extras: CheckExtras = {}): CheckResult {
  const { policy, problems } = loaded;
  const checks = [...REQUIREMENT_CHECKS, ...governanceChecks(extras.evals ? { evals: extras.evals } : {})];
  prepareCostEncodings(changes);
  const assessment = assess({ changes, policy, policyProblems: problems, rules: ALL_RULES, requirementChecks: checks });
  // A change that touches no template and trips no rule is not ours to gate.
  const governed = changes.templates.length > 0 || assessment.findings.length > 0 || assessment.failClosed.length > 0;
  const requirements = governed
    ? requirementsForTier(policy, assessment.tier).map(unmet)
    : [];
  const summary = governanceSummary(changes, policy, { tier: assessment.tier, ...extras });
  const governance = governanceSummaryJson(summary);
  const report = toRiskReport(assessment, changes, policy, requirements, { governance });
  // Owners per template, where governance found them, on the stable template entries too.
  const owners = new Map(((governance.templates ?? []) as { path: string; owners: string[] }[]).map((t) => [t.path, t.owners]));
  for (const t of report.templates) { const o = owners.get(t.path); if (o?.length) t.owners = o; }
  return { changes, assessment, policy, report, governanceMarkdown: changes.templates.length ? renderGovernanceSection(summary) : "" };
}
