import type { DiffFile } from "./git-store.js";
import { ApiError, notFound, unprocessable } from "./http-types.js";
import type { Account, PullRequest, Repository, Review, Team } from "./model.js";
import { nodeId, renderLabel, renderTeam, renderUser } from "./render-accounts.js";
import { atLeast, type World } from "./world.js";

/** GitHub stops listing a pull request's files after this many. */
export const PULL_FILES_LIMIT = 3000;
/** GitHub lists at most this many commits of a pull request. */
export const PULL_COMMITS_LIMIT = 250;

const pullRef = (n: number): string => `refs/pull/${n}/head`;

/** The base commit a pull request's diff starts from: the live base tip while open, the recorded one once closed. */
export async function diffBase(repo: Repository, pr: PullRequest): Promise<string> {
  const live = pr.state === "open" ? await repo.git.readRef(`refs/heads/${pr.baseRef}`) : null;
  const base = live ?? pr.baseSha;
  return (await repo.git.mergeBase(base, pr.headSha)) ?? base;
}

export async function pullFiles(world: World, repo: Repository, pr: PullRequest): Promise<DiffFile[]> {
  return world.diff(repo, await diffBase(repo, pr), pr.headSha);
}

export async function pullCommitShas(repo: Repository, pr: PullRequest): Promise<string[]> {
  const base = await diffBase(repo, pr);
  const commits = await repo.git.listCommits([`${base}..${pr.headSha}`], { reverse: true });
  return commits.map((c) => c.sha);
}

function renderTeamFor(world: World, team: Team): Record<string, unknown> {
  const org = world.findAccount(team.org);
  return renderTeam(team, org?.id ?? 0, world.urls);
}

/** `pull-request-simple` (lists) or, with `full`, `pull-request` with counts and mergeability. */
export async function renderPull(world: World, repo: Repository, pr: PullRequest, full: boolean): Promise<Record<string, unknown>> {
  const urls = world.urls;
  const full_name = `${repo.owner.login}/${repo.name}`;
  const api = `${urls.api}/repos/${full_name}`;
  const html = `${urls.html}/${full_name}`;
  const repoJson = world.renderRepo(repo);
  const owner = renderUser(repo.owner, urls);
  const out: Record<string, unknown> = {
    url: `${api}/pulls/${pr.number}`,
    id: pr.id,
    node_id: nodeId("PullRequest", pr.id),
    html_url: `${html}/pull/${pr.number}`,
    diff_url: `${html}/pull/${pr.number}.diff`,
    patch_url: `${html}/pull/${pr.number}.patch`,
    issue_url: `${api}/issues/${pr.number}`,
    commits_url: `${api}/pulls/${pr.number}/commits`,
    review_comments_url: `${api}/pulls/${pr.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pr.number}/comments`,
    statuses_url: `${api}/statuses/${pr.headSha}`,
    number: pr.number,
    state: pr.state,
    locked: pr.locked,
    title: pr.title,
    user: renderUser(pr.author, urls),
    body: pr.body,
    // GitHub's description types a pull request's label descriptions as strings (unlike `label`'s nullable one).
    labels: pr.labels
      .map((n) => world.label(repo, n))
      .filter((l) => l !== undefined)
      .map((l) => ({ ...renderLabel(repo, l, urls), description: l.description ?? "" })),
    milestone: null,
    active_lock_reason: null,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.closedAt,
    merged_at: pr.mergedAt,
    merge_commit_sha: pr.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: pr.requestedReviewers.map((u) => renderUser(u, urls)),
    requested_teams: pr.requestedTeams.map((t) => renderTeamFor(world, t)),
    head: { label: `${repo.owner.login}:${pr.headRef}`, ref: pr.headRef, sha: pr.headSha, user: owner, repo: repoJson },
    base: { label: `${repo.owner.login}:${pr.baseRef}`, ref: pr.baseRef, sha: pr.baseSha, user: owner, repo: repoJson },
    _links: {
      self: { href: `${api}/pulls/${pr.number}` },
      html: { href: `${html}/pull/${pr.number}` },
      issue: { href: `${api}/issues/${pr.number}` },
      comments: { href: `${api}/issues/${pr.number}/comments` },
      review_comments: { href: `${api}/pulls/${pr.number}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${api}/pulls/${pr.number}/commits` },
      statuses: { href: `${api}/statuses/${pr.headSha}` },
    },
    author_association: world.authorAssociation(repo, pr.author),
    auto_merge: null,
    draft: pr.draft,
  };
  if (!full) return out;
  const files = await pullFiles(world, repo, pr);
  const commits = await pullCommitShas(repo, pr);
  let mergeable: boolean | null = null;
  let mergeableState = "unknown";
  if (pr.state === "open") {
    const baseTip = await repo.git.readRef(`refs/heads/${pr.baseRef}`);
    if (baseTip) {
      const merged = await repo.git.mergeTrees(baseTip, pr.headSha);
      mergeable = !("conflict" in merged);
      mergeableState = mergeable ? (pr.draft ? "draft" : "clean") : "dirty";
    }
  }
  return {
    ...out,
    merged: pr.mergedAt !== null,
    mergeable,
    rebaseable: mergeable,
    mergeable_state: mergeableState,
    merged_by: pr.mergedBy ? renderUser(pr.mergedBy, urls) : null,
    comments: repo.comments.filter((c) => c.issueNumber === pr.number).length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: commits.length,
    additions: files.reduce((n, f) => n + f.additions, 0),
    deletions: files.reduce((n, f) => n + f.deletions, 0),
    changed_files: files.length,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
    use_squash_pr_title_as_default: false,
  };
}

