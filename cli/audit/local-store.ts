/**
 * The audit store over a local git repository, with plumbing only, never
 * touching the user's work tree, index or HEAD (recording works in a dirty
 * checkout or a bare repository):
 *
 * - readTip: one `git cat-file --batch` session resolves the branch and reads
 *   the prefetched files at exactly that commit.
 * - commit: one `git fast-import` writes the blobs, trees and the commit (on a
 *   throwaway ref it is told to delete, so no ref is left behind), then
 *   `git update-ref <ref> <new> <old>` moves the branch only if it is still at
 *   <old> (all zeros: only if it does not exist yet). That is the
 *   compare-and-swap; any refusal is reported as "moved".
 *
 * Why fast-import rather than hash-object + read-tree + update-index +
 * write-tree + commit-tree: it is one process instead of five, and under
 * contention process start-up is what every writer waits for (measured: the
 * 20-writer test ran about twice as fast).
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { AuditStore, CommitOutcome, TipSnapshot } from "../../core/audit/append.js";
import type { HistoryCommit } from "../../core/audit/verify.js";

export interface GitIdentity {
  name: string;
  email: string;
}

export interface LocalStoreOptions {
  /** Repository directory (work tree or bare). */
  repo: string;
  /** Author and committer of audit commits; the log is written by PromptOps, not by whoever runs it. */
  identity?: GitIdentity;
}

const DEFAULT_IDENTITY: GitIdentity = { name: "PromptOps", email: "promptops@users.noreply.localhost" };

// One git runner for the CLI: re-exported for the audit commands and tests that import it from here.
export { git, GitError } from "../git/run-git.js";
import { git, GitError } from "../git/run-git.js";

const refOf = (branch: string) => `refs/heads/${branch}`;

function checkBranch(branch: string): void {
  // git check-ref-format would cost a process; these are the rules that matter for a branch we create.
  if (!/^[A-Za-z0-9._/-]+$/.test(branch) || branch.includes("..") || branch.startsWith("/") || branch.endsWith("/") || branch.endsWith(".lock") || branch.startsWith("-")) {
    throw new RangeError(`not a valid branch name: ${JSON.stringify(branch)}`);
  }
}

export async function resolveBranch(repo: string, branch: string): Promise<string | null> {
  checkBranch(branch);
  try {
    return (await git(repo, ["rev-parse", "--verify", "--quiet", `${refOf(branch)}^{commit}`])).toString("utf8").trim() || null;
  } catch (e) {
    if (e instanceof GitError && e.code === 1) return null;
    throw e;
  }
}

export async function readBlob(repo: string, commit: string, path: string): Promise<string | undefined> {
  try {
    return (await git(repo, ["cat-file", "blob", `${commit}:${path}`])).toString("utf8");
  } catch (e) {
    if (e instanceof GitError && e.code === 128) return undefined;
    throw e;
  }
}

/**
 * A `git cat-file --batch` conversation: each request is answered before the
 * next is sent, so a later request can name the commit an earlier one found.
 */
class CatFileSession {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private waiting: (() => void) | undefined;
  private failed: Error | undefined;

  constructor(repo: string) {
    this.child = spawn("git", ["-C", repo, "cat-file", "--batch"], { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    this.child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    this.child.stdout.on("data", (d: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, d]);
      this.waiting?.();
    });
    const fail = (e: Error) => {
      this.failed = e;
      this.waiting?.();
    };
    this.child.on("error", fail);
    this.child.on("close", (code) => fail(new GitError(["cat-file", "--batch"], code, stderr || "ended before answering")));
    this.child.stdin.on("error", () => {});
  }

