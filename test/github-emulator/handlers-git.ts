import { GitStoreError, type TreeChange } from "./git-store.js";
import { paginate, repoOf, senderOf, stringField, type HandlerSpec } from "./handler-kit.js";
import { ApiError, bodyObject, created, noContent, notFound, ok, unprocessable } from "./http-types.js";
import type { Repository } from "./model.js";
import { renderBlob, renderGitCommit, renderRef, renderTree } from "./render-git.js";
import type { World } from "./world.js";

const SHA = /^[0-9a-f]{40}$/;
/** GitHub truncates recursive tree listings past this many entries. */
const TREE_ENTRY_LIMIT = 100_000;

async function refJson(world: World, repo: Repository, ref: string, sha: string): Promise<Record<string, unknown>> {
  return renderRef(repo, ref, sha, (await repo.git.objectType(sha)) ?? "commit", world.urls);
}

/** A `name <email>` with an optional date from a git-data request body. */
function signature(v: unknown, fallback: { name: string; email: string }, now: Date): { name: string; email: string; date: Date } {
  const o = (v ?? {}) as { name?: unknown; email?: unknown; date?: unknown };
  const date = typeof o.date === "string" && !Number.isNaN(Date.parse(o.date)) ? new Date(o.date) : now;
  if (typeof o.name === "string" && typeof o.email === "string") return { name: o.name, email: o.email, date };
  return { ...fallback, date };
}

function parseTreeEntries(value: unknown): TreeChange[] {
  if (!Array.isArray(value)) throw unprocessable('Invalid request.\n\n"tree" wasn\'t supplied.', [{ resource: "Tree", code: "missing_field", field: "tree" }]);
  return value.map((raw, index) => {
    const e = (raw ?? {}) as Record<string, unknown>;
    const invalid = (field: string, message?: string) => unprocessable(message ?? `Invalid tree info`, [{ resource: "Tree", code: "invalid", field: `tree[${index}].${field}`, ...(message ? { message } : {}) }]);
    if (typeof e.path !== "string" || e.path === "") throw invalid("path");
    if (typeof e.mode !== "string" || !["100644", "100755", "040000", "160000", "120000"].includes(e.mode)) throw invalid("mode");
    const type = typeof e.type === "string" ? e.type : e.mode === "040000" ? "tree" : e.mode === "160000" ? "commit" : "blob";
    if (!["blob", "tree", "commit"].includes(type)) throw invalid("type");
    const hasSha = "sha" in e;
    const hasContent = typeof e.content === "string";
    if (hasSha && hasContent) throw invalid("sha", "Must supply either tree.sha or tree.content, not both");
    if (!hasSha && !hasContent) throw invalid("sha", "Must supply either tree.sha or tree.content");
    if (hasSha && e.sha !== null && (typeof e.sha !== "string" || !SHA.test(e.sha))) throw invalid("sha", `tree.sha ${String(e.sha)} is not a valid ${type}`);
    if (hasContent && type !== "blob") throw invalid("content");
    return { path: e.path, mode: e.mode, type: type as TreeChange["type"], sha: hasSha ? (e.sha as string | null) : undefined, content: hasContent ? (e.content as string) : undefined };
  });
}

function refParam(req: { params: Record<string, string> }): string {
  return `refs/${(req.params.ref ?? "").replace(/^refs\//, "")}`;
}