export function renderReview(world: World, repo: Repository, pr: PullRequest, review: Review): Record<string, unknown> {
  const urls = world.urls;
  const full_name = `${repo.owner.login}/${repo.name}`;
  const html = `${urls.html}/${full_name}/pull/${pr.number}#pullrequestreview-${review.id}`;
  const prUrl = `${urls.api}/repos/${full_name}/pulls/${pr.number}`;
  return {
    id: review.id,
    node_id: nodeId("PullRequestReview", review.id),
    user: renderUser(review.user, urls),
    body: review.body,
    state: review.state,
    html_url: html,
    pull_request_url: prUrl,
    author_association: world.authorAssociation(repo, review.user),
    _links: { html: { href: html }, pull_request: { href: prUrl } },
    submitted_at: review.submittedAt,
    commit_id: review.commitId,
  };
}

/** Webhook payloads spell review states in lower case. */
const webhookReview = (world: World, repo: Repository, pr: PullRequest, review: Review): Record<string, unknown> => ({
  ...renderReview(world, repo, pr, review),
  state: review.state.toLowerCase(),
  updated_at: review.submittedAt,
});

async function publishPull(world: World, repo: Repository, pr: PullRequest, action: string, sender: Account, extra: Record<string, unknown> = {}): Promise<void> {
  world.publish(repo, "pull_request", action, { number: pr.number, pull_request: await renderPull(world, repo, pr, true), ...extra }, sender);
}

// ── pull request lifecycle ────────────────────────────────────────────────

