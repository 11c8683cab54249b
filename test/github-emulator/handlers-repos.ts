import { combinedState, createStatus, latestStatuses, renderStatus } from "./checks.js";
import { paginate, repoOf, requireCommit, senderOf, stringField, type HandlerSpec } from "./handler-kit.js";
import { ApiError, bodyObject, created, noContent, notFound, ok, unprocessable, type EmulatorRequest } from "./http-types.js";
import type { BranchProtection, Repository } from "./model.js";
import { renderUser } from "./render-accounts.js";
import { renderCommit, renderContentDirectory, renderContentFile, renderDiffEntry, renderGitCommit } from "./render-git.js";
import type { World } from "./world.js";

export const EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
/** Above this size GitHub's contents API returns no inline content. */
const CONTENTS_INLINE_LIMIT = 1024 * 1024;
/** GitHub's compare lists at most this many files. */
const COMPARE_FILES_LIMIT = 300;

export function renderProtection(world: World, repo: Repository, branch: string, rule: BranchProtection): Record<string, unknown> {
  const url = `${world.urls.api}/repos/${repo.owner.login}/${repo.name}/branches/${encodeURIComponent(branch)}/protection`;
  const out: Record<string, unknown> = {
    url,
    required_signatures: { url: `${url}/required_signatures`, enabled: false },
    enforce_admins: { url: `${url}/enforce_admins`, enabled: rule.enforce_admins === true },
    required_linear_history: { enabled: rule.required_linear_history === true },
    allow_force_pushes: { enabled: rule.allow_force_pushes === true },
    allow_deletions: { enabled: rule.allow_deletions === true },
    block_creations: { enabled: false },
    required_conversation_resolution: { enabled: rule.required_conversation_resolution === true },
    lock_branch: { enabled: rule.lock_branch === true },
    allow_fork_syncing: { enabled: false },
  };
  if (rule.required_status_checks) {
    const checks = rule.required_status_checks.checks ?? rule.required_status_checks.contexts.map((context) => ({ context, app_id: null }));
    out.required_status_checks = {
      url: `${url}/required_status_checks`,
      strict: rule.required_status_checks.strict,
      contexts: [...new Set([...rule.required_status_checks.contexts, ...checks.map((c) => c.context)])],
      contexts_url: `${url}/required_status_checks/contexts`,
      checks: checks.map((c) => ({ context: c.context, app_id: c.app_id ?? null })),
    };
  }
  const reviews = rule.required_pull_request_reviews;
  if (reviews) {
    out.required_pull_request_reviews = {
      url: `${url}/required_pull_request_reviews`,
      dismiss_stale_reviews: reviews.dismiss_stale_reviews === true,
      require_code_owner_reviews: reviews.require_code_owner_reviews === true,
      required_approving_review_count: reviews.required_approving_review_count ?? 1,
      require_last_push_approval: reviews.require_last_push_approval === true,
    };
  }
  if (rule.restrictions) {
    out.restrictions = {
      url: `${url}/restrictions`,
      users_url: `${url}/restrictions/users`,
      teams_url: `${url}/restrictions/teams`,
      apps_url: `${url}/restrictions/apps`,
      users: rule.restrictions.users.map((l) => world.findAccount(l)).filter((a) => a !== undefined).map((a) => renderUser(a, world.urls)),
      teams: [],
      apps: [],
    };
  }
  return out;
}

/** Reads the body of "update branch protection"; its four keys are required (null to turn a part off). */
export function parseProtection(body: Record<string, unknown>): BranchProtection {
  for (const k of ["required_status_checks", "enforce_admins", "required_pull_request_reviews", "restrictions"]) {
    if (!(k in body)) throw unprocessable(`Invalid request.\n\n"${k}" wasn't supplied.`, [{ resource: "Branch", code: "missing_field", field: k }]);
  }
  return {
    required_status_checks: (body.required_status_checks as BranchProtection["required_status_checks"]) ?? null,
    enforce_admins: (body.enforce_admins as boolean | null) ?? null,
    required_pull_request_reviews: (body.required_pull_request_reviews as BranchProtection["required_pull_request_reviews"]) ?? null,
    restrictions: (body.restrictions as BranchProtection["restrictions"]) ?? null,
    required_linear_history: body.required_linear_history === true,
    allow_force_pushes: body.allow_force_pushes === true,
    allow_deletions: body.allow_deletions === true,
    required_conversation_resolution: body.required_conversation_resolution === true,
    lock_branch: body.lock_branch === true,
  };
}

