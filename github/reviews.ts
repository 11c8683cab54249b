/**
 * What the approval evaluation needs from GitHub about a pull request's
 * people: its reviews and the accounts behind its commits (paginated), a
 * reviewer's repository role, and active team membership. Each returns the
 * plain values of `core/approvals/model.ts`.
 */
import type { CommitPeople, Permission, ReviewRecord } from "../core/approvals/model.js";
import { paginate, statusOf, type GitHubClient, type RepoRef } from "./client.js";

interface ApiReview {
  id: number;
  user: { login: string } | null;
  state: string;
  commit_id: string | null;
  submitted_at?: string | null;
}

interface ApiCommit {
  sha: string;
  author: { login: string } | null;
  committer: { login: string } | null;
}

/** GitHub lists at most this many commits of a pull request. */
export const GITHUB_PR_COMMITS_LIMIT = 250;

export async function listReviews(client: GitHubClient, repo: RepoRef, pullNumber: number): Promise<ReviewRecord[]> {
  const reviews = await paginate<ApiReview>(client, "GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews", { ...repo, pull_number: pullNumber });
  return reviews.map((r) => ({ id: r.id, user: r.user?.login ?? null, state: r.state, commit_id: r.commit_id, submitted_at: r.submitted_at ?? null }));
}

/**
 * The GitHub accounts that authored and committed each commit. `incomplete`
 * is set when GitHub's 250-commit listing limit hides some of them, so
 * `exclude_committers` cannot be applied whole.
 */
export async function listPullCommitPeople(client: GitHubClient, repo: RepoRef, pullNumber: number, commitsCount?: number): Promise<{ commits: CommitPeople[]; incomplete: boolean }> {
  const commits = await paginate<ApiCommit>(client, "GET /repos/{owner}/{repo}/pulls/{pull_number}/commits", { ...repo, pull_number: pullNumber }, GITHUB_PR_COMMITS_LIMIT);
  const people = commits.map((c) => ({ sha: c.sha, author: c.author?.login ?? null, committer: c.committer?.login ?? null }));
  return { commits: people, incomplete: commits.length >= GITHUB_PR_COMMITS_LIMIT && (commitsCount === undefined || commitsCount > commits.length) };
}

const ROLES: ReadonlySet<string> = new Set(["admin", "maintain", "write", "triage", "read"]);

/** A user's role on the repository (`role_name`, which knows maintain and triage); `none` when GitHub says 404. */
export async function repositoryPermission(client: GitHubClient, repo: RepoRef, login: string): Promise<Permission> {
  try {
    const res = await client.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", { ...repo, username: login });
    const data = res.data as { permission?: string; role_name?: string };
    const role = data.role_name && ROLES.has(data.role_name) ? data.role_name : data.permission;
    return role && ROLES.has(role) ? (role as Permission) : "none";
  } catch (e) {
    if (statusOf(e) === 404) return "none";
    throw e;
  }
}

/** True only for an ACTIVE member of `org/slug` (a pending invitation is not membership); 404 means not a member. */
export async function isActiveTeamMember(client: GitHubClient, team: string, login: string): Promise<boolean> {
  const [org, slug] = team.split("/");
  try {
    const res = await client.request("GET /orgs/{org}/teams/{team_slug}/memberships/{username}", { org, team_slug: slug, username: login });
    return (res.data as { state?: string }).state === "active";
  } catch (e) {
    if (statusOf(e) === 404) return false;
    throw e;
  }
}
