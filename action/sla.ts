/**
 * The Action's `sla` mode, for a `schedule:` workflow: every open pull request
 * that touches a template is evaluated with the engine under the policy of its
 * base commit; those whose PromptOps approval is still pending past their
 * review SLA get one comment (found again by its hidden marker, so the next
 * run stays quiet) and a review request to the tier's `escalation` reviewers.
 *
 * API cost: one paginated pull request list, one GraphQL query for the
 * policies of all base commits, then per pull request its file list and one
 * GraphQL query for contents; only for those past their deadline, the
 * `PromptOps approval` check runs and the comments; only for a breach, the
 * review request and the comment.
 */
import { buildChangeSet } from "../core/diff/build.js";
import type { FileChange } from "../core/diff/model.js";
import type { FileContent, RepositorySource } from "../core/diff/source.js";
import { evaluate, readPolicyAt, type LoadedPolicy } from "../core/check.js";
import { formatProblem } from "../core/errors/problem.js";
import { SLA_BREACH_MARKER, slaBreachComment, slaBreaches, slaDeadline, slaFor, type SlaBreach } from "../core/governance/sla.js";
import type { TierName } from "../core/policy/resolved.js";
import { isTemplatePath } from "../core/templates/discover.js";
import { paginate, statusOf, type GitHubClient, type RepoRef } from "../github/client.js";
import { PullRequestSource } from "../github/pull-request-source.js";
import { escalationReviewers, type EscalationPlan } from "./escalation.js";

/** The App's merge-gate check run (app/check-output.ts names it so). */
export const APPROVAL_CHECK_NAME = "PromptOps approval";
/** Check runs made with a workflow's GITHUB_TOKEN: a workflow in a pull request could write one, so they never count as the approval. */
const ACTIONS_APP_SLUG = "github-actions";

export interface SlaSweepOptions {
  policyPath: string;
  /** The time the deadlines are compared with. */
  now: Date;
  /** Only this App's check run counts as the approval; default: any app but GitHub Actions. */
  approvalApp?: string;
  /** Find breaches, write nothing. */
  dryRun: boolean;
  log: (message: string) => void;
  warn: (message: string) => void;
}

export type SlaOutcome = "draft" | "no-templates" | "no-sla" | "within-sla" | "approved" | "blocked" | "notified-before" | "breach" | "error";

export interface SlaPullResult {
  number: number;
  title: string;
  outcome: SlaOutcome;
  tier?: TierName;
  sla?: string;
  /** ISO 8601. */
  deadline?: string;
  /** For a breach: who was asked to review. */
  requested?: Pick<EscalationPlan, "users" | "teams">;
  /** Why it ended as it did, when that needs words (a policy problem, an error). */
  detail?: string;
}

export interface SlaSweepResult {
  pulls: SlaPullResult[];
  /** Pull requests with a new breach this run (commented and escalated, or in dry-run only found), most overdue first. */
  breaches: number[];
  /** What went wrong, one line each: the step fails with them after the other pull requests were handled. */
  failures: string[];
}

interface ListedPull {
  number: number;
  title: string;
  body?: string | null;
  draft?: boolean;
  created_at: string;
  user?: { login?: string } | null;
  labels?: ({ name?: string } | string)[];
  base: { sha: string };
  head: { sha: string };
  requested_reviewers?: ({ login?: string } | null)[] | null;
  requested_teams?: ({ slug?: string } | null)[] | null;
}

interface CheckRunItem {
  id: number;
  status: string;
  conclusion: string | null;
  app?: { slug?: string } | null;
}

interface IssueComment {
  body?: string | null;
  user?: { login?: string } | null;
}

/**
 * Whether the approval check says approved: the newest `PromptOps approval`
 * run of an accepted app, completed with `success`. Anything else — missing,
 * in progress, `action_required`, `failure` — is not approved.
 */
export function approvalGranted(runs: readonly CheckRunItem[], approvalApp?: string): boolean {
  const accepted = runs.filter((r) => {
    const slug = (r.app?.slug ?? "").toLowerCase();
    return approvalApp ? slug === approvalApp.toLowerCase() : slug !== "" && slug !== ACTIONS_APP_SLUG;
  });
  const latest = accepted.reduce<CheckRunItem | undefined>((a, r) => (!a || r.id > a.id ? r : a), undefined);
  return latest?.status === "completed" && latest.conclusion === "success";
}

/**
 * A breach comment is already there: one that starts with the marker and was
 * not written by the pull request's author (who could otherwise paste the
 * marker to silence the escalation). Whoever runs the sweep — GitHub Actions'
 * bot, an App, a person's token — counts.
 */
export const notifiedBefore = (comments: readonly IssueComment[], author: string): boolean =>
  comments.some((c) => typeof c.body === "string" && c.body.startsWith(SLA_BREACH_MARKER) && (c.user?.login ?? "").toLowerCase() !== author.toLowerCase());

