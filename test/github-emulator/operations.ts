/**
 * The GitHub REST operations and webhook events the emulator serves. One list
 * feeds both the router (which names every request by its operation id) and
 * `scripts/extract-openapi.ts` (which copies exactly these schemas out of
 * GitHub's OpenAPI description), so the two can never drift apart.
 */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface OperationSpec {
  method: HttpMethod;
  /** Path template exactly as in GitHub's OpenAPI description. */
  path: string;
  /** GitHub's operation id, e.g. `pulls/list-files`. */
  operationId: string;
}

const op = (method: HttpMethod, path: string, operationId: string): OperationSpec => ({ method, path, operationId });

export const OPERATIONS: readonly OperationSpec[] = [
  // GitHub Apps
  op("GET", "/app", "apps/get-authenticated"),
  op("GET", "/app/installations", "apps/list-installations"),
  op("GET", "/app/installations/{installation_id}", "apps/get-installation"),
  op("POST", "/app/installations/{installation_id}/access_tokens", "apps/create-installation-access-token"),
  op("GET", "/repos/{owner}/{repo}/installation", "apps/get-repo-installation"),
  op("GET", "/orgs/{org}/installation", "apps/get-org-installation"),
  op("GET", "/users/{username}/installation", "apps/get-user-installation"),
  op("GET", "/installation/repositories", "apps/list-repos-accessible-to-installation"),
  // Users and teams
  op("GET", "/users/{username}", "users/get-by-username"),
  op("GET", "/orgs/{org}/teams/{team_slug}", "teams/get-by-name"),
  op("GET", "/orgs/{org}/teams/{team_slug}/members", "teams/list-members-in-org"),
  op("GET", "/orgs/{org}/teams/{team_slug}/memberships/{username}", "teams/get-membership-for-user-in-org"),
  // Repositories
  op("GET", "/repos/{owner}/{repo}", "repos/get"),
  op("GET", "/repos/{owner}/{repo}/branches", "repos/list-branches"),
  op("GET", "/repos/{owner}/{repo}/branches/{branch}", "repos/get-branch"),
  op("GET", "/repos/{owner}/{repo}/branches/{branch}/protection", "repos/get-branch-protection"),
  op("PUT", "/repos/{owner}/{repo}/branches/{branch}/protection", "repos/update-branch-protection"),
  op("DELETE", "/repos/{owner}/{repo}/branches/{branch}/protection", "repos/delete-branch-protection"),
  op("GET", "/repos/{owner}/{repo}/collaborators/{username}/permission", "repos/get-collaborator-permission-level"),
  op("GET", "/repos/{owner}/{repo}/commits", "repos/list-commits"),
  op("GET", "/repos/{owner}/{repo}/commits/{ref}", "repos/get-commit"),
  op("GET", "/repos/{owner}/{repo}/commits/{ref}/status", "repos/get-combined-status-for-ref"),
  op("GET", "/repos/{owner}/{repo}/commits/{ref}/statuses", "repos/list-commit-statuses-for-ref"),
  op("POST", "/repos/{owner}/{repo}/statuses/{sha}", "repos/create-commit-status"),
  op("GET", "/repos/{owner}/{repo}/compare/{basehead}", "repos/compare-commits-with-basehead"),
  op("GET", "/repos/{owner}/{repo}/contents/{path}", "repos/get-content"),
  op("PUT", "/repos/{owner}/{repo}/contents/{path}", "repos/create-or-update-file-contents"),
  // Pull requests
  op("GET", "/repos/{owner}/{repo}/pulls", "pulls/list"),
  op("POST", "/repos/{owner}/{repo}/pulls", "pulls/create"),
  op("GET", "/repos/{owner}/{repo}/pulls/{pull_number}", "pulls/get"),
  op("PATCH", "/repos/{owner}/{repo}/pulls/{pull_number}", "pulls/update"),
  op("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/files", "pulls/list-files"),
  op("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/commits", "pulls/list-commits"),
  op("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews", "pulls/list-reviews"),
  op("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews", "pulls/create-review"),
  op("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}", "pulls/get-review"),
  op("PUT", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/dismissals", "pulls/dismiss-review"),
  op("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", "pulls/list-requested-reviewers"),
  op("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", "pulls/request-reviewers"),
  op("DELETE", "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", "pulls/remove-requested-reviewers"),
  op("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/merge", "pulls/check-if-merged"),
  op("PUT", "/repos/{owner}/{repo}/pulls/{pull_number}/merge", "pulls/merge"),
  // Checks
  op("POST", "/repos/{owner}/{repo}/check-runs", "checks/create"),
  op("GET", "/repos/{owner}/{repo}/check-runs/{check_run_id}", "checks/get"),
  op("PATCH", "/repos/{owner}/{repo}/check-runs/{check_run_id}", "checks/update"),
  op("POST", "/repos/{owner}/{repo}/check-runs/{check_run_id}/rerequest", "checks/rerequest-run"),
  op("GET", "/repos/{owner}/{repo}/commits/{ref}/check-runs", "checks/list-for-ref"),
  op("GET", "/repos/{owner}/{repo}/commits/{ref}/check-suites", "checks/list-suites-for-ref"),
  op("GET", "/repos/{owner}/{repo}/check-suites/{check_suite_id}", "checks/get-suite"),
  // Git database
  op("POST", "/repos/{owner}/{repo}/git/blobs", "git/create-blob"),
  op("GET", "/repos/{owner}/{repo}/git/blobs/{file_sha}", "git/get-blob"),
  op("POST", "/repos/{owner}/{repo}/git/commits", "git/create-commit"),
  op("GET", "/repos/{owner}/{repo}/git/commits/{commit_sha}", "git/get-commit"),
  op("GET", "/repos/{owner}/{repo}/git/matching-refs/{ref}", "git/list-matching-refs"),
  op("GET", "/repos/{owner}/{repo}/git/ref/{ref}", "git/get-ref"),
  op("POST", "/repos/{owner}/{repo}/git/refs", "git/create-ref"),
  op("PATCH", "/repos/{owner}/{repo}/git/refs/{ref}", "git/update-ref"),
  op("DELETE", "/repos/{owner}/{repo}/git/refs/{ref}", "git/delete-ref"),
  op("POST", "/repos/{owner}/{repo}/git/trees", "git/create-tree"),
  op("GET", "/repos/{owner}/{repo}/git/trees/{tree_sha}", "git/get-tree"),
  // Issues: comments and labels (pull requests are issues)
  op("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments", "issues/list-comments"),
  op("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", "issues/create-comment"),
  op("GET", "/repos/{owner}/{repo}/issues/comments/{comment_id}", "issues/get-comment"),
  op("PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}", "issues/update-comment"),
  op("DELETE", "/repos/{owner}/{repo}/issues/comments/{comment_id}", "issues/delete-comment"),
  op("GET", "/repos/{owner}/{repo}/issues/{issue_number}/labels", "issues/list-labels-on-issue"),
  op("POST", "/repos/{owner}/{repo}/issues/{issue_number}/labels", "issues/add-labels"),
  op("PUT", "/repos/{owner}/{repo}/issues/{issue_number}/labels", "issues/set-labels"),
  op("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", "issues/remove-label"),
  op("GET", "/repos/{owner}/{repo}/labels", "issues/list-labels-for-repo"),
  op("POST", "/repos/{owner}/{repo}/labels", "issues/create-label"),
  op("GET", "/repos/{owner}/{repo}/labels/{name}", "issues/get-label"),
];

/** Webhook `event.action` pairs the emulator emits. */
export const WEBHOOK_EVENTS: readonly string[] = [
  "pull_request.opened",
  "pull_request.edited",
  "pull_request.synchronize",
  "pull_request.closed",
  "pull_request.reopened",
  "pull_request.review_requested",
  "pull_request.review_request_removed",
  "pull_request_review.submitted",
  "pull_request_review.dismissed",
  "check_run.created",
  "check_run.completed",
  "check_run.rerequested",
  "check_suite.requested",
  "check_suite.rerequested",
  "installation.created",
];

/** Key of an event's schema in GitHub's description: `pull_request.opened` → `pull-request-opened`. */
export const webhookSpecKey = (eventAction: string): string => eventAction.replace(/[._]/g, "-");