const userFor = (world: World) => (email: string) => world.accountByEmail(email);

function wantsRaw(req: EmulatorRequest): boolean {
  const accept = req.headers.get("accept") ?? "";
  return /application\/vnd\.github(\.v3)?\.raw/.test(accept);
}

async function branchJson(world: World, repo: Repository, name: string, sha: string): Promise<Record<string, unknown>> {
  const rule = world.protection(repo, name);
  const api = `${world.urls.api}/repos/${repo.owner.login}/${repo.name}`;
  const commit = await repo.git.readCommit(sha);
  return {
    name,
    commit: renderCommit(repo, commit, world.urls, userFor(world)),
    _links: { self: `${api}/branches/${encodeURIComponent(name)}`, html: `${world.urls.html}/${repo.owner.login}/${repo.name}/tree/${name}` },
    protected: rule !== undefined,
    protection: rule ? { ...renderProtection(world, repo, name, rule), enabled: true } : { enabled: false, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } },
    protection_url: `${api}/branches/${encodeURIComponent(name)}/protection`,
  };
}

export const REPO_HANDLERS: Record<string, HandlerSpec> = {
  "repos/get": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const actor = req.actor;
      const json = world.renderRepo(repo);
      if (actor.kind === "user") {
        const p = world.permission(repo, actor.account);
        const rank = ["none", "read", "triage", "write", "maintain", "admin"].indexOf(p);
        json.permissions = { admin: rank >= 5, maintain: rank >= 4, push: rank >= 3, triage: rank >= 2, pull: rank >= 1 };
      }
      return ok(json);
    },
  },
  "repos/list-branches": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const api = `${world.urls.api}/repos/${repo.owner.login}/${repo.name}`;
      const onlyProtected = req.query.get("protected");
      const branches = (await repo.git.listRefs("refs/heads/"))
        .map((r) => ({ name: r.ref.slice("refs/heads/".length), sha: r.sha }))
        .filter((b) => onlyProtected === null || (onlyProtected === "true") === repo.protections.has(b.name))
        .map((b) => ({
          name: b.name,
          commit: { sha: b.sha, url: `${api}/commits/${b.sha}` },
          protected: repo.protections.has(b.name),
          protection_url: `${api}/branches/${encodeURIComponent(b.name)}/protection`,
        }));
      const { page, headers } = paginate(req, branches);
      return ok(page, headers);
    },
  },
  "repos/get-branch": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const sha = await repo.git.readRef(`refs/heads/${req.params.branch}`);
      if (!sha) throw notFound("Branch not found");
      return ok(await branchJson(world, repo, req.params.branch!, sha));
    },
  },
  "repos/get-branch-protection": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const rule = world.protection(repo, req.params.branch!);
      if (!rule) throw notFound("Branch not protected");
      return ok(renderProtection(world, repo, req.params.branch!, rule));
    },
  },
  "repos/update-branch-protection": {
    access: "write",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      if (!(await repo.git.readRef(`refs/heads/${req.params.branch}`))) throw notFound("Branch not found");
      const rule = parseProtection(bodyObject(req));
      repo.protections.set(req.params.branch!, rule);
      return ok(renderProtection(world, repo, req.params.branch!, rule));
    },
  },
  "repos/delete-branch-protection": {
    access: "write",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      if (!repo.protections.delete(req.params.branch!)) throw new ApiError(404, "Branch not protected");
      return noContent();
    },
  },
  "repos/get-collaborator-permission-level": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const user = world.account(req.params.username!);
      const role = world.permission(repo, user);
      // `permission` is the legacy four-value field; `role_name` says the exact role.
      const permission = role === "maintain" ? "write" : role === "triage" ? "read" : role;
      const rank = ["none", "read", "triage", "write", "maintain", "admin"].indexOf(role);
      return ok({
        permission,
        role_name: role,
        user: {
          ...renderUser(user, world.urls),
          permissions: { admin: rank >= 5, maintain: rank >= 4, push: rank >= 3, triage: rank >= 2, pull: rank >= 1 },
          role_name: role,
        },
      });
    },
  },
  "repos/list-commits": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      await world.assertNotEmpty(repo);
      const from = req.query.get("sha") ?? repo.defaultBranch;
      const sha = await world.resolveCommit(repo, from);
      if (!sha) throw notFound();
      const commits = await repo.git.listCommits([sha], { path: req.query.get("path") ?? undefined });
      const { page, headers } = paginate(req, commits);
      return ok(page.map((c) => renderCommit(repo, c, world.urls, userFor(world))), headers);
    },
  },
  "repos/get-commit": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const sha = await requireCommit(world, repo, req.params.ref!);
      const commit = await repo.git.readCommit(sha);
      const files = await world.diff(repo, commit.parents[0] ?? EMPTY_TREE, sha);
      const { page, headers } = paginate(req, files);
      return ok(renderCommit(repo, commit, world.urls, userFor(world), page), headers);
    },
  },
  "repos/get-combined-status-for-ref": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const sha = await requireCommit(world, repo, req.params.ref!, 404);
      const statuses = latestStatuses(repo, sha);
      const { page, headers } = paginate(req, statuses);
      const api = `${world.urls.api}/repos/${repo.owner.login}/${repo.name}`;
      return ok(
        {
          state: combinedState(statuses),
          statuses: page.map((s) => renderStatus(world, repo, s)),
          sha,
          total_count: statuses.length,
          repository: world.renderRepo(repo),
          commit_url: `${api}/commits/${sha}`,
          url: `${api}/commits/${sha}/status`,
        },
        headers,
      );
    },
  },
  "repos/list-commit-statuses-for-ref": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const sha = await world.resolveCommit(repo, req.params.ref!);
      const all = sha ? repo.statuses.filter((s) => s.sha === sha).reverse() : [];
      const { page, headers } = paginate(req, all);
      return ok(page.map((s) => renderStatus(world, repo, s)), headers);
    },
  },
  "repos/create-commit-status": {
    access: "write",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const status = await createStatus(world, repo, req.params.sha!, bodyObject(req), senderOf(req));
      return created(renderStatus(world, repo, status));
    },
  },
  "repos/compare-commits-with-basehead": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const spec = req.params.basehead!;
      const three = spec.indexOf("...");
      const two = spec.indexOf("..");
      if (three < 0 && two < 0) throw notFound();
      const [baseSpec, headSpec] = three >= 0 ? [spec.slice(0, three), spec.slice(three + 3)] : [spec.slice(0, two), spec.slice(two + 2)];
      await world.assertNotEmpty(repo);
      const strip = (s: string) => (s.includes(":") ? s.slice(s.indexOf(":") + 1) : s);
      const base = await world.resolveCommit(repo, strip(baseSpec));
      const head = await world.resolveCommit(repo, strip(headSpec));
      if (!base || !head) throw notFound();
      const mergeBase = (await repo.git.mergeBase(base, head)) ?? base;
      const ahead = await repo.git.listCommits([`${mergeBase}..${head}`], { reverse: true });
      const behind = await repo.git.listCommits([`${mergeBase}..${base}`]);
      const status = base === head ? "identical" : behind.length === 0 ? "ahead" : ahead.length === 0 ? "behind" : "diverged";
      const files = (await world.diff(repo, three >= 0 ? mergeBase : base, head)).slice(0, COMPARE_FILES_LIMIT);
      const { page, headers } = paginate(req, ahead.slice(-250));
      const full = `${repo.owner.login}/${repo.name}`;
      return ok(
        {
          url: `${world.urls.api}/repos/${full}/compare/${spec}`,
          html_url: `${world.urls.html}/${full}/compare/${spec}`,
          permalink_url: `${world.urls.html}/${full}/compare/${repo.owner.login}:${base}...${repo.owner.login}:${head}`,
          diff_url: `${world.urls.html}/${full}/compare/${spec}.diff`,
          patch_url: `${world.urls.html}/${full}/compare/${spec}.patch`,
          base_commit: renderCommit(repo, await repo.git.readCommit(base), world.urls, userFor(world)),
          merge_base_commit: renderCommit(repo, await repo.git.readCommit(mergeBase), world.urls, userFor(world)),
          status,
          ahead_by: ahead.length,
          behind_by: behind.length,
          total_commits: ahead.length,
          commits: page.map((c) => renderCommit(repo, c, world.urls, userFor(world))),
          files: files.map((f) => renderDiffEntry(repo, head, f, world.urls)),
        },
        headers,
      );
    },
  },
  "repos/get-content": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      await world.assertNotEmpty(repo);
      const ref = req.query.get("ref") || repo.defaultBranch;
      const sha = await world.resolveCommit(repo, ref);
      if (!sha) throw notFound(`No commit found for the ref ${ref}`);
      const path = (req.params.path ?? "").replace(/^\/+|\/+$/g, "");
      const entry = await repo.git.entryAt(sha, path);
      if (!entry) throw notFound();
      if (entry.type === "tree") {
        const children = await repo.git.lsTree(sha, { path: path ? `${path}/` : undefined });
        return ok(renderContentDirectory(repo, ref, children, world.urls));
      }
      if (entry.type === "commit") throw notFound();
      const content = await repo.git.readBlob(entry.sha);
      if (wantsRaw(req)) return { status: 200, raw: content, headers: { "content-type": "text/plain; charset=utf-8" } };
      if (content.length > CONTENTS_INLINE_LIMIT) return ok({ ...renderContentFile(repo, ref, entry, Buffer.alloc(0), world.urls), size: content.length, content: "", encoding: "none" });
      return ok(renderContentFile(repo, ref, entry, content, world.urls));
    },
  },
  "repos/create-or-update-file-contents": {
    access: "write",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const body = bodyObject(req);
      const message = stringField(body, "message");
      const content = stringField(body, "content");
      if (!message) throw unprocessable('Invalid request.\n\n"message" wasn\'t supplied.', [{ resource: "Content", code: "missing_field", field: "message" }]);
      if (content === undefined) throw unprocessable('Invalid request.\n\n"content" wasn\'t supplied.', [{ resource: "Content", code: "missing_field", field: "content" }]);
      const branch = stringField(body, "branch") ?? repo.defaultBranch;
      const path = (req.params.path ?? "").replace(/^\/+|\/+$/g, "");
      const parent = await repo.git.readRef(`refs/heads/${branch}`);
      const empty = (await repo.git.listRefs("refs/heads/")).length === 0;
      if (!parent && !empty) throw notFound(`Branch ${branch} not found`);
      const existing = parent ? await repo.git.entryAt(parent, path) : null;
      const givenSha = stringField(body, "sha");
      if (existing && !givenSha) throw unprocessable('Invalid request.\n\n"sha" wasn\'t supplied.', [{ resource: "Content", code: "missing_field", field: "sha" }]);
      if (existing && givenSha !== existing.sha) throw new ApiError(409, `${path} does not match ${givenSha}`);
      const blob = await repo.git.writeBlob(Buffer.from(content, "base64"));
      const baseTree = parent ? (await repo.git.readCommit(parent)).tree : null;
      const tree = await repo.git.buildTree(baseTree, [{ path, mode: "100644", type: "blob", sha: blob }]);
      const sender = senderOf(req);
      const who = (v: unknown) => {
        const o = v as { name?: unknown; email?: unknown } | undefined;
        return o && typeof o.name === "string" && typeof o.email === "string" ? { name: o.name, email: o.email } : { name: sender.name, email: sender.email };
      };
      const date = world.now();
      const committer = who(body.committer);
      const sha = await repo.git.commitTree({
        tree,
        parents: parent ? [parent] : [],
        message,
        author: { ...(body.author ? who(body.author) : committer), date },
        committer: { ...committer, date },
      });
      try {
        await world.moveRef(repo, `refs/heads/${branch}`, sha, { expected: parent, sender });
      } catch (e) {
        if (e instanceof ApiError && e.status === 422) throw new ApiError(409, `${branch} was modified; try again`);
        throw e;
      }
      const entry = (await repo.git.entryAt(sha, path))!;
      const result = {
        content: renderContentFile(repo, branch, entry, Buffer.alloc(0), world.urls),
        commit: renderGitCommit(repo, await repo.git.readCommit(sha), world.urls),
      };
      delete (result.content as Record<string, unknown>).content;
      delete (result.content as Record<string, unknown>).encoding;
      return existing ? ok(result) : created(result);
    },
  },
};