/** The change listing already read: buildChangeSet asks for it again. */
function listedSource(source: RepositorySource, listing: Awaited<ReturnType<RepositorySource["changedFiles"]>>): RepositorySource {
  return { changedFiles: async () => listing, readFiles: (requests, maxBytes) => source.readFiles(requests, maxBytes) };
}

/** The policy at each base commit, all read in one GraphQL query. */
async function policiesAt(client: GitHubClient, repo: RepoRef, shas: readonly string[], path: string): Promise<Map<string, LoadedPolicy>> {
  const out = new Map<string, LoadedPolicy>();
  if (shas.length === 0) return out;
  // Reading contents does not depend on the pull request: any number will do.
  const reader = new PullRequestSource(client, repo, 0);
  const contents = await reader.readFiles(shas.map((ref) => ({ path, ref })), 1024 * 1024);
  const memory: RepositorySource = {
    changedFiles: async () => ({ files: [] }),
    readFiles: async (requests) => new Map(requests.map((r): [string, FileContent] => [`${r.ref}:${r.path}`, contents.get(`${r.ref}:${r.path}`) ?? { kind: "missing" }])),
  };
  for (const sha of shas) out.set(sha, await readPolicyAt(memory, sha, path));
  return out;
}

const touchesTemplates = (files: readonly FileChange[], policy: LoadedPolicy["policy"]): boolean =>
  files.some((f) => isTemplatePath(f.path, policy) || (f.previousPath !== undefined && isTemplatePath(f.previousPath, policy)));

const labelName = (l: { name?: string } | string): string => (typeof l === "string" ? l : (l.name ?? ""));

/** An Octokit RequestError says which call failed; anything else, its message. */
function errorText(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const status = statusOf(e);
  return status !== undefined ? `HTTP ${status}: ${message}` : message;
}

export async function slaSweep(client: GitHubClient, repo: RepoRef, opts: SlaSweepOptions): Promise<SlaSweepResult> {
  const pulls = await paginate<ListedPull>(client, "GET /repos/{owner}/{repo}/pulls", { ...repo, state: "open" });
  const results: SlaPullResult[] = [];
  const failures: string[] = [];
  const found: { breach: SlaBreach; pull: ListedPull; owners: string[] }[] = [];

  const open = pulls.filter((p) => !p.draft);
  for (const p of pulls) if (p.draft) results.push({ number: p.number, title: p.title, outcome: "draft" });
  const policies = await policiesAt(client, repo, [...new Set(open.map((p) => p.base.sha))], opts.policyPath);

  for (const p of open) {
    const result: SlaPullResult = { number: p.number, title: p.title, outcome: "no-templates" };
    results.push(result);
    try {
      const loaded = policies.get(p.base.sha)!;
      if (loaded.problems.length) {
        result.detail = `the policy at the base commit has problems, so the fail-closed defaults apply: ${loaded.problems.map(formatProblem).join("; ")}`;
        opts.warn(`#${p.number}: ${result.detail}`);
      }
      const source = new PullRequestSource(client, repo, p.number);
      const listing = await source.changedFiles();
      if (!listing.incomplete && !touchesTemplates(listing.files, loaded.policy)) continue;

      const author = p.user?.login ?? "";
      const pullRequest = { number: p.number, title: p.title, body: p.body ?? "", author, labels: (p.labels ?? []).map(labelName).filter(Boolean) };
      const changes = await buildChangeSet(listedSource(source, listing), p.base.sha, p.head.sha, loaded.policy, { pullRequest });
      const { report } = evaluate(changes, loaded);
      result.tier = report.tier;
      const sla = slaFor(changes.templates, loaded.policy, report.tier);
      if (!sla) {
        result.outcome = "no-sla";
        continue;
      }
      result.sla = sla.sla;
      const deadline = slaDeadline(p.created_at, sla.ms);
      if (deadline) result.deadline = deadline.toISOString();
      if (!deadline || deadline.getTime() > opts.now.getTime()) {
        result.outcome = "within-sla";
        continue;
      }
      // A blocking finding waits on the author (a rationale, a migration note…), not on the reviewers.
      if ((report.summary?.blocking ?? 0) > 0) {
        result.outcome = "blocked";
        continue;
      }

      const checks = await client.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", { ...repo, ref: p.head.sha, check_name: APPROVAL_CHECK_NAME, per_page: 100 });
      if (approvalGranted((checks.data as { check_runs: CheckRunItem[] }).check_runs, opts.approvalApp)) {
        result.outcome = "approved";
        continue;
      }
      const comments = await paginate<IssueComment>(client, "GET /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...repo, issue_number: p.number });
      const [breach] = slaBreaches(
        [{ number: p.number, openedAt: p.created_at, tier: report.tier, status: "pending", sla: sla.sla, alreadyNotified: notifiedBefore(comments, author) }],
        opts.now,
        loaded.policy,
      );
      if (!breach) {
        result.outcome = "notified-before";
        continue;
      }
      result.outcome = "breach";
      const owners = [...new Set(report.templates.flatMap((t) => t.owners ?? []))];
      found.push({ breach, pull: p, owners });
    } catch (e) {
      result.outcome = "error";
      result.detail = errorText(e);
      failures.push(`#${p.number}: ${result.detail}`);
    }
  }

  // Most overdue first, as slaBreaches orders them within one pull request.
  found.sort((a, b) => b.breach.overdueMs - a.breach.overdueMs || a.breach.number - b.breach.number);
  for (const { breach, pull, owners } of found) {
    const result = results.find((r) => r.number === breach.number)!;
    const plan = escalationReviewers(breach.escalation, {
      repoOwner: repo.owner,
      author: pull.user?.login ?? "",
      owners,
      requestedUsers: (pull.requested_reviewers ?? []).map((u) => u?.login ?? "").filter(Boolean),
      requestedTeams: (pull.requested_teams ?? []).map((t) => t?.slug ?? "").filter(Boolean),
    });
    for (const s of plan.skipped) opts.log(`#${breach.number}: not requesting ${s}.`);
    if (opts.dryRun) {
      opts.log(`#${breach.number}: past its ${breach.sla} SLA (due ${breach.deadline}); dry-run: no comment, no review request${plan.users.length + plan.teams.length ? ` (would ask ${[...plan.users.map((u) => `@${u}`), ...plan.teams.map((t) => `@${repo.owner}/${t}`)].join(", ")})` : ""}.`);
      result.requested = { users: plan.users, teams: plan.teams };
      continue;
    }
    try {
      result.requested = await requestReviews(client, repo, breach.number, plan, opts);
      // The comment last: its marker is what stops the next run, so it goes only after the escalation was tried.
      // The comment names the people and teams actually reached (`owners` resolved, the author left out), which also @-mentions them.
      const { comment: _generic, ...fields } = breach;
      await client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...repo, issue_number: breach.number, body: slaBreachComment({ ...fields, escalation: plan.named }) });
      opts.log(`#${breach.number}: past its ${breach.sla} SLA (due ${breach.deadline}); commented${result.requested.users.length + result.requested.teams.length ? ` and asked ${[...result.requested.users.map((u) => `@${u}`), ...result.requested.teams.map((t) => `@${repo.owner}/${t}`)].join(", ")} to review` : ""}.`);
    } catch (e) {
      result.outcome = "error";
      result.detail = `past its SLA, but the comment could not be written: ${errorText(e)}`;
      failures.push(`#${breach.number}: ${result.detail}`);
    }
  }

  const breaches = found.map((f) => f.breach.number).filter((n) => results.find((r) => r.number === n)?.outcome === "breach");
  return { pulls: results.sort((a, b) => a.number - b.number), breaches, failures };
}