export async function openPull(
  world: World,
  repo: Repository,
  input: { head: string; base?: string; title: string; body?: string | null; author: Account; draft?: boolean },
): Promise<PullRequest> {
  const base = input.base ?? repo.defaultBranch;
  const head = input.head.includes(":") ? input.head.split(":")[1]! : input.head;
  const headSha = await repo.git.readRef(`refs/heads/${head}`);
  const baseSha = await repo.git.readRef(`refs/heads/${base}`);
  if (!headSha) throw unprocessable("Validation Failed", [{ resource: "PullRequest", field: "head", code: "invalid" }]);
  if (!baseSha) throw unprocessable("Validation Failed", [{ resource: "PullRequest", field: "base", code: "invalid" }]);
  for (const p of repo.pulls.values()) {
    if (p.state === "open" && p.headRef === head && p.baseRef === base) {
      throw unprocessable("Validation Failed", [{ resource: "PullRequest", code: "custom", message: `A pull request already exists for ${repo.owner.login}:${head}.` }]);
    }
  }
  if (await repo.git.isAncestor(headSha, baseSha)) {
    throw unprocessable("Validation Failed", [{ resource: "PullRequest", code: "custom", message: `No commits between ${base} and ${head}` }]);
  }
  const now = world.nowIso();
  const pr: PullRequest = {
    id: world.nextId(),
    number: repo.nextNumber++,
    title: input.title,
    body: input.body ?? null,
    author: input.author,
    state: "open",
    draft: input.draft ?? false,
    baseRef: base,
    headRef: head,
    headSha,
    baseSha,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    mergedAt: null,
    mergedBy: null,
    mergeCommitSha: null,
    requestedReviewers: [],
    requestedTeams: [],
    reviews: [],
    labels: [],
    locked: false,
  };
  repo.pulls.set(pr.number, pr);
  await repo.git.updateRef(pullRef(pr.number), headSha);
  await publishPull(world, repo, pr, "opened", input.author);
  return pr;
}

export async function editPull(
  world: World,
  repo: Repository,
  pr: PullRequest,
  input: { title?: string; body?: string | null; base?: string; state?: "open" | "closed" },
  sender: Account,
): Promise<void> {
  const changes: Record<string, unknown> = {};
  if (input.title !== undefined && input.title !== pr.title) {
    changes.title = { from: pr.title };
    pr.title = input.title;
  }
  if (input.body !== undefined && input.body !== pr.body) {
    changes.body = { from: pr.body ?? "" };
    pr.body = input.body;
  }
  if (input.base !== undefined && input.base !== pr.baseRef) {
    const sha = await repo.git.readRef(`refs/heads/${input.base}`);
    if (!sha) throw unprocessable("Validation Failed", [{ resource: "PullRequest", field: "base", code: "invalid" }]);
    if (pr.state !== "open") throw unprocessable("Validation Failed", [{ resource: "PullRequest", field: "base", code: "invalid", message: "Cannot change the base branch of a closed pull request." }]);
    changes.base = { ref: { from: pr.baseRef }, sha: { from: pr.baseSha } };
    pr.baseRef = input.base;
    pr.baseSha = sha;
  }
  if (Object.keys(changes).length) {
    pr.updatedAt = world.nowIso();
    await publishPull(world, repo, pr, "edited", sender, { changes });
  }
  if (input.state === "closed" && pr.state === "open") await closePull(world, repo, pr, sender);
  else if (input.state === "open" && pr.state === "closed") await reopenPull(world, repo, pr, sender);
}

export async function closePull(world: World, repo: Repository, pr: PullRequest, sender: Account): Promise<void> {
  if (pr.state === "closed") return;
  pr.baseSha = (await repo.git.readRef(`refs/heads/${pr.baseRef}`)) ?? pr.baseSha;
  pr.state = "closed";
  pr.closedAt = pr.updatedAt = world.nowIso();
  await publishPull(world, repo, pr, "closed", sender);
}

export async function reopenPull(world: World, repo: Repository, pr: PullRequest, sender: Account): Promise<void> {
  if (pr.mergedAt) throw unprocessable("Validation Failed", [{ resource: "PullRequest", code: "custom", message: "Cannot reopen a merged pull request." }]);
  const head = await repo.git.readRef(`refs/heads/${pr.headRef}`);
  if (!head) throw unprocessable("Validation Failed", [{ resource: "PullRequest", code: "custom", message: `The ${pr.headRef} branch has been deleted.` }]);
  pr.state = "open";
  pr.closedAt = null;
  pr.updatedAt = world.nowIso();
  if (head !== pr.headSha) {
    pr.headSha = head;
    await repo.git.updateRef(pullRef(pr.number), head);
  }
  await publishPull(world, repo, pr, "reopened", sender);
}

