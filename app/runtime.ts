/**
 * What every handler shares in one App process: the App's id, the policy
 * cache and the per-pull-request queue. Nothing here is state a second
 * replica would need: it is all recomputed or re-read from GitHub.
 */
import type { Context } from "probot";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { CoalescingQueue } from "./coalescing-queue.js";
import { decide, evaluatePullRequest, type Evaluation } from "./evaluate-pull-request.js";
import { recordMerge, type MergeFacts, type RecordOutcome } from "./audit-recorder.js";
import type { Signer } from "../core/audit/keys.js";
import { VERSION } from "../cli/version.js";
import { PolicyCache } from "./policy-cache.js";
import { pullSnapshot, type PullSnapshot } from "./pull-snapshot.js";
import { RiskCache } from "./risk-stage.js";

export interface AppSettings {
  /** The App's id (Probot's APP_ID): its own check runs are recognised by it. */
  appId: number;
  /** PROMPTOPS_POLICY_CACHE_SIZE: parsed policies kept in memory (default 500). */
  policyCacheSize: number;
  /** PROMPTOPS_RISK_CACHE_SIZE: risk evaluations kept per (base, head, pull request text) (default 200). */
  riskCacheSize: number;
  /** PROMPTOPS_REQUEST_REVIEWERS: request the missing reviewers (default true). */
  requestReviewers: boolean;
  /** PROMPTOPS_AUDIT_ALLOW_UNPROTECTED=1: write the audit log even where the branch is not protected. */
  auditAllowUnprotected: boolean;
  /** The host the audit log is named after: GHE_HOST, else github.com. */
  host: string;
}

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): AppSettings {
  const appId = Number(env.APP_ID);
  if (!Number.isInteger(appId) || appId <= 0) throw new Error("APP_ID must be set to the GitHub App's numeric id");
  const count = (v: string | undefined, fallback: number) => (v !== undefined && /^\d+$/.test(v) && Number(v) > 0 ? Number(v) : fallback);
  return {
    appId,
    policyCacheSize: count(env.PROMPTOPS_POLICY_CACHE_SIZE, 500),
    riskCacheSize: count(env.PROMPTOPS_RISK_CACHE_SIZE, 200),
    requestReviewers: !/^(0|false|no|off)$/i.test(env.PROMPTOPS_REQUEST_REVIEWERS ?? "true"),
    auditAllowUnprotected: /^(1|true|yes|on)$/i.test(env.PROMPTOPS_AUDIT_ALLOW_UNPROTECTED ?? ""),
    host: env.GHE_HOST || "github.com",
  };
}

type AnyContext = Pick<Context, "octokit" | "log" | "payload">;

export class AppRuntime {
  readonly policies: PolicyCache;
  readonly risks: RiskCache;
  private readonly queue = new CoalescingQueue();

  /** The audit signer, or undefined: without a key nothing is recorded (never unsigned entries). */
  auditSigner: Signer | undefined;

  constructor(readonly settings: AppSettings, signer?: Signer) {
    this.policies = new PolicyCache(settings.policyCacheSize);
    this.risks = new RiskCache(settings.riskCacheSize);
    this.auditSigner = signer;
  }

  /** Tail of the chain of audit appends per repository in this process. */
  private readonly auditChains = new Map<string, Promise<unknown>>();

  /** A merged pull request: decide it as it stood at merge and record the decision (a bypass alert when not approved). */
  async recordMerge(context: AnyContext & { id?: string }, pr: PullSnapshot, facts: Omit<MergeFacts, "deliveryId">): Promise<RecordOutcome | undefined> {
    if (!this.auditSigner) return undefined;
    const signer = this.auditSigner;
    const repo = this.repoOf(context);
    const client = this.clientOf(context);
    const decision = await decide({ client, policies: this.policies, risks: this.risks }, repo, pr);
    // Appends to one log run one at a time in a process: a burst of merges would otherwise race itself on the
    // branch ref (each attempt costs throttled writes) and starve; replicas still race each other, safely.
    const key = `${repo.owner}/${repo.repo}`;
    const run = (this.auditChains.get(key) ?? Promise.resolve()).catch(() => undefined).then(() =>
      recordMerge(client, repo, pr, decision, { ...facts, deliveryId: context.id ?? null }, { signer, host: this.settings.host, allowUnprotected: this.settings.auditAllowUnprotected, version: VERSION }, context.log));
    this.auditChains.set(key, run);
    try {
      return await run;
    } finally {
      if (this.auditChains.get(key) === run) this.auditChains.delete(key);
    }
  }

  repoOf(context: AnyContext): RepoRef {
    const repository = (context.payload as { repository: { owner: { login: string }; name: string } }).repository;
    return { owner: repository.owner.login, repo: repository.name };
  }

  clientOf(context: AnyContext): GitHubClient {
    return context.octokit as unknown as GitHubClient;
  }

  /** Evaluates an open pull request (closed ones are history: the audit log records them, not this check). */
  async evaluate(context: AnyContext, pr: PullSnapshot): Promise<Evaluation | undefined> {
    if (pr.state !== "open") return undefined;
    const repo = this.repoOf(context);
    const key = `${repo.owner}/${repo.repo}#${pr.number}@${pr.headSha}..${pr.baseSha}`;
    const deps = { client: this.clientOf(context), log: context.log, appId: this.settings.appId, policies: this.policies, risks: this.risks, requestReviewers: this.settings.requestReviewers };
    return this.queue.run(key, () => evaluatePullRequest(deps, repo, pr));
  }

  /** Check events name pull requests by number only: read the rest from GitHub. */
  async evaluateByNumber(context: AnyContext, number: number): Promise<Evaluation | undefined> {
    const repo = this.repoOf(context);
    const res = await this.clientOf(context).request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { ...repo, pull_number: number });
    return this.evaluate(context, pullSnapshot(res.data));
  }
}
