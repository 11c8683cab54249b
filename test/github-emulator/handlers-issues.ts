import { appOf, intParam, paginate, repoOf, senderOf, stringField, type HandlerSpec } from "./handler-kit.js";
import { ApiError, bodyObject, created, noContent, notFound, ok } from "./http-types.js";
import { addComment, addLabels, assertIssue, createLabel, findComment, issueLabels, labelNames, removeLabel, renderComment, setLabels, updateComment } from "./issues.js";
import { renderLabel } from "./render-accounts.js";

export const ISSUE_HANDLERS: Record<string, HandlerSpec> = {
  "issues/list-comments": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const number = intParam(req, "issue_number");
      assertIssue(repo, number);
      const since = req.query.get("since");
      const comments = repo.comments.filter((c) => c.issueNumber === number && (!since || c.updatedAt >= since));
      const { page, headers } = paginate(req, comments);
      return ok(page.map((c) => renderComment(world, repo, c)), headers);
    },
  },
  "issues/create-comment": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const comment = addComment(world, repo, intParam(req, "issue_number"), bodyObject(req).body, senderOf(req), appOf(req));
      return created(renderComment(world, repo, comment));
    },
  },
  "issues/get-comment": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      return ok(renderComment(world, repo, findComment(repo, intParam(req, "comment_id"))));
    },
  },
  "issues/update-comment": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const comment = findComment(repo, intParam(req, "comment_id"));
      const sender = senderOf(req);
      // Only the author (or someone with write access) may edit a comment.
      if (comment.user !== sender && !["write", "maintain", "admin"].includes(req.actor.kind === "user" ? world.permission(repo, sender) : "write")) {
        throw new ApiError(403, "Resource not accessible by integration");
      }
      updateComment(world, comment, bodyObject(req).body);
      return ok(renderComment(world, repo, comment));
    },
  },
  "issues/delete-comment": {
    access: "write",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const comment = findComment(repo, intParam(req, "comment_id"));
      repo.comments.splice(repo.comments.indexOf(comment), 1);
      return noContent();
    },
  },
  "issues/list-labels-on-issue": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const { page, headers } = paginate(req, issueLabels(world, repo, intParam(req, "issue_number")));
      return ok(page, headers);
    },
  },
  "issues/add-labels": {
    access: "write",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const number = intParam(req, "issue_number");
      addLabels(world, repo, number, labelNames(req.body));
      return ok(issueLabels(world, repo, number));
    },
  },
  "issues/set-labels": {
    access: "write",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const number = intParam(req, "issue_number");
      setLabels(world, repo, number, labelNames(req.body ?? { labels: [] }));
      return ok(issueLabels(world, repo, number));
    },
  },
  "issues/remove-label": {
    access: "write",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const number = intParam(req, "issue_number");
      removeLabel(repo, number, req.params.name!);
      return ok(issueLabels(world, repo, number));
    },
  },
  "issues/list-labels-for-repo": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const { page, headers } = paginate(req, [...repo.labels.values()]);
      return ok(page.map((l) => renderLabel(repo, l, world.urls)), headers);
    },
  },
  "issues/create-label": {
    access: "write",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const body = bodyObject(req);
      const label = createLabel(world, repo, { name: stringField(body, "name"), color: stringField(body, "color"), description: stringField(body, "description") });
      return created(renderLabel(repo, label, world.urls));
    },
  },
  "issues/get-label": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const label = world.label(repo, req.params.name!);
      if (!label) throw notFound();
      return ok(renderLabel(repo, label, world.urls));
    },
  },
};
