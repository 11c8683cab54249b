import { mkdirSync, writeFileSync, chmodSync, rmSync } from "node:fs";
import { join } from "node:path";
import { runGit, gitText } from "./git-command.js";

export const ZERO_SHA = "0000000000000000000000000000000000000000";
const FULL_SHA = /^[0-9a-f]{40}$/;
/** The file (inside the bare repository) where the post-receive hook records pushes made with git. */
export const PUSH_LOG = "emulator-pushes.log";

export interface GitSignature {
  name: string;
  email: string;
  /** ISO 8601 in UTC with `Z`, as GitHub prints commit dates. */
  date: string;
}

export interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  author: GitSignature;
  committer: GitSignature;
  message: string;
}

export interface TreeEntry {
  mode: string;
  type: "blob" | "tree" | "commit";
  sha: string;
  /** Blob size in bytes; absent for trees and submodules. */
  size?: number;
  path: string;
}

export type DiffStatus = "added" | "removed" | "modified" | "renamed" | "copied" | "changed";

export interface DiffFile {
  status: DiffStatus;
  filename: string;
  previousFilename?: string;
  /** Blob SHA on the head side (the base side's for a removed file). */
  sha: string;
  additions: number;
  deletions: number;
  binary: boolean;
  /** Unified diff hunks without the `diff --git` header, as GitHub's `patch` field; absent for binary files and pure renames. */
  patch?: string;
}

/** Content for a path in a commit; `null` deletes it. */
export type FileWrite = string | Buffer | null | { content: string | Buffer; executable?: boolean };

export interface TreeChange {
  path: string;
  mode: string;
  type: "blob" | "tree" | "commit";
  /** `null` deletes the path; `undefined` with `content` writes a new blob. */
  sha?: string | null;
  content?: string;
}

export class GitStoreError extends Error {
  constructor(
    readonly code: "missing-object" | "bad-tree-entry" | "ref-mismatch" | "not-a-commit",
    message: string,
  ) {
    super(message);
  }
}

const isoDate = (epochSeconds: number): string => new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

const COMMIT_FORMAT = ["%H", "%T", "%P", "%an", "%ae", "%at", "%cn", "%ce", "%ct", "%B"].join("%x1f") + "%x1e";

function parseCommits(out: string): CommitInfo[] {
  return out
    .split("\x1e")
    .map((r) => r.replace(/^\n/, ""))
    .filter((r) => r.length > 0)
    .map((record) => {
      const [sha, tree, parents, an, ae, at, cn, ce, ct, ...rest] = record.split("\x1f");
      return {
        sha: sha!,
        tree: tree!,
        parents: parents ? parents.split(" ").filter(Boolean) : [],
        author: { name: an!, email: ae!, date: isoDate(Number(at)) },
        committer: { name: cn!, email: ce!, date: isoDate(Number(ct)) },
        message: rest.join("\x1f").replace(/\n$/, ""),
      };
    });
}

