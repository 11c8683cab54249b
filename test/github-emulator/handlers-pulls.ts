import { intParam, paginate, repoOf, senderOf, stringField, stringList, type HandlerSpec } from "./handler-kit.js";
import { ApiError, bodyObject, created, noContent, notFound, ok, unprocessable } from "./http-types.js";
import type { Review } from "./model.js";
import {
  PULL_COMMITS_LIMIT,
  PULL_FILES_LIMIT,
  dismissReview,
  editPull,
  mergePull,
  openPull,
  pullCommitShas,
  pullFiles,
  removeRequestedReviewers,
  renderPull,
  renderRequestedReviewers,
  renderReview,
  requestReviewers,
  submitReview,
  type MergeMethod,
  type ReviewEvent,
} from "./pull-requests.js";
import { renderCommit, renderDiffEntry } from "./render-git.js";

export const PULL_HANDLERS: Record<string, HandlerSpec> = {
  "pulls/list": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const state = req.query.get("state") ?? "open";
      if (!["open", "closed", "all"].includes(state)) throw unprocessable("Validation Failed", [{ resource: "Issue", code: "invalid", field: "state" }]);
      const head = req.query.get("head");
      const base = req.query.get("base");
      const direction = req.query.get("direction") ?? "desc";
      let pulls = [...repo.pulls.values()].filter((p) => state === "all" || p.state === state);
      if (head) pulls = pulls.filter((p) => `${repo.owner.login}:${p.headRef}`.toLowerCase() === head.toLowerCase() || (!head.includes(":") && p.headRef === head));
      if (base) pulls = pulls.filter((p) => p.baseRef === base);
      pulls.sort((a, b) => (direction === "asc" ? a.number - b.number : b.number - a.number));
      const { page, headers } = paginate(req, pulls);
      return ok(await Promise.all(page.map((p) => renderPull(world, repo, p, false))), headers);
    },
  },
  "pulls/create": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const body = bodyObject(req);
      const title = stringField(body, "title");
      const head = stringField(body, "head");
      const base = stringField(body, "base");
      if (!title || !head || !base) {
        const field = !title ? "title" : !head ? "head" : "base";
        throw unprocessable("Validation Failed", [{ resource: "PullRequest", code: "missing_field", field }]);
      }
      const pr = await openPull(world, repo, { title, head, base, body: stringField(body, "body") ?? null, draft: body.draft === true, author: senderOf(req) });
      return created(await renderPull(world, repo, pr, true));
    },
  },
  "pulls/get": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      return ok(await renderPull(world, repo, world.pull(repo, intParam(req, "pull_number")), true));
    },
  },
  "pulls/update": {
    access: "write",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const pr = world.pull(repo, intParam(req, "pull_number"));
      const body = bodyObject(req);
      const state = stringField(body, "state");
      if (state !== undefined && state !== "open" && state !== "closed") throw unprocessable("Validation Failed", [{ resource: "PullRequest", code: "invalid", field: "state" }]);
      await editPull(
        world,
        repo,
        pr,
        { title: stringField(body, "title"), body: "body" in body ? ((body.body as string | null) ?? null) : undefined, base: stringField(body, "base"), state },
        senderOf(req),
      );
      return ok(await renderPull(world, repo, pr, true));
    },
  },
  "pulls/list-files": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const pr = world.pull(repo, intParam(req, "pull_number"));
      // GitHub never lists more than 3,000 files of a pull request, whatever the page.
      const files = (await pullFiles(world, repo, pr)).slice(0, PULL_FILES_LIMIT);
      const { page, headers } = paginate(req, files);
      return ok(page.map((f) => renderDiffEntry(repo, pr.headSha, f, world.urls)), headers);
    },
  },
  "pulls/list-commits": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const pr = world.pull(repo, intParam(req, "pull_number"));
      const shas = (await pullCommitShas(repo, pr)).slice(0, PULL_COMMITS_LIMIT);
      const { page, headers } = paginate(req, shas);
      const commits = await Promise.all(page.map((sha) => repo.git.readCommit(sha)));
      return ok(commits.map((c) => renderCommit(repo, c, world.urls, (e) => world.accountByEmail(e))), headers);
    },
  },
  "pulls/list-reviews": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const pr = world.pull(repo, intParam(req, "pull_number"));
      const viewer = req.actor.kind === "user" ? req.actor.account : null;
      // Pending reviews are visible only to their author.
      const reviews = pr.reviews.filter((r) => r.state !== "PENDING" || r.user === viewer);
      const { page, headers } = paginate(req, reviews);
      return ok(page.map((r) => renderReview(world, repo, pr, r)), headers);
    },
  },
  "pulls/create-review": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const pr = world.pull(repo, intParam(req, "pull_number"));
      const body = bodyObject(req);
      const event = stringField(body, "event");
      const user = senderOf(req);
      if (event === undefined || event === "PENDING") {
        const review: Review = { id: world.nextId(), user, body: stringField(body, "body") ?? "", state: "PENDING", commitId: stringField(body, "commit_id") ?? pr.headSha, submittedAt: world.nowIso() };
        pr.reviews.push(review);
        const json = renderReview(world, repo, pr, review);
        delete json.submitted_at;
        return ok(json);
      }
      if (!["APPROVE", "REQUEST_CHANGES", "COMMENT"].includes(event)) throw unprocessable("Unprocessable Entity", [`Invalid event: ${event}`]);
      const review = await submitReview(world, repo, pr, { user, event: event as ReviewEvent, body: stringField(body, "body"), commitId: stringField(body, "commit_id") });
      return ok(renderReview(world, repo, pr, review));
    },
  },
  "pulls/get-review": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const pr = world.pull(repo, intParam(req, "pull_number"));
      const review = pr.reviews.find((r) => r.id === intParam(req, "review_id"));
      if (!review) throw notFound();
      return ok(renderReview(world, repo, pr, review));
    },
  },
  "pulls/dismiss-review": {
    access: "write",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const pr = world.pull(repo, intParam(req, "pull_number"));
      const message = stringField(bodyObject(req), "message");
      if (!message) throw unprocessable('Invalid request.\n\n"message" wasn\'t supplied.', [{ resource: "PullRequestReview", code: "missing_field", field: "message" }]);
      const review = await dismissReview(world, repo, pr, intParam(req, "review_id"), { message, sender: senderOf(req) });
      return ok(renderReview(world, repo, pr, review));
    },
  },
  "pulls/list-requested-reviewers": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      return ok(renderRequestedReviewers(world, world.pull(repo, intParam(req, "pull_number"))));
    },
  },
  "pulls/request-reviewers": {
    access: "write",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const pr = world.pull(repo, intParam(req, "pull_number"));
      const body = bodyObject(req);
      const users = stringList(body.reviewers);
      const teams = stringList(body.team_reviewers);
      if (users.length === 0 && teams.length === 0) throw unprocessable("Validation Failed", [{ resource: "PullRequest", code: "missing_field", field: "reviewers" }]);
      await requestReviewers(world, repo, pr, { users, teams, sender: senderOf(req) });
      return created(await renderPull(world, repo, pr, false));
    },
  },
  "pulls/remove-requested-reviewers": {
    access: "write",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const pr = world.pull(repo, intParam(req, "pull_number"));
      const body = bodyObject(req);
      if (!Array.isArray(body.reviewers)) throw unprocessable('Invalid request.\n\n"reviewers" wasn\'t supplied.', [{ resource: "PullRequest", code: "missing_field", field: "reviewers" }]);
      await removeRequestedReviewers(world, repo, pr, { users: stringList(body.reviewers), teams: stringList(body.team_reviewers), sender: senderOf(req) });
      return ok(await renderPull(world, repo, pr, false));
    },
  },
  "pulls/check-if-merged": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const pr = world.pull(repo, intParam(req, "pull_number"));
      if (!pr.mergedAt) throw notFound();
      return noContent();
    },
  },
  "pulls/merge": {
    access: "write",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const pr = world.pull(repo, intParam(req, "pull_number"));
      const body = bodyObject(req);
      const method = stringField(body, "merge_method") ?? "merge";
      if (!["merge", "squash", "rebase"].includes(method)) throw unprocessable("Validation Failed", [{ resource: "PullRequest", code: "invalid", field: "merge_method" }]);
      if (req.actor.kind === "anonymous") throw new ApiError(401, "Requires authentication");
      const result = await mergePull(world, repo, pr, {
        by: senderOf(req),
        method: method as MergeMethod,
        sha: stringField(body, "sha"),
        title: stringField(body, "commit_title"),
        message: stringField(body, "commit_message"),
      });
      return ok(result);
    },
  },
};
