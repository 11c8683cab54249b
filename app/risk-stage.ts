/**
 * The risk half of an evaluation: what a pull request changes and which tier
 * that puts it in, under the BASE commit's policy (and, when it edits the
 * policy, a dry run under the proposed one). A pure function of the two
 * commits, the base policy and the pull request's text, so it is cached by
 * exactly those: a review or a re-run on an unchanged head costs no file
 * reads at all.
 */
import { createHash } from "node:crypto";
import { ownersOfChange } from "../core/approvals/owners.js";
import { checkChange, type CheckResult, type LoadedPolicy } from "../core/check.js";
import type { ChangeSet } from "../core/diff/model.js";
import type { FileContent, RepositorySource } from "../core/diff/source.js";
import type { Problem } from "../core/errors/problem.js";
import type { RiskReport } from "../core/report/risk-report.js";
import type { Assessment } from "../core/risk/engine.js";
import type { DryRun } from "./check-output.js";
import { LruMap } from "./lru-map.js";
import type { PolicyCache } from "./policy-cache.js";

export interface RiskStage {
  /** The engine's whole result (the audit record is built from it when the pull request merges). */
  result: CheckResult;
  report: RiskReport;
  assessment: Assessment;
  /** Where the base policy lives (annotations of its problems point there). */
  policyPath: string;
  policyProblems: Problem[];
  approvals: { dismiss_stale: boolean; exclude_committers: boolean };
  /** Owners of the changed templates, from the base side. */
  owners: string[];
  dryRun?: DryRun;
}

export interface RiskInput {
  repoKey: string;
  baseSha: string;
  headSha: string;
  loaded: LoadedPolicy;
  context: NonNullable<ChangeSet["pullRequest"]>;
}

export function riskKey(input: Omit<RiskInput, "loaded">): string {
  const text = createHash("sha256").update(JSON.stringify(input.context)).digest("hex").slice(0, 32);
  return `${input.repoKey}@${input.baseSha}..${input.headSha}#${text}`;
}

/** A bounded cache of risk stages (PROMPTOPS_RISK_CACHE_SIZE), keyed by `riskKey`. */
export class RiskCache extends LruMap<string, RiskStage> {}

/** `readPolicyAt(sha)` reads the policy file at a commit (the App uses REST for this single file). */
export async function computeRiskStage(source: RepositorySource, input: RiskInput, policies: PolicyCache, readPolicyAt: (sha: string) => Promise<FileContent>): Promise<RiskStage> {
  const { loaded, baseSha, headSha, context } = input;
  const risk = await checkChange(source, baseSha, headSha, loaded, context);
  const stage: RiskStage = {
    result: risk,
    report: risk.report,
    assessment: risk.assessment,
    policyPath: loaded.policy.origin.path,
    policyProblems: loaded.problems,
    approvals: loaded.policy.approvals,
    owners: ownersOfChange(risk.changes, loaded.policy),
  };
  const path = loaded.policy.origin.path;
  const change = risk.changes.files.find((f) => f.path === path || f.previousPath === path);
  if (!change) return stage;
  // A pull request that edits the policy is decided under the base policy; the one it proposes is evaluated and shown, never applied.
  const removed = change.status === "removed" || (change.status === "renamed" && change.path !== path);
  const proposed = policies.parse(removed ? undefined : await readPolicyAt(headSha), path);
  const dry = await checkChange(source, baseSha, headSha, proposed, context);
  stage.dryRun = { path, removed, tier: dry.assessment.tier, score: dry.assessment.score, requirements: dry.report.requirements, problems: proposed.problems, failClosed: dry.assessment.failClosed };
  return stage;
}
