import { paginate, type GitHubClient, type RepoRef } from "./client.js";

interface IssueComment {
  id: number;
  body?: string | null;
  html_url?: string;
  user?: { login?: string; type?: string } | null;
  performed_via_github_app?: unknown;
}

export interface StickyComment {
  id: number;
  body: string;
  url?: string;
}

export interface StickyCommentResult {
  action: "created" | "updated" | "unchanged";
  id: number;
  url?: string;
}

/**
 * A comment is ours when it starts with the marker AND a bot wrote it: a
 * person who pastes the marker into their own comment must not get it
 * overwritten by (and then be able to edit) what looks like the report.
 */
export const isStickyComment = (c: IssueComment, marker: string): boolean =>
  typeof c.body === "string" && c.body.startsWith(marker) && (c.user?.type === "Bot" || (c.performed_via_github_app ?? null) !== null);

/** The oldest comment carrying `marker` on an issue or pull request (every page of comments is read once). */
export async function findStickyComment(client: GitHubClient, repo: RepoRef, issueNumber: number, marker: string): Promise<StickyComment | undefined> {
  const comments = await paginate<IssueComment>(client, "GET /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...repo, issue_number: issueNumber });
  const found = comments.find((c) => isStickyComment(c, marker));
  return found ? { id: found.id, body: found.body ?? "", ...(found.html_url ? { url: found.html_url } : {}) } : undefined;
}

/**
 * One comment per issue, found by a hidden marker and edited in place on
 * every run (never a second one). `body` must start with `marker`. An
 * unchanged body costs no write.
 */
export async function upsertStickyComment(client: GitHubClient, repo: RepoRef, issueNumber: number, marker: string, body: string, existing?: StickyComment | null): Promise<StickyCommentResult> {
  if (!body.startsWith(marker)) throw new Error("a sticky comment's body must start with its marker");
  const current = existing === undefined ? await findStickyComment(client, repo, issueNumber, marker) : (existing ?? undefined);
  if (current && current.body === body) return { action: "unchanged", id: current.id, ...(current.url ? { url: current.url } : {}) };
  if (current) {
    const res = await client.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", { ...repo, comment_id: current.id, body });
    return { action: "updated", id: current.id, ...(res.data?.html_url ? { url: String(res.data.html_url) } : {}) };
  }
  const res = await client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...repo, issue_number: issueNumber, body });
  return { action: "created", id: Number(res.data.id), ...(res.data?.html_url ? { url: String(res.data.html_url) } : {}) };
}