export const GIT_HANDLERS: Record<string, HandlerSpec> = {
  "git/create-blob": {
    access: "write",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      await world.assertNotEmpty(repo);
      const body = bodyObject(req);
      const content = stringField(body, "content");
      if (content === undefined) throw unprocessable('Invalid request.\n\n"content" wasn\'t supplied.', [{ resource: "Blob", code: "missing_field", field: "content" }]);
      const encoding = stringField(body, "encoding") ?? "utf-8";
      if (encoding !== "utf-8" && encoding !== "utf8" && encoding !== "base64") throw unprocessable("Validation Failed", [{ resource: "Blob", code: "invalid", field: "encoding" }]);
      const sha = await repo.git.writeBlob(Buffer.from(content, encoding === "base64" ? "base64" : "utf8"));
      return created({ sha, url: `${world.urls.api}/repos/${repo.owner.login}/${repo.name}/git/blobs/${sha}` });
    },
  },
  "git/get-blob": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      await world.assertNotEmpty(repo);
      const sha = req.params.file_sha!;
      if ((await repo.git.objectType(sha)) !== "blob") throw notFound();
      return ok(renderBlob(repo, sha, await repo.git.readBlob(sha), world.urls));
    },
  },
  "git/create-commit": {
    access: "write",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      await world.assertNotEmpty(repo);
      const body = bodyObject(req);
      const message = stringField(body, "message");
      const tree = stringField(body, "tree");
      if (message === undefined) throw unprocessable('Invalid request.\n\n"message" wasn\'t supplied.', [{ resource: "Commit", code: "missing_field", field: "message" }]);
      if (!tree) throw unprocessable('Invalid request.\n\n"tree" wasn\'t supplied.', [{ resource: "Commit", code: "missing_field", field: "tree" }]);
      const parents = Array.isArray(body.parents) ? body.parents : [];
      if ((await repo.git.objectType(tree)) !== "tree") throw unprocessable("Tree SHA does not exist", [{ resource: "Commit", code: "invalid", field: "tree" }]);
      for (const p of parents) {
        if (typeof p !== "string" || (await repo.git.objectType(p)) !== "commit") throw unprocessable("Parent SHA does not exist or is not a commit object", [{ resource: "Commit", code: "invalid", field: "parents" }]);
      }
      const sender = senderOf(req);
      const now = world.now();
      const author = signature(body.author, { name: sender.name, email: sender.email }, now);
      const committer = signature(body.committer ?? body.author, { name: sender.name, email: sender.email }, now);
      const sha = await repo.git.commitTree({ tree, parents: parents as string[], message, author, committer });
      return created(renderGitCommit(repo, await repo.git.readCommit(sha), world.urls));
    },
  },
  "git/get-commit": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      await world.assertNotEmpty(repo);
      const sha = req.params.commit_sha!;
      if ((await repo.git.objectType(sha)) !== "commit") throw notFound();
      return ok(renderGitCommit(repo, await repo.git.readCommit(sha), world.urls));
    },
  },
  "git/get-ref": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      await world.assertNotEmpty(repo);
      const ref = refParam(req);
      const sha = await repo.git.readRef(ref);
      if (!sha || ref.startsWith("refs/emulator/")) throw notFound();
      return ok(await refJson(world, repo, ref, sha));
    },
  },
  "git/list-matching-refs": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      await world.assertNotEmpty(repo);
      const prefix = refParam(req);
      const refs = (await repo.git.listRefs("refs/")).filter((r) => r.ref.startsWith(prefix) && !r.ref.startsWith("refs/emulator/"));
      const { page, headers } = paginate(req, refs);
      return ok(page.map((r) => renderRef(repo, r.ref, r.sha, r.type, world.urls)), headers);
    },
  },
  "git/create-ref": {
    access: "write",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      await world.assertNotEmpty(repo);
      const body = bodyObject(req);
      const ref = stringField(body, "ref");
      const sha = stringField(body, "sha");
      if (!ref) throw unprocessable('Invalid request.\n\n"ref" wasn\'t supplied.', [{ resource: "Reference", code: "missing_field", field: "ref" }]);
      if (!sha) throw unprocessable('Invalid request.\n\n"sha" wasn\'t supplied.', [{ resource: "Reference", code: "missing_field", field: "sha" }]);
      if (!ref.startsWith("refs/") || ref.split("/").length < 3) throw unprocessable("Reference name must start with 'refs/' and have at least two slashes.");
      if (!SHA.test(sha) || !(await repo.git.objectType(sha))) throw unprocessable("Object does not exist");
      if (await repo.git.readRef(ref)) throw unprocessable("Reference already exists");
      try {
        await world.moveRef(repo, ref, sha, { expected: null, sender: senderOf(req) });
      } catch (e) {
        if (e instanceof ApiError) throw unprocessable("Reference already exists");
        throw e;
      }
      return created(await refJson(world, repo, ref, sha));
    },
  },
  "git/update-ref": {
    access: "write",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      await world.assertNotEmpty(repo);
      const ref = refParam(req);
      const body = bodyObject(req);
      const sha = stringField(body, "sha");
      const force = body.force === true;
      if (!sha) throw unprocessable('Invalid request.\n\n"sha" wasn\'t supplied.', [{ resource: "Reference", code: "missing_field", field: "sha" }]);
      const current = await repo.git.readRef(ref);
      if (!current) throw unprocessable("Reference does not exist");
      if (!SHA.test(sha) || !(await repo.git.objectType(sha))) throw unprocessable("Object does not exist");
      const fastForward = current === sha || (await repo.git.isAncestor(current, sha));
      if (!fastForward && !force) throw unprocessable("Update is not a fast forward");
      const branch = ref.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : null;
      const rule = branch ? world.protection(repo, branch) : undefined;
      if (!fastForward && rule && !rule.allow_force_pushes) throw unprocessable("Cannot force-push to this branch");
      // Without force the write must still be a fast-forward of what is there when it lands.
      await world.moveRef(repo, ref, sha, { expected: force ? undefined : current, sender: senderOf(req) });
      return ok(await refJson(world, repo, ref, sha));
    },
  },
  "git/delete-ref": {
    access: "write",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      await world.assertNotEmpty(repo);
      const ref = refParam(req);
      const branch = ref.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : null;
      const rule = branch ? world.protection(repo, branch) : undefined;
      if (!(await repo.git.readRef(ref))) throw unprocessable("Reference does not exist");
      if (rule && !rule.allow_deletions) throw unprocessable("Cannot delete this protected branch");
      await world.moveRef(repo, ref, null, { sender: senderOf(req) });
      return noContent();
    },
  },
  "git/create-tree": {
    access: "write",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      await world.assertNotEmpty(repo);
      const body = bodyObject(req);
      const entries = parseTreeEntries(body.tree);
      const baseTree = stringField(body, "base_tree");
      if (baseTree !== undefined && (await repo.git.objectType(baseTree)) !== "tree") {
        throw unprocessable("Validation Failed", [{ resource: "Tree", code: "invalid", field: "base_tree", message: `base_tree ${baseTree} is not a valid tree` }]);
      }
      let sha: string;
      try {
        sha = await repo.git.buildTree(baseTree ?? null, entries);
      } catch (e) {
        if (e instanceof GitStoreError) throw unprocessable("Validation Failed", [{ resource: "Tree", code: "invalid", field: "tree", message: e.message }]);
        throw e;
      }
      return created(renderTree(repo, sha, await repo.git.lsTree(sha), world.urls));
    },
  },
  "git/get-tree": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      await world.assertNotEmpty(repo);
      const name = req.params.tree_sha!;
      let tree: string | null = null;
      const type = SHA.test(name) ? await repo.git.objectType(name) : null;
      if (type === "tree") tree = name;
      else {
        const commit = type === "commit" ? name : await world.resolveCommit(repo, name);
        if (commit) tree = (await repo.git.readCommit(commit)).tree;
      }
      if (!tree) throw notFound();
      const recursive = req.query.has("recursive");
      const entries = await repo.git.lsTree(tree, { recursive });
      const json = renderTree(repo, tree, entries.slice(0, TREE_ENTRY_LIMIT), world.urls);
      json.truncated = entries.length > TREE_ENTRY_LIMIT;
      return ok(json);
    },
  },
};