  async get(spec: string): Promise<{ sha: string; type: string; content: Buffer } | undefined> {
    if (/[\n\r]/.test(spec)) throw new RangeError("object names cannot contain newlines");
    this.child.stdin.write(`${spec}\n`);
    for (;;) {
      const nl = this.buffer.indexOf(0x0a);
      if (nl >= 0) {
        const header = this.buffer.subarray(0, nl).toString("utf8");
        if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
          this.buffer = this.buffer.subarray(nl + 1);
          return undefined;
        }
        const [sha, type, size] = header.split(" ");
        const end = nl + 1 + Number(size);
        if (this.buffer.length >= end + 1) {
          const content = Buffer.from(this.buffer.subarray(nl + 1, end));
          this.buffer = this.buffer.subarray(end + 1);
          return { sha: sha!, type: type!, content };
        }
      }
      if (this.failed) throw this.failed;
      await new Promise<void>((resolve) => (this.waiting = resolve));
      this.waiting = undefined;
    }
  }

  close(): void {
    this.child.stdin.end();
  }
}

/** fast-import paths are written bare; the layout only ever produces these characters. */
function checkPath(path: string): void {
  if (!/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(path)) throw new RangeError(`unsupported path for the audit branch: ${JSON.stringify(path)}`);
}

export class LocalGitStore implements AuditStore {
  readonly repo: string;
  private readonly identity: GitIdentity;
  private zeroSha: string | undefined;

  constructor(opts: LocalStoreOptions) {
    this.repo = opts.repo;
    this.identity = opts.identity ?? DEFAULT_IDENTITY;
  }

  async readTip(branch: string, prefetch: readonly string[] = []): Promise<TipSnapshot> {
    checkBranch(branch);
    const session = new CatFileSession(this.repo);
    const cached = new Map<string, string | undefined>();
    let sha: string | null = null;
    try {
      const tip = await session.get(refOf(branch));
      if (tip && tip.type === "commit") {
        sha = tip.sha;
        for (const path of prefetch) {
          const blob = await session.get(`${sha}:${path}`);
          cached.set(path, blob && blob.type === "blob" ? blob.content.toString("utf8") : undefined);
        }
      }
    } finally {
      session.close();
    }
    const at = sha;
    return {
      sha: at,
      read: async (path) => (at === null ? undefined : cached.has(path) ? cached.get(path) : readBlob(this.repo, at, path)),
    };
  }

  /** All zeros in the repository's hash length: update-ref's "must not exist yet", fast-import's "delete". */
  private async zero(): Promise<string> {
    if (!this.zeroSha) {
      const format = (await git(this.repo, ["rev-parse", "--show-object-format"])).toString("utf8").trim();
      this.zeroSha = "0".repeat(format === "sha256" ? 64 : 40);
    }
    return this.zeroSha;
  }

  async commit(branch: string, parent: string | null, files: ReadonlyMap<string, string>, message: string): Promise<CommitOutcome> {
    checkBranch(branch);
    for (const path of files.keys()) checkPath(path);
    const zero = parent ? "0".repeat(parent.length) : await this.zero();
    // Cheap early exit: if the ref already moved, writing objects would be for nothing.
    // update-ref below still does the real compare-and-swap.
    if ((await resolveBranch(this.repo, branch)) !== parent) return { ok: false, reason: "moved" };

    const scratch = `refs/promptops-tmp/${process.pid}-${randomBytes(6).toString("hex")}`;
    const who = `${this.identity.name} <${this.identity.email}> now`;
    const data = (text: string) => {
      const bytes = Buffer.from(text, "utf8");
      return [Buffer.from(`data ${bytes.length}\n`), bytes, Buffer.from("\n")];
    };
    const stream = Buffer.concat([
      Buffer.from(`commit ${scratch}\nmark :1\nauthor ${who}\ncommitter ${who}\n`),
      ...data(message),
      Buffer.from(parent ? `from ${parent}\n` : ""),
      ...[...files].flatMap(([path, content]) => [Buffer.from(`M 100644 inline ${path}\n`), ...data(content)]),
      // Print the new commit's id, then drop the scratch ref: fast-import deletes a branch reset to all zeros.
      Buffer.from(`get-mark :1\nreset ${scratch}\nfrom ${zero}\n\n`),
    ]);
    const commit = (await git(this.repo, ["fast-import", "--quiet", "--date-format=now"], { input: stream })).toString("utf8").trim();
    if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(commit)) throw new Error("git fast-import did not report the new commit");
    try {
      await git(this.repo, ["update-ref", "-m", "promptops audit append", refOf(branch), commit, parent ?? zero]);
    } catch (e) {
      // The ref moved, was created meanwhile, or another writer holds its lock: all mean "re-read and retry".
      if (e instanceof GitError && /cannot lock ref|is at .* but expected|already exists|File exists|Unable to create/i.test(e.stderr)) {
        return { ok: false, reason: "moved" };
      }
      throw e;
    }
    return { ok: true, sha: commit };
  }
}