/** fast-import's C-style quoted path, safe for any file name. */
const quotePath = (p: string): string => `"${p.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;

const signatureLine = (who: { name: string; email: string }, date: Date): string =>
  `${who.name} <${who.email}> ${Math.floor(date.getTime() / 1000)} +0000`;

/**
 * One bare repository driven by the `git` command. Everything the emulator
 * reports about commits, trees, blobs and diffs comes from here, so SHAs are
 * the ones git computes.
 */
export class GitStore {
  private scratch = 0;
  /** Answers about immutable objects (keyed by full SHAs), so repeated renders do not spawn git again. */
  private readonly memo = new Map<string, Promise<unknown>>();

  private remember<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let hit = this.memo.get(key) as Promise<T> | undefined;
    if (!hit) {
      hit = compute();
      this.memo.set(key, hit);
      hit.catch(() => this.memo.delete(key));
    }
    return hit;
  }

  private constructor(readonly gitDir: string) {}

  static async init(gitDir: string, defaultBranch: string): Promise<GitStore> {
    mkdirSync(gitDir, { recursive: true });
    await runGit(gitDir, ["init", "--quiet", "--bare", `--initial-branch=${defaultBranch}`]);
    // Pushes made with git by tests are noticed through this hook's log.
    const hook = join(gitDir, "hooks", "post-receive");
    mkdirSync(join(gitDir, "hooks"), { recursive: true });
    writeFileSync(hook, `#!/bin/sh\ncat >> "${PUSH_LOG}"\n`);
    chmodSync(hook, 0o755);
    return new GitStore(gitDir);
  }

  /** SHA of the commit a revision names (branch, tag, full or short SHA), or null. */
  async resolveCommit(rev: string): Promise<string | null> {
    if (!rev || rev.startsWith("-")) return null;
    const r = await runGit(this.gitDir, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`], { okCodes: [1, 128] });
    return r.code === 0 ? r.stdout.toString().trim() : null;
  }

  /** SHA a full ref (`refs/heads/main`) points at, or null. */
  async readRef(fullRef: string): Promise<string | null> {
    const r = await runGit(this.gitDir, ["rev-parse", "--verify", "--quiet", "--end-of-options", fullRef], { okCodes: [1, 128] });
    return r.code === 0 ? r.stdout.toString().trim() : null;
  }

  async listRefs(prefix = "refs/"): Promise<Array<{ ref: string; sha: string; type: string }>> {
    const out = await gitText(this.gitDir, ["for-each-ref", "--format=%(objectname) %(objecttype) %(refname)", prefix]);
    return out
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [sha, type, ...ref] = line.split(" ");
        return { sha: sha!, type: type!, ref: ref.join(" ") };
      });
  }

  /**
   * Moves a ref atomically. `expected` is what the ref must hold now
   * (`null` = must not exist); on mismatch nothing changes.
   */
  async updateRef(fullRef: string, sha: string, expected?: string | null): Promise<void> {
    const args = ["update-ref", fullRef, sha];
    if (expected !== undefined) args.push(expected ?? ZERO_SHA);
    const r = await runGit(this.gitDir, args, { okCodes: [1, 128] });
    if (r.code !== 0) throw new GitStoreError("ref-mismatch", r.stderr.trim());
  }

  async deleteRef(fullRef: string, expected?: string): Promise<void> {
    const args = ["update-ref", "-d", fullRef];
    if (expected) args.push(expected);
    const r = await runGit(this.gitDir, args, { okCodes: [1, 128] });
    if (r.code !== 0) throw new GitStoreError("ref-mismatch", r.stderr.trim());
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    const run = async () => (await runGit(this.gitDir, ["merge-base", "--is-ancestor", ancestor, descendant], { okCodes: [1] })).code === 0;
    return FULL_SHA.test(ancestor) && FULL_SHA.test(descendant) ? this.remember(`anc:${ancestor}:${descendant}`, run) : run();
  }

  async mergeBase(a: string, b: string): Promise<string | null> {
    const run = async () => {
      const r = await runGit(this.gitDir, ["merge-base", a, b], { okCodes: [1] });
      return r.code === 0 ? r.stdout.toString().trim() : null;
    };
    return FULL_SHA.test(a) && FULL_SHA.test(b) ? this.remember(`mb:${a}:${b}`, run) : run();
  }

  /** Type and size of each object, or null when it does not exist. */
  async inspectObjects(shas: string[]): Promise<Map<string, { type: string; size: number } | null>> {
    const result = new Map<string, { type: string; size: number } | null>();
    if (shas.length === 0) return result;
    const out = await gitText(this.gitDir, ["cat-file", "--batch-check"], { input: shas.join("\n") + "\n" });
    const lines = out.split("\n");
    shas.forEach((sha, i) => {
      const [, type, size] = (lines[i] ?? "").split(" ");
      result.set(sha, type && type !== "missing" && size !== undefined ? { type, size: Number(size) } : null);
    });
    return result;
  }

  async objectType(sha: string): Promise<string | null> {
    if (!/^[0-9a-f]{4,40}$/.test(sha)) return null;
    return (await this.inspectObjects([sha])).get(sha)?.type ?? null;
  }

  async writeBlob(content: Buffer): Promise<string> {
    return (await gitText(this.gitDir, ["hash-object", "-w", "--stdin"], { input: content })).trim();
  }

  async readBlob(sha: string): Promise<Buffer> {
    return (await runGit(this.gitDir, ["cat-file", "blob", sha])).stdout;
  }

  async readCommit(sha: string): Promise<CommitInfo> {
    if (FULL_SHA.test(sha)) return this.remember(`commit:${sha}`, () => this.readCommitUncached(sha));
    return this.readCommitUncached(sha);
  }

  private async readCommitUncached(sha: string): Promise<CommitInfo> {
    const [commit] = parseCommits(await gitText(this.gitDir, ["log", "--no-walk", `--format=${COMMIT_FORMAT}`, sha, "--"]));
    if (!commit) throw new GitStoreError("not-a-commit", `${sha} is not a commit`);
    return commit;
  }

  /** Commits in `range` (any `git log` revision arguments), oldest first when `reverse`. */
  async listCommits(range: string[], options: { reverse?: boolean; limit?: number; path?: string } = {}): Promise<CommitInfo[]> {
    if (range.every((r) => /^[0-9a-f]{40}(\.\.[0-9a-f]{40})?$/.test(r))) {
      return this.remember(`log:${range.join(" ")}:${JSON.stringify(options)}`, () => this.listCommitsUncached(range, options));
    }
    return this.listCommitsUncached(range, options);
  }

  private async listCommitsUncached(range: string[], options: { reverse?: boolean; limit?: number; path?: string }): Promise<CommitInfo[]> {
    const args = ["log", `--format=${COMMIT_FORMAT}`];
    if (options.reverse) args.push("--reverse");
    if (options.limit) args.push(`--max-count=${options.limit}`);
    args.push(...range, "--");
    if (options.path) args.push(options.path);
    return parseCommits(await gitText(this.gitDir, args));
  }

  /** Entries of a tree (or of a commit's tree). */
  async lsTree(treeish: string, options: { recursive?: boolean; path?: string } = {}): Promise<TreeEntry[]> {
    const args = ["ls-tree", "-l", "-z"];
    if (options.recursive) args.push("-r", "-t");
    args.push(treeish);
    if (options.path !== undefined) args.push("--", options.path);
    const out = await gitText(this.gitDir, args);
    return out
      .split("\0")
      .filter(Boolean)
      .map((line) => {
        const tab = line.indexOf("\t");
        const [mode, type, sha, size] = line.slice(0, tab).split(/\s+/);
        const entry: TreeEntry = { mode: mode!, type: type as TreeEntry["type"], sha: sha!, path: line.slice(tab + 1) };
        if (size !== undefined && size !== "-") entry.size = Number(size);
        return entry;
      });
  }

  /** The entry at `path` in a commit, or null; `""` is the root tree. */
  async entryAt(commit: string, path: string): Promise<TreeEntry | null> {
    const clean = path.replace(/^\/+|\/+$/g, "");
    if (clean === "") {
      const tree = (await gitText(this.gitDir, ["rev-parse", `${commit}^{tree}`])).trim();
      return { mode: "040000", type: "tree", sha: tree, path: "" };
    }
    const [entry] = await this.lsTree(commit, { path: clean });
    return entry && entry.path === clean ? entry : null;
  }

  /**
   * A new tree: `base` (or empty) with `changes` applied, as GitHub's
   * "create a tree" does. Nested paths create intermediate trees.
   */
  async buildTree(base: string | null, changes: TreeChange[]): Promise<string> {
    const index = join(this.gitDir, `emulator-index-${process.pid}-${this.scratch++}`);
    const env = { GIT_INDEX_FILE: index };
    try {
      await runGit(this.gitDir, base ? ["read-tree", base] : ["read-tree", "--empty"], { env });
      const shas = changes.filter((c) => typeof c.sha === "string").map((c) => c.sha as string);
      const found = await this.inspectObjects(shas);
      for (const c of changes) {
        if (typeof c.sha !== "string") continue;
        const kind = found.get(c.sha);
        if (c.type !== "commit" && (!kind || kind.type !== c.type)) {
          throw new GitStoreError("bad-tree-entry", `tree.sha ${c.sha} is not a valid ${c.type}`);
        }
      }
      const lines: string[] = [];
      const subtrees: TreeChange[] = [];
      for (const c of changes) {
        const path = c.path.replace(/^\/+|\/+$/g, "");
        if (c.sha === null) {
          const under = (await gitText(this.gitDir, ["ls-files", "-z", "--", path], { env })).split("\0").filter(Boolean);
          for (const p of under) lines.push(`0 ${ZERO_SHA}\t${p}`);
        } else if (c.type === "tree") {
          subtrees.push({ ...c, path });
        } else {
          const sha = c.sha ?? (await this.writeBlob(Buffer.from(c.content ?? "", "utf8")));
          lines.push(`${c.mode} ${sha}\t${path}`);
        }
      }
      if (lines.length) await runGit(this.gitDir, ["update-index", "-z", "--replace", "--index-info"], { env, input: lines.join("\0") + "\0" });
      for (const t of subtrees) {
        const under = (await gitText(this.gitDir, ["ls-files", "-z", "--", t.path], { env })).split("\0").filter(Boolean);
        if (under.length) {
          await runGit(this.gitDir, ["update-index", "-z", "--index-info"], { env, input: under.map((p) => `0 ${ZERO_SHA}\t${p}`).join("\0") + "\0" });
        }
        await runGit(this.gitDir, ["read-tree", `--prefix=${t.path}/`, t.sha as string], { env });
      }
      return (await gitText(this.gitDir, ["write-tree"], { env })).trim();
    } finally {
      rmSync(index, { force: true });
    }
  }

  async commitTree(input: {
    tree: string;
    parents: string[];
    message: string;
    author: { name: string; email: string; date: Date };
    committer: { name: string; email: string; date: Date };
  }): Promise<string> {
    const args = ["commit-tree", input.tree];
    for (const p of input.parents) args.push("-p", p);
    const env = {
      GIT_AUTHOR_NAME: input.author.name,
      GIT_AUTHOR_EMAIL: input.author.email,
      GIT_AUTHOR_DATE: `${Math.floor(input.author.date.getTime() / 1000)} +0000`,
      GIT_COMMITTER_NAME: input.committer.name,
      GIT_COMMITTER_EMAIL: input.committer.email,
      GIT_COMMITTER_DATE: `${Math.floor(input.committer.date.getTime() / 1000)} +0000`,
    };
    return (await gitText(this.gitDir, args, { env, input: input.message })).trim();
  }

  /**
   * One commit on top of `parent` (or a root commit) that writes and deletes
   * the given files, in a single `git fast-import` run. Returns its SHA; no
   * branch moves.
   */
  async commitFiles(input: {
    parent: string | null;
    files: Record<string, FileWrite>;
    message: string;
    author: { name: string; email: string };
    committer?: { name: string; email: string };
    date: Date;
    /** Start from an empty tree instead of the parent's. */
    replaceTree?: boolean;
  }): Promise<string> {
    const ref = `refs/emulator/scratch-${process.pid}-${this.scratch++}`;
    const chunks: Buffer[] = [];
    const text = (s: string) => chunks.push(Buffer.from(s, "utf8"));
    const data = (b: Buffer) => {
      text(`data ${b.length}\n`);
      chunks.push(b);
      text("\n");
    };
    text(`reset ${ref}\ncommit ${ref}\nmark :1\n`);
    text(`author ${signatureLine(input.author, input.date)}\n`);
    text(`committer ${signatureLine(input.committer ?? input.author, input.date)}\n`);
    data(Buffer.from(input.message, "utf8"));
    if (input.parent) text(`from ${input.parent}\n`);
    if (input.replaceTree) text("deleteall\n");
    for (const [path, write] of Object.entries(input.files)) {
      if (write === null) {
        text(`D ${quotePath(path)}\n`);
        continue;
      }
      const isObj = typeof write === "object" && !Buffer.isBuffer(write);
      const content = isObj ? write.content : write;
      const mode = isObj && write.executable ? "100755" : "100644";
      text(`M ${mode} inline ${quotePath(path)}\n`);
      data(Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8"));
    }
    text("get-mark :1\ndone\n");
    const out = await gitText(this.gitDir, ["fast-import", "--quiet", "--done", "--date-format=raw"], { input: Buffer.concat(chunks) });
    await runGit(this.gitDir, ["update-ref", "-d", ref]);
    return out.trim().split("\n").pop()!.trim();
  }

  /** The changes from `base` to `head`, with GitHub's statuses, counts and patches. */
  async diff(base: string, head: string): Promise<DiffFile[]> {
    const [raw, numstat, patch] = await Promise.all([
      gitText(this.gitDir, ["diff", "--raw", "-z", "-M", "--no-abbrev", base, head]),
      gitText(this.gitDir, ["diff", "--numstat", "-z", "-M", base, head]),
      gitText(this.gitDir, ["diff", "-M", "--no-color", "--no-ext-diff", "--full-index", base, head]),
    ]);
    const files: DiffFile[] = [];
    const rawTokens = raw.split("\0");
    for (let i = 0; i < rawTokens.length; i++) {
      const header = rawTokens[i];
      if (!header || !header.startsWith(":")) continue;
      const [, , oldSha, newSha, statusCode] = header.slice(1).split(" ");
      const letter = statusCode![0]!;
      const first = rawTokens[++i]!;
      const second = letter === "R" || letter === "C" ? rawTokens[++i]! : undefined;
      const status: DiffStatus =
        letter === "A" ? "added" : letter === "D" ? "removed" : letter === "R" ? "renamed" : letter === "C" ? "copied" : letter === "T" ? "changed" : "modified";
      const file: DiffFile = {
        status,
        filename: second ?? first,
        sha: letter === "D" ? oldSha! : newSha!,
        additions: 0,
        deletions: 0,
        binary: false,
      };
      if (second !== undefined) file.previousFilename = first;
      files.push(file);
    }
    // numstat entries come in the same order as raw entries.
    const numTokens = numstat.split("\0");
    let n = 0;
    for (let i = 0; i < numTokens.length && n < files.length; i++) {
      const token = numTokens[i];
      if (!token) continue;
      const [add, del, path] = token.split("\t");
      if (path === "") i += 2; // rename: the two paths follow as separate tokens
      const file = files[n++]!;
      if (add === "-") file.binary = true;
      else {
        file.additions = Number(add);
        file.deletions = Number(del);
      }
    }
    const sections = patch.split(/^(?=diff --git )/m).filter((s) => s.startsWith("diff --git "));
    sections.forEach((section, idx) => {
      const file = files[idx];
      if (!file || file.binary) return;
      const at = section.search(/^@@ /m);
      if (at >= 0) file.patch = section.slice(at).replace(/\n$/, "");
    });
    return files;
  }

  /** Three-way merge of two commits without a work tree: the merged tree, or a conflict. */
  async mergeTrees(ours: string, theirs: string): Promise<{ tree: string } | { conflict: true }> {
    if (FULL_SHA.test(ours) && FULL_SHA.test(theirs)) return this.remember(`merge:${ours}:${theirs}`, () => this.mergeTreesUncached(ours, theirs));
    return this.mergeTreesUncached(ours, theirs);
  }

  private async mergeTreesUncached(ours: string, theirs: string): Promise<{ tree: string } | { conflict: true }> {
    const r = await runGit(this.gitDir, ["merge-tree", "--write-tree", "--no-messages", ours, theirs], { okCodes: [1] });
    if (r.code === 1) return { conflict: true };
    return { tree: r.stdout.toString().split("\n")[0]!.trim() };
  }
}
