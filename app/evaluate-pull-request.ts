/**
 * One evaluation of one pull request, from scratch (stateless, like
 * policy-bot): policy from the BASE commit, risk recomputed here (nothing the
 * pull request's own workflow reports is read), requirements of the tier,
 * approvals counted against the head at evaluation time, missing reviewers
 * requested, and the `PromptOps approval` check run written. Whatever fails,
 * the check is never left green.
 */
import { evaluateApprovals, lookupsNeeded } from "../core/approvals/evaluate.js";
import type { ApprovalInput, ApprovalResult, CommitPeople, ReviewRecord } from "../core/approvals/model.js";
import { reviewersToRequest } from "../core/approvals/requests.js";
import { DEFAULT_POLICY_PATH } from "../core/policy/resolved.js";
import { statusOf, type GitHubClient, type RepoRef } from "../github/client.js";
import { readFileAt } from "../github/contents.js";
import { PullRequestSource } from "../github/pull-request-source.js";
import { isActiveTeamMember, listPullCommitPeople, listReviews, repositoryPermission } from "../github/reviews.js";
import { approvalCheckOutput, errorCheckOutput } from "./check-output.js";
import { ApprovalCheckRun, type WriteOutcome } from "./check-run.js";
import { MemoSource } from "./memo-source.js";
import { POLICY_MAX_BYTES, type PolicyCache } from "./policy-cache.js";
import type { PullSnapshot } from "./pull-snapshot.js";
import { computeRiskStage, riskKey, type RiskCache, type RiskStage } from "./risk-stage.js";