export type MergeMethod = "merge" | "squash" | "rebase";

/** Branch protection checks GitHub applies to a merge; admins skip them unless `enforce_admins`. */
async function assertMergeAllowed(world: World, repo: Repository, pr: PullRequest, by: Account): Promise<void> {
  const rule = world.protection(repo, pr.baseRef);
  if (!rule) return;
  if (!rule.enforce_admins && atLeast(world.permission(repo, by), "admin")) return;
  const needed = rule.required_pull_request_reviews?.required_approving_review_count ?? (rule.required_pull_request_reviews ? 1 : 0);
  if (needed > 0) {
    const latest = latestReviews(pr);
    const approvals = [...latest.values()].filter((r) => r.state === "APPROVED" && atLeast(world.permission(repo, r.user), "write"));
    if (approvals.length < needed) {
      throw new ApiError(405, `At least ${needed} approving review${needed > 1 ? "s are" : " is"} required by reviewers with write access.`);
    }
  }
  const contexts = [...(rule.required_status_checks?.contexts ?? []), ...(rule.required_status_checks?.checks ?? []).map((c) => c.context)];
  for (const context of new Set(contexts)) {
    const run = [...repo.checkRuns].reverse().find((r) => r.headSha === pr.headSha && r.name === context);
    const status = [...repo.statuses].reverse().find((s) => s.sha === pr.headSha && s.context === context);
    const passed = (run && run.status === "completed" && ["success", "neutral", "skipped"].includes(run.conclusion ?? "")) || status?.state === "success";
    if (!passed) throw new ApiError(405, `Required status check "${context}" is ${run || status ? "failing" : "expected"}.`);
  }
}

/** Latest non-pending review per reviewer. */
export function latestReviews(pr: PullRequest): Map<string, Review> {
  const latest = new Map<string, Review>();
  for (const r of pr.reviews) if (r.state !== "PENDING" && r.state !== "COMMENTED") latest.set(r.user.login.toLowerCase(), r);
  return latest;
}

export async function mergePull(
  world: World,
  repo: Repository,
  pr: PullRequest,
  input: { by: Account; method?: MergeMethod; sha?: string; title?: string; message?: string; bypassProtection?: boolean },
): Promise<{ sha: string; merged: true; message: string }> {
  if (pr.state !== "open") throw new ApiError(405, "Pull Request is not mergeable");
  if (input.sha && input.sha !== pr.headSha) throw new ApiError(409, "Head branch was modified. Review and try the merge again.");
  if (!input.bypassProtection) await assertMergeAllowed(world, repo, pr, input.by);
  const baseRef = `refs/heads/${pr.baseRef}`;
  const baseTip = await repo.git.readRef(baseRef);
  if (!baseTip) throw new ApiError(405, "Pull Request is not mergeable");
  const method = input.method ?? "merge";
  const date = world.now();
  const who = { name: input.by.name, email: input.by.email, date };
  let sha: string;
  if (method === "rebase") {
    if (!(await repo.git.isAncestor(baseTip, pr.headSha))) throw new ApiError(405, "This branch can't be rebased");
    let parent = baseTip;
    for (const c of await repo.git.listCommits([`${baseTip}..${pr.headSha}`], { reverse: true })) {
      parent = await repo.git.commitTree({
        tree: c.tree,
        parents: [parent],
        message: c.message,
        author: { name: c.author.name, email: c.author.email, date: new Date(c.author.date) },
        committer: who,
      });
    }
    sha = parent;
  } else {
    const merged = await repo.git.mergeTrees(baseTip, pr.headSha);
    if ("conflict" in merged) throw new ApiError(405, "Pull Request is not mergeable");
    const title = input.title ?? (method === "squash" ? `${pr.title} (#${pr.number})` : `Merge pull request #${pr.number} from ${repo.owner.login}/${pr.headRef}`);
    const message = input.message ?? (method === "squash" ? "" : pr.title);
    sha = await repo.git.commitTree({
      tree: merged.tree,
      parents: method === "squash" ? [baseTip] : [baseTip, pr.headSha],
      message: message ? `${title}\n\n${message}` : title,
      author: method === "squash" ? { name: pr.author.name, email: pr.author.email, date } : who,
      committer: who,
    });
  }
  // Record the pre-merge base so the pull request's diff stays what was reviewed.
  pr.baseSha = baseTip;
  pr.state = "closed";
  pr.mergedAt = pr.closedAt = pr.updatedAt = world.nowIso();
  pr.mergedBy = input.by;
  pr.mergeCommitSha = sha;
  await world.moveRef(repo, baseRef, sha, { expected: baseTip, sender: input.by });
  await publishPull(world, repo, pr, "closed", input.by);
  return { sha, merged: true, message: "Pull Request successfully merged" };
}