/**
 * History of a branch for verification: every commit reachable from its tip,
 * oldest first, with the files each one adds, modifies or deletes (against its
 * first parent), and the files at the tip.
 */
export async function readHistory(repo: string, branch: string): Promise<{ tip: string | null; commits: HistoryCommit[]; files: Map<string, string> }> {
  const tip = await resolveBranch(repo, branch);
  if (tip === null) return { tip, commits: [], files: new Map() };
  const revs = (await git(repo, ["rev-list", "--reverse", "--topo-order", "--parents", tip])).toString("utf8").trim().split("\n").filter(Boolean);
  const commits: HistoryCommit[] = revs.map((line) => {
    const [sha, ...parents] = line.split(" ");
    return { sha: sha!, parents, changes: [] };
  });
  // One diff-tree for the whole history: a root is diffed against the empty tree, others against their first parent.
  const input = commits.map((c) => (c.parents.length ? `${c.sha} ${c.parents[0]}` : c.sha)).join("\n") + "\n";
  const raw = (await git(repo, ["diff-tree", "--stdin", "-r", "--root", "--always", "--no-renames", "--name-status", "-z"], { input })).toString("utf8");
  const tokens = raw.split("\0");
  const bySha = new Map(commits.map((c) => [c.sha, c]));
  let current: HistoryCommit | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === "") continue;
    const header = /^([0-9a-f]{40}|[0-9a-f]{64})(?: [0-9a-f]+)*$/.exec(t);
    if (header && bySha.has(header[1]!)) {
      current = bySha.get(header[1]!);
      continue;
    }
    const path = tokens[++i];
    if (current && path !== undefined) current.changes.push({ status: t.charAt(0), path });
  }
  return { tip, commits, files: await readTree(repo, tip) };
}

/** All files of a commit (or those `keep` accepts), read with one ls-tree and one cat-file --batch. */
export async function readTree(repo: string, commit: string, keep: (path: string) => boolean = () => true): Promise<Map<string, string>> {
  const listing = (await git(repo, ["ls-tree", "-r", "-z", "--full-tree", commit])).toString("utf8").split("\0").filter(Boolean);
  const blobs: { path: string; sha: string }[] = [];
  for (const line of listing) {
    const tab = line.indexOf("\t");
    const [, type, sha] = line.slice(0, tab).split(" ");
    if (type === "blob" && keep(line.slice(tab + 1))) blobs.push({ path: line.slice(tab + 1), sha: sha! });
  }
  const files = new Map<string, string>();
  if (!blobs.length) return files;
  const out = await git(repo, ["cat-file", "--buffer", "--batch"], { input: blobs.map((b) => b.sha).join("\n") + "\n" });
  let offset = 0;
  for (const b of blobs) {
    const nl = out.indexOf(0x0a, offset);
    const size = Number(out.subarray(offset, nl).toString("utf8").split(" ")[2]);
    files.set(b.path, out.subarray(nl + 1, nl + 1 + size).toString("utf8"));
    offset = nl + 1 + size + 1;
  }
  return files;
}