export interface Logger {
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

export interface EvaluationDeps {
  client: GitHubClient;
  log: Logger;
  appId: number;
  policies: PolicyCache;
  risks: RiskCache;
  /** Ask GitHub to request the missing reviewers (PROMPTOPS_REQUEST_REVIEWERS, default on). */
  requestReviewers: boolean;
}

export interface Evaluation {
  risk: RiskStage;
  approval: ApprovalResult;
  check: WriteOutcome;
  requested: { users: string[]; teams: string[] };
}

/** A promise whose rejection is handled later (by whoever awaits it), never reported as unhandled meanwhile. */
function early<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

export async function evaluatePullRequest(deps: EvaluationDeps, repo: RepoRef, pr: PullSnapshot): Promise<Evaluation> {
  const check = new ApprovalCheckRun(deps.client, repo, pr.headSha, deps.appId, pr.htmlUrl);
  early(check.find());
  try {
    return await evaluate(deps, repo, pr, check);
  } catch (error) {
    // Never leave the check green (or absent, which a stale green could stand in for) when evaluation fails.
    const failed = errorCheckOutput(error);
    try {
      await check.write(failed);
    } catch {
      try {
        await check.create(failed); // our run could not even be looked up: a newer run supersedes it
      } catch (writeError) {
        deps.log.error({ err: writeError, pull: pr.number }, "PromptOps could not mark the check as failed");
      }
    }
    throw error;
  }
}

/** The risk stage from the cache, or computed: the policy at the BASE commit (REST, cached by commit and blob), the change over GraphQL. */
async function riskOf(deps: Pick<EvaluationDeps, "client" | "policies" | "risks">, repo: RepoRef, pr: PullSnapshot): Promise<RiskStage> {
  const repoKey = `${repo.owner}/${repo.repo}`;
  const context = { number: pr.number, title: pr.title, body: pr.body, author: pr.author, labels: pr.labels };
  const key = riskKey({ repoKey, baseSha: pr.baseSha, headSha: pr.headSha, context });
  const cached = deps.risks.get(key);
  if (cached) return cached;
  const readPolicyAt = (sha: string) => readFileAt(deps.client, repo, DEFAULT_POLICY_PATH, sha, POLICY_MAX_BYTES);
  const loaded = await deps.policies.at(`${repoKey}@${pr.baseSha}:${DEFAULT_POLICY_PATH}`, DEFAULT_POLICY_PATH, () => readPolicyAt(pr.baseSha));
  const source = new MemoSource(new PullRequestSource(deps.client, repo, pr.number, pr.changedFiles));
  const stage = await computeRiskStage(source, { repoKey, baseSha: pr.baseSha, headSha: pr.headSha, loaded, context }, deps.policies, readPolicyAt);
  deps.risks.set(key, stage);
  return stage;
}

export interface Decision {
  risk: RiskStage;
  approval: ApprovalResult;
  input: ApprovalInput;
  reviews: ReviewRecord[];
}

/** Risk and approvals of a pull request as it is now: what the check shows, and what the audit log records at merge. */
export async function decide(deps: Pick<EvaluationDeps, "client" | "policies" | "risks">, repo: RepoRef, pr: PullSnapshot): Promise<Decision> {
  const { client } = deps;
  const reviewsP = early(listReviews(client, repo, pr.number));
  const risk = await riskOf(deps, repo, pr);
  const { commits, incomplete } = risk.approvals.exclude_committers ? await listPullCommitPeople(client, repo, pr.number, pr.commits) : { commits: [] as CommitPeople[], incomplete: false };
  const reviews = await reviewsP;

  const input: ApprovalInput = {
    tier: risk.assessment.tier,
    author: pr.author,
    headSha: pr.headSha,
    commits,
    reviews,
    permissions: {},
    memberships: {},
    owners: risk.owners,
    requirements: risk.report.requirements.map(({ id, description, who, needed }) => ({ id, description, who, needed })),
    approvals: risk.approvals,
    blocking: risk.assessment.findings.filter((f) => f.blocking).map((f) => ({ rule: f.rule, file: f.file, line: f.line, message: f.message })),
    failClosed: risk.assessment.failClosed,
    policyProblems: risk.policyProblems,
    ...(incomplete ? { notes: ["the pull request has more commits than GitHub lists (250): committers of the rest could not be excluded"] } : {}),
  };
  await lookUp(client, repo, input);
  return { risk, approval: evaluateApprovals(input), input, reviews };
}

async function evaluate(deps: EvaluationDeps, repo: RepoRef, pr: PullSnapshot, check: ApprovalCheckRun): Promise<Evaluation> {
  const { risk, approval, input, reviews } = await decide(deps, repo, pr);
  const written = await check.write(approvalCheckOutput(risk, approval));
  const requested = deps.requestReviewers && !pr.draft ? await requestMissing(deps, repo, pr, approval, input, reviews) : { users: [], teams: [] };
  deps.log.info({ pull: pr.number, head: pr.headSha, tier: approval.tier, status: approval.status, check: written }, "PromptOps approval evaluated");
  return { risk, approval, check: written, requested };
}

/** Permissions, then team memberships of those who can write: each asked once, in parallel. */
async function lookUp(client: GitHubClient, repo: RepoRef, input: ApprovalInput): Promise<void> {
  for (let round = 0; round < 3; round++) {
    const need = lookupsNeeded(input);
    if (need.permissions.length === 0 && need.memberships.length === 0) return;
    await Promise.all([
      ...need.permissions.map(async (login) => {
        input.permissions[login] = await repositoryPermission(client, repo, login);
      }),
      ...need.memberships.map(async ({ team, login }) => {
        const active = await isActiveTeamMember(client, team, login);
        (input.memberships[team] ??= {})[login] = active;
      }),
    ]);
  }
}

/** Request the reviewers still missing, once: never the author, anyone who reviewed, or anyone already requested. */
async function requestMissing(deps: EvaluationDeps, repo: RepoRef, pr: PullSnapshot, approval: ApprovalResult, input: ApprovalInput, reviews: ReviewRecord[]): Promise<{ users: string[]; teams: string[] }> {
  const base = {
    repoOwner: repo.owner,
    author: pr.author,
    owners: input.owners,
    reviewed: reviews.map((r) => r.user ?? "").filter(Boolean),
    cannotCount: input.approvals.exclude_committers ? input.commits.flatMap((c) => [c.author ?? "", c.committer ?? ""]).filter(Boolean) : [],
    permissions: input.permissions,
  };
  const wanted = reviewersToRequest(approval, { ...base, requestedUsers: pr.requestedUsers, requestedTeams: pr.requestedTeams });
  if (wanted.users.length === 0 && wanted.teams.length === 0) return wanted;
  // The payload may be older than the pull request (a redelivery): ask GitHub who is requested now.
  const current = await deps.client.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", { ...repo, pull_number: pr.number });
  const now = current.data as { users: { login: string }[]; teams: { slug: string }[] };
  const todo = reviewersToRequest(approval, { ...base, requestedUsers: now.users.map((u) => u.login), requestedTeams: now.teams.map((t) => t.slug) });
  if (todo.users.length === 0 && todo.teams.length === 0) return todo;
  const post = (users: string[], teams: string[]) =>
    deps.client.request("POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", { ...repo, pull_number: pr.number, reviewers: users, team_reviewers: teams });
  try {
    await post(todo.users, todo.teams);
    return todo;
  } catch (e) {
    if (statusOf(e) !== 422) throw e;
    // One reviewer GitHub refuses (not a collaborator, a secret team) must not cost the others their request.
    const done = { users: [] as string[], teams: [] as string[] };
    for (const u of todo.users) await post([u], []).then(() => done.users.push(u), (err) => deps.log.warn({ err, reviewer: u }, "could not request reviewer"));
    for (const t of todo.teams) await post([], [t]).then(() => done.teams.push(t), (err) => deps.log.warn({ err, team: t }, "could not request team"));
    return done;
  }
}