// ── reviews ───────────────────────────────────────────────────────────────

export type ReviewEvent = "APPROVE" | "REQUEST_CHANGES" | "COMMENT";

export async function submitReview(
  world: World,
  repo: Repository,
  pr: PullRequest,
  input: { user: Account; event: ReviewEvent; body?: string; commitId?: string },
): Promise<Review> {
  const self = input.user === pr.author;
  if (self && input.event === "APPROVE") throw unprocessable("Unprocessable Entity", ["Can not approve your own pull request"]);
  if (self && input.event === "REQUEST_CHANGES") throw unprocessable("Unprocessable Entity", ["Can not request changes on your own pull request"]);
  if ((input.event === "REQUEST_CHANGES" || input.event === "COMMENT") && !input.body) {
    throw unprocessable("Unprocessable Entity", [`Body is required for ${input.event === "COMMENT" ? "comment" : "request changes"} events`]);
  }
  if (pr.state === "closed" && input.event !== "COMMENT") throw unprocessable("Unprocessable Entity", ["Can not review a closed pull request"]);
  if (input.commitId && !(await repo.git.objectType(input.commitId))) throw unprocessable("Unprocessable Entity", ["Commit id is not part of the pull request"]);
  const review: Review = {
    id: world.nextId(),
    user: input.user,
    body: input.body ?? "",
    state: input.event === "APPROVE" ? "APPROVED" : input.event === "REQUEST_CHANGES" ? "CHANGES_REQUESTED" : "COMMENTED",
    commitId: input.commitId ?? pr.headSha,
    submittedAt: world.nowIso(),
  };
  pr.reviews.push(review);
  pr.requestedReviewers = pr.requestedReviewers.filter((u) => u !== input.user);
  await world.publish(repo, "pull_request_review", "submitted", { review: webhookReview(world, repo, pr, review), pull_request: await renderPull(world, repo, pr, false) }, input.user);
  return review;
}

export async function dismissReview(world: World, repo: Repository, pr: PullRequest, reviewId: number, input: { message: string; sender: Account }): Promise<Review> {
  const review = pr.reviews.find((r) => r.id === reviewId);
  if (!review) throw notFound();
  if (review.state !== "APPROVED" && review.state !== "CHANGES_REQUESTED") {
    throw unprocessable("Unprocessable Entity", [`Can not dismiss a ${review.state.toLowerCase()} pull request review`]);
  }
  review.dismissedFrom = review.state;
  review.state = "DISMISSED";
  world.publish(repo, "pull_request_review", "dismissed", { review: webhookReview(world, repo, pr, review), pull_request: await renderPull(world, repo, pr, false) }, input.sender);
  return review;
}

// ── requested reviewers ───────────────────────────────────────────────────

