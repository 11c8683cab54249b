import { randomUUID } from "node:crypto";
import type { AuditStore, CommitOutcome, TipSnapshot } from "../core/audit/append.js";
import { statusOf, type GitHubClient, type RepoRef } from "./client.js";

const RAW = { accept: "application/vnd.github.raw+json" };

/**
 * The audit log's store over GitHub's git data API. Without contention an
 * append costs five requests: branch (commit and tree in one answer),
 * state.json, tree (inline contents over the parent's tree), commit, and the
 * ref update without force — GitHub's compare-and-swap: it answers 422 when
 * another writer moved the ref first, and the append re-reads and retries.
 */
export class GitHubAuditStore implements AuditStore {
  /** Tree of each tip read, so a commit needs no extra request to find its base tree. */
  private readonly trees = new Map<string, string>();
  /**
   * Entries are deterministic (Ed25519), so two replicas appending the same
   * decision in the same second would build the very same commit, and both
   * would see their ref update succeed. A per-writer trailer makes their
   * commits differ: exactly one wins the compare-and-swap, the other re-reads
   * and finds the entry there (and so only one of them comments on the PR).
   */
  private readonly writer = randomUUID();

  constructor(private readonly client: GitHubClient, private readonly repo: RepoRef) {}

  async readTip(branch: string, prefetch: readonly string[] = []): Promise<TipSnapshot> {
    let sha: string | null = null;
    try {
      const res = await this.client.request("GET /repos/{owner}/{repo}/branches/{branch}", { ...this.repo, branch });
      const data = res.data as { commit: { sha: string; commit: { tree: { sha: string } } } };
      sha = data.commit.sha;
      this.trees.set(sha, data.commit.commit.tree.sha);
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
    const at = sha;
    const cache = new Map<string, Promise<string | undefined>>();
    const read = (path: string): Promise<string | undefined> => {
      if (at === null) return Promise.resolve(undefined);
      if (!cache.has(path)) cache.set(path, this.readFile(path, at));
      return cache.get(path)!;
    };
    for (const p of prefetch) void read(p).catch(() => undefined);
    return { sha: at, read };
  }

  private async readFile(path: string, ref: string): Promise<string | undefined> {
    try {
      const res = await this.client.request("GET /repos/{owner}/{repo}/contents/{path}", { ...this.repo, path, ref, headers: RAW });
      return typeof res.data === "string" ? res.data : Buffer.from(res.data as ArrayBuffer).toString("utf8");
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  async commit(branch: string, parent: string | null, files: ReadonlyMap<string, string>, message: string): Promise<CommitOutcome> {
    const baseTree = parent ? this.trees.get(parent) ?? (await this.treeOf(parent)) : undefined;
    const tree = await this.client.request("POST /repos/{owner}/{repo}/git/trees", {
      ...this.repo,
      ...(baseTree ? { base_tree: baseTree } : {}),
      tree: [...files].map(([path, content]) => ({ path, mode: "100644", type: "blob", content })),
    });
    const commit = await this.client.request("POST /repos/{owner}/{repo}/git/commits", {
      ...this.repo, message: `${message.trimEnd()}\nPromptOps-Writer: ${this.writer}\n`, tree: (tree.data as { sha: string }).sha, parents: parent ? [parent] : [],
    });
    const sha = (commit.data as { sha: string }).sha;
    try {
      if (parent) await this.client.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", { ...this.repo, ref: `heads/${branch}`, sha, force: false });
      else await this.client.request("POST /repos/{owner}/{repo}/git/refs", { ...this.repo, ref: `refs/heads/${branch}`, sha });
    } catch (e) {
      // 422: not a fast forward / reference already exists; 409: GitHub's conflict on a concurrently updated ref.
      if (statusOf(e) === 422 || statusOf(e) === 409) return { ok: false, reason: "moved" };
      throw e;
    }
    this.trees.set(sha, (tree.data as { sha: string }).sha);
    return { ok: true, sha };
  }

  private async treeOf(commit: string): Promise<string> {
    const res = await this.client.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", { ...this.repo, commit_sha: commit });
    return (res.data as { tree: { sha: string } }).tree.sha;
  }
}
