import { statusOf, type GitHubClient, type RepoRef } from "./client.js";

export interface ProtectionVerdict {
  /** True when the audit branch is protected enough to hold a tamper-evident log. */
  ok: boolean;
  /** True when the branch does not exist yet (the first append creates it; protect it right after). */
  absent: boolean;
  /** Each protection that is missing, in words an administrator acts on. */
  missing: string[];
  /** Protections that would make the log stronger but are not required. */
  advice: string[];
}

interface Protection {
  allow_force_pushes?: { enabled: boolean };
  allow_deletions?: { enabled: boolean };
  required_pull_request_reviews?: unknown;
  restrictions?: { apps?: { slug?: string }[] } | null;
}

/**
 * What the audit log needs from branch protection: history that cannot be
 * rewritten (no force pushes) or removed (no deletions). The hash chain and
 * outside checkpoints catch tampering either way; protection keeps it from
 * happening. Required reviews would block the App's own writes.
 */
export async function auditBranchProtection(client: GitHubClient, repo: RepoRef, branch: string, appSlug?: string): Promise<ProtectionVerdict> {
  try {
    await client.request("GET /repos/{owner}/{repo}/branches/{branch}", { ...repo, branch });
  } catch (e) {
    if (statusOf(e) === 404) return { ok: true, absent: true, missing: [], advice: [`protect branch ${branch} as soon as the first entry creates it`] };
    throw e;
  }
  let p: Protection;
  try {
    p = (await client.request("GET /repos/{owner}/{repo}/branches/{branch}/protection", { ...repo, branch })).data as Protection;
  } catch (e) {
    if (statusOf(e) === 404) return { ok: false, absent: false, missing: [`branch ${branch} is not protected: add a branch protection rule that blocks force pushes and deletions`], advice: [] };
    // 403: the App may not read protection (administration: read missing) — it cannot tell, so it does not write.
    if (statusOf(e) === 403) return { ok: false, absent: false, missing: [`cannot read the protection of ${branch} (grant the App "Administration: read")`], advice: [] };
    throw e;
  }
  const missing: string[] = [];
  const advice: string[] = [];
  if (p.allow_force_pushes?.enabled) missing.push(`force pushes to ${branch} are allowed: block them, or history can be rewritten`);
  if (p.allow_deletions?.enabled) missing.push(`deletion of ${branch} is allowed: block it, or the log can be removed`);
  if (p.required_pull_request_reviews) missing.push(`${branch} requires pull request reviews, which blocks the App's direct appends: remove that requirement for this branch`);
  const apps = p.restrictions?.apps?.map((a) => a.slug) ?? [];
  if (!p.restrictions) advice.push(`restrict who can push to ${branch}${appSlug ? ` to the ${appSlug} app` : " to the PromptOps app"}`);
  else if (appSlug && !apps.includes(appSlug)) missing.push(`push restrictions on ${branch} do not include the ${appSlug} app, so it cannot append`);
  return { ok: missing.length === 0, absent: false, missing, advice };
}