export async function requestReviewers(
  world: World,
  repo: Repository,
  pr: PullRequest,
  input: { users: string[]; teams: string[]; sender: Account },
): Promise<void> {
  const notCollaborator = () =>
    unprocessable(`Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${repo.owner.login}/${repo.name} repository.`);
  const users = input.users.map((login) => {
    const user = world.findAccount(login);
    if (!user || world.permission(repo, user) === "none") throw notCollaborator();
    if (user === pr.author) throw unprocessable("Review cannot be requested from pull request author.");
    return user;
  });
  const teams = input.teams.map((slug) => {
    const team = world.findTeam(repo.owner.login, slug);
    if (!team) throw notCollaborator();
    return team;
  });
  for (const user of users) {
    if (pr.requestedReviewers.includes(user)) continue;
    pr.requestedReviewers.push(user);
    await publishPull(world, repo, pr, "review_requested", input.sender, { requested_reviewer: renderUser(user, world.urls) });
  }
  for (const team of teams) {
    if (pr.requestedTeams.includes(team)) continue;
    pr.requestedTeams.push(team);
    await publishPull(world, repo, pr, "review_requested", input.sender, { requested_team: renderTeamFor(world, team) });
  }
}

export async function removeRequestedReviewers(
  world: World,
  repo: Repository,
  pr: PullRequest,
  input: { users: string[]; teams: string[]; sender: Account },
): Promise<void> {
  for (const login of input.users) {
    const user = pr.requestedReviewers.find((u) => u.login.toLowerCase() === login.toLowerCase());
    if (!user) continue;
    pr.requestedReviewers = pr.requestedReviewers.filter((u) => u !== user);
    await publishPull(world, repo, pr, "review_request_removed", input.sender, { requested_reviewer: renderUser(user, world.urls) });
  }
  for (const slug of input.teams) {
    const team = pr.requestedTeams.find((t) => t.slug.toLowerCase() === slug.toLowerCase());
    if (!team) continue;
    pr.requestedTeams = pr.requestedTeams.filter((t) => t !== team);
    await publishPull(world, repo, pr, "review_request_removed", input.sender, { requested_team: renderTeamFor(world, team) });
  }
}

export function renderRequestedReviewers(world: World, pr: PullRequest): Record<string, unknown> {
  return { users: pr.requestedReviewers.map((u) => renderUser(u, world.urls)), teams: pr.requestedTeams.map((t) => renderTeamFor(world, t)) };
}

// ── reacting to pushes ────────────────────────────────────────────────────

/** A push to a pull request's head branch: synchronize, and stale approvals dismissed when the base branch's rule says so. */
export async function onBranchMoved(world: World, repo: Repository, branch: string, before: string | null, after: string | null, sender: Account): Promise<void> {
  for (const pr of [...repo.pulls.values()]) {
    if (pr.state !== "open" || pr.headRef !== branch) continue;
    if (after === null) {
      await closePull(world, repo, pr, sender);
      continue;
    }
    if (after === pr.headSha) continue;
    const previous = pr.headSha;
    pr.headSha = after;
    pr.baseSha = (await repo.git.readRef(`refs/heads/${pr.baseRef}`)) ?? pr.baseSha;
    pr.updatedAt = world.nowIso();
    await repo.git.updateRef(pullRef(pr.number), after);
    await publishPull(world, repo, pr, "synchronize", sender, { before: before ?? previous, after });
    if (world.protection(repo, pr.baseRef)?.required_pull_request_reviews?.dismiss_stale_reviews) {
      for (const review of pr.reviews) {
        if (review.state === "APPROVED" && review.commitId !== after) {
          review.dismissedFrom = review.state;
          review.state = "DISMISSED";
          world.publish(repo, "pull_request_review", "dismissed", { review: webhookReview(world, repo, pr, review), pull_request: await renderPull(world, repo, pr, false) }, sender);
        }
      }
    }
  }
}