/**
 * Users and teams in one request. GitHub refuses the whole request when one
 * of them cannot be asked (422 "Reviews may only be requested from
 * collaborators" — also what a token that cannot read the organization's
 * teams gets for a team), so after a 422 users and teams are tried apart.
 * What still fails is a warning: the breach comment is posted regardless.
 */
async function requestReviews(client: GitHubClient, repo: RepoRef, number: number, plan: EscalationPlan, opts: SlaSweepOptions): Promise<Pick<EscalationPlan, "users" | "teams">> {
  const ask = async (users: string[], teams: string[]) => {
    await client.request("POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", { ...repo, pull_number: number, reviewers: users, team_reviewers: teams });
  };
  if (plan.users.length + plan.teams.length === 0) return { users: [], teams: [] };
  try {
    await ask(plan.users, plan.teams);
    return { users: plan.users, teams: plan.teams };
  } catch (e) {
    if (statusOf(e) !== 422 || plan.users.length === 0 || plan.teams.length === 0) {
      opts.warn(`#${number}: could not request reviews from ${[...plan.users.map((u) => `@${u}`), ...plan.teams.map((t) => `@${repo.owner}/${t}`)].join(", ")}: ${errorText(e)}`);
      return { users: [], teams: [] };
    }
  }
  const done: Pick<EscalationPlan, "users" | "teams"> = { users: [], teams: [] };
  for (const [users, teams] of [[plan.users, []], [[], plan.teams]] as [string[], string[]][]) {
    try {
      await ask(users, teams);
      done.users.push(...users);
      done.teams.push(...teams);
    } catch (e) {
      opts.warn(`#${number}: could not request reviews from ${[...users.map((u) => `@${u}`), ...teams.map((t) => `@${repo.owner}/${t}`)].join(", ")}: ${errorText(e)}${teams.length ? " (requesting a team needs a token that can read the organization's teams)" : ""}`);
    }
  }
  return done;
}
