/**
 * An in-memory AuditStore with the semantics of GitHub's git data API:
 * commits are content-addressed, the ref moves only from the expected parent
 * (PATCH ref without force), creation fails if the ref exists (POST refs).
 * Every operation yields to the event loop so concurrent appends interleave.
 * `requests` counts what the GitHub store would send.
 */
import { createHash } from "node:crypto";
import type { AuditStore, CommitOutcome, TipSnapshot } from "../../core/audit/append.js";
import type { HistoryCommit } from "../../core/audit/verify.js";

interface StoredCommit {
  sha: string;
  parent: string | null;
  files: Map<string, string>;
  message: string;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export class MemoryStore implements AuditStore {
  readonly commits = new Map<string, StoredCommit>();
  readonly refs = new Map<string, string>();
  /** GitHub API requests the same operations would cost: GET ref, GET contents, POST tree + POST commit + PATCH/POST ref. */
  requests = 0;
  reads: string[] = [];

  async readTip(branch: string): Promise<TipSnapshot> {
    this.requests++;
    await tick();
    const sha = this.refs.get(branch) ?? null;
    const files = sha ? this.commits.get(sha)!.files : undefined;
    return {
      sha,
      read: async (path) => {
        this.requests++;
        this.reads.push(path);
        await tick();
        return files?.get(path);
      },
    };
  }

  async commit(branch: string, parent: string | null, files: ReadonlyMap<string, string>, message: string): Promise<CommitOutcome> {
    this.requests += 3;
    const tree = new Map(parent ? this.commits.get(parent)!.files : []);
    for (const [p, c] of files) tree.set(p, c);
    const sha = createHash("sha1")
      .update(JSON.stringify([parent, message, [...tree].sort()]))
      .digest("hex");
    this.commits.set(sha, { sha, parent, files: tree, message });
    await tick();
    if ((this.refs.get(branch) ?? null) !== parent) return { ok: false, reason: "moved" };
    this.refs.set(branch, sha);
    return { ok: true, sha };
  }

  /** Force a ref, as a force-push would. */
  forceRef(branch: string, sha: string): void {
    this.refs.set(branch, sha);
  }

  /** Write a commit by hand (no CAS), as someone with push access could. */
  handCommit(branch: string, change: { write?: Record<string, string>; remove?: string[] }, message = "hand edit"): string {
    const parent = this.refs.get(branch) ?? null;
    const tree = new Map(parent ? this.commits.get(parent)!.files : []);
    for (const [p, c] of Object.entries(change.write ?? {})) tree.set(p, c);
    for (const p of change.remove ?? []) tree.delete(p);
    const sha = createHash("sha1").update(JSON.stringify([parent, message, [...tree].sort()])).digest("hex");
    this.commits.set(sha, { sha, parent, files: tree, message });
    this.refs.set(branch, sha);
    return sha;
  }

  files(branch: string): Map<string, string> {
    const sha = this.refs.get(branch);
    return new Map(sha ? this.commits.get(sha)!.files : []);
  }

  /** The history verify needs, oldest first, with changes against each first parent. */
  history(branch: string): HistoryCommit[] {
    const chain: StoredCommit[] = [];
    for (let sha = this.refs.get(branch) ?? null; sha; sha = this.commits.get(sha)!.parent) chain.unshift(this.commits.get(sha)!);
    return chain.map((c) => {
      const before = c.parent ? this.commits.get(c.parent)!.files : new Map<string, string>();
      const changes = [];
      for (const [p, content] of c.files) {
        if (!before.has(p)) changes.push({ status: "A", path: p });
        else if (before.get(p) !== content) changes.push({ status: "M", path: p });
      }
      for (const p of before.keys()) if (!c.files.has(p)) changes.push({ status: "D", path: p });
      return { sha: c.sha, parents: c.parent ? [c.parent] : [], changes };
    });
  }
}
