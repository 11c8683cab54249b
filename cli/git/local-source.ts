import type { FileChange, ChangeStatus } from "../../core/diff/model.js";
import type { FileContent, FileRequest, RepositorySource } from "../../core/diff/source.js";
import { fileKey } from "../../core/diff/source.js";
import { gitSpooled, gitText } from "./run-git.js";

/** RepositorySource over the local `git` command: read-only, never touches the work tree. */
export class LocalGitSource implements RepositorySource {
  constructor(
    readonly dir: string,
    /** git output up to this size is read at once; beyond it (some huge blob) only the parts wanted are. */
    private readonly readAtOnceBytes = 64 * 1024 * 1024,
  ) {}

  /** Resolve a ref to a commit SHA; throws GitError with a clear message for an unknown ref. */
  async resolve(ref: string): Promise<string> {
    const out = await gitText(this.dir, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]).catch(() => "");
    if (!out.trim()) throw new Error(`unknown revision \`${ref}\``);
    return out.trim();
  }

  /** Blob SHAs the last diff named, by `${commit}:${path}`: reading them by SHA skips a tree walk per file. */
  private readonly knownBlobs = new Map<string, string>();

  /** Listings by range, so a caller can start one early (the CLI does, before it loads the engine). */
  private readonly listings = new Map<string, Promise<{ files: FileChange[]; mergeBase: string }>>();

  changedFiles(baseSha: string, headSha: string): Promise<{ files: FileChange[]; mergeBase: string }> {
    const key = `${baseSha}..${headSha}`;
    let listing = this.listings.get(key);
    if (!listing) {
      listing = this.list(baseSha, headSha);
      this.listings.set(key, listing);
      listing.catch(() => this.listings.delete(key));
    }
    return listing;
  }

  private async list(baseSha: string, headSha: string): Promise<{ files: FileChange[]; mergeBase: string }> {
    // All three start at once: the three-dot diffs find the merge base themselves, and their output goes
    // to files, so git never waits for this process (busy, in the CLI, compiling the engine meanwhile).
    const mergeBasing = gitText(this.dir, ["merge-base", baseSha, headSha]).then((o) => o.trim() || undefined, () => undefined);
    const diffs = readDiffs(this.dir, `${baseSha}...${headSha}`);
    diffs.catch(() => undefined); // awaited below, after the merge base
    const mergeBase = (await mergeBasing) ?? baseSha;
    // Without a merge base (unrelated histories) git refuses the three-dot form: compare with the base itself.
    const { raw, patch } = await diffs.catch(() => readDiffs(this.dir, `${mergeBase}..${headSha}`));
    const files = parseRawDiff(raw);
    for (const f of files) {
      if (f.oldBlobSha) this.knownBlobs.set(fileKey({ path: f.previousPath ?? f.path, ref: mergeBase }), f.oldBlobSha);
      if (f.newBlobSha) this.knownBlobs.set(fileKey({ path: f.path, ref: headSha }), f.newBlobSha);
    }
    if (files.length === 0) return { files, mergeBase };
    applyHunks(files, patch);
    return { files, mergeBase };
  }

  async readFiles(requests: FileRequest[], maxBytes: number): Promise<Map<string, FileContent>> {
    const result = new Map<string, FileContent>();
    if (requests.length === 0) return result;
    const specs = requests.map((r) => this.knownBlobs.get(fileKey(r)) ?? `${r.ref}:${r.path}`);
    const batch = await readObjects(this.dir, specs, this.readAtOnceBytes);
    try {
      requests.forEach((req, i) => result.set(fileKey(req), batch.content(specs[i]!, maxBytes)));
    } finally {
      batch.close();
    }
    return result;
  }
}

/** `-z --raw` gives exact paths (no quoting) and both blob SHAs; the `-U0` patch gives line numbers. Both at once. */
async function readDiffs(dir: string, range: string): Promise<{ raw: string; patch: string }> {
  const [raw, patch] = await Promise.all([
    spooledText(dir, ["diff", "--no-ext-diff", "--no-color", "-M", "-z", "--raw", "--no-abbrev", range]),
    spooledText(dir, ["diff", "--no-ext-diff", "--no-color", "-M", "-U0", "--src-prefix=a/", "--dst-prefix=b/", range]),
  ]);
  return { raw, patch };
}

async function spooledText(dir: string, args: readonly string[]): Promise<string> {
  const out = await gitSpooled(dir, args);
  try {
    return out.read(0, out.size).toString("utf8");
  } finally {
    out.close();
  }
}

/** Objects read with one `git cat-file --batch`, by the spec they were asked for. */
interface ObjectBatch {
  content(spec: string, maxBytes: number): FileContent;
  close(): void;
}

/**
 * One `cat-file --batch` for every object, spooled to a file: a body over the size limit is never read
 * into memory. --buffer: git otherwise flushes after every object.
 */
async function readObjects(dir: string, specs: readonly string[], readAtOnceBytes: number): Promise<ObjectBatch> {
  const out = await gitSpooled(dir, ["cat-file", "--buffer", "--batch"], specs.join("\n") + "\n");
  const whole = out.size <= readAtOnceBytes ? out.read(0, out.size) : undefined;
  const bytes = (position: number, length: number): Buffer => (whole ? whole.subarray(position, position + length) : out.read(position, length));
  const index = new Map<string, { sha: string; type: string; size: number; offset: number } | null>();
  let off = 0;
  for (const spec of specs) {
    const head = bytes(off, MAX_HEADER_BYTES);
    const nl = head.indexOf(10);
    if (nl < 0) break;
    const header = OBJECT_HEADER.exec(head.subarray(0, nl).toString("utf8"));
    off += nl + 1;
    // `<spec> missing` (or ambiguous): no body follows.
    if (!header) { index.set(spec, null); continue; }
    const size = Number(header[3]);
    index.set(spec, { sha: header[1]!, type: header[2]!, size, offset: off });
    off += size + 1;
  }
  if (whole) out.close();
  return {
    content(spec, maxBytes) {
      const o = index.get(spec);
      if (!o || o.type !== "blob") return { kind: "missing" };
      if (o.size > maxBytes) return { kind: "too-large", size: o.size, blobSha: o.sha };
      return classify(bytes(o.offset, o.size), o.sha);
    },
    close: () => out.close(),
  };
}

/** `<sha> <type> <size>`, or `<ref>:<path> missing` with a path of up to 4,096 bytes. */
const MAX_HEADER_BYTES = 4200;
const OBJECT_HEADER = /^([0-9a-f]{40}(?:[0-9a-f]{24})?) (\S+) (\d+)$/;

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** Text unless it has a NUL byte or is not valid UTF-8 (what git and GitHub call binary). */
export function classify(body: Buffer, blobSha?: string): FileContent {
  if (body.includes(0)) return { kind: "binary", size: body.length, ...(blobSha ? { blobSha } : {}) };
  try {
    const text = UTF8.decode(body);
    return { kind: "text", text, ...(blobSha ? { blobSha } : {}) };
  } catch {
    return { kind: "binary", size: body.length, ...(blobSha ? { blobSha } : {}) };
  }
}

const NO_BLOB = /^0+$/;

/** `git diff --raw -z`: `:oldmode newmode oldsha newsha status NUL path NUL` (renames and copies: two paths). */
function parseRawDiff(out: string): FileChange[] {
  const parts = out.split("\0");
  const files: FileChange[] = [];
  for (let i = 0; i < parts.length - 1; ) {
    const meta = parts[i++]!;
    if (!meta.startsWith(":")) continue;
    const [, , oldSha, newSha, code] = meta.slice(1).split(" ");
    const letter = code?.[0];
    const blobs = { ...(oldSha && !NO_BLOB.test(oldSha) ? { oldBlobSha: oldSha } : {}), ...(newSha && !NO_BLOB.test(newSha) ? { newBlobSha: newSha } : {}) };
    if (letter === "R" || letter === "C") {
      const from = parts[i++]!;
      const to = parts[i++]!;
      files.push({ path: to, previousPath: from, status: letter === "R" ? "renamed" : "added", addedLines: [], removedLines: [], ...blobs });
    } else {
      const path = parts[i++]!;
      const status: ChangeStatus = letter === "A" ? "added" : letter === "D" ? "removed" : "modified";
      files.push({ path, status, addedLines: [], removedLines: [], ...blobs });
    }
  }
  return files;
}

/**
 * Fill added/removed line numbers from a -U0 patch, file by file (paths from the `--- a/` and `+++ b/`
 * headers). Without context lines a hunk header says it all: `@@ -a,b +c,d @@` removes lines a..a+b-1
 * and adds c..c+d-1, so the bodies are skipped, not split into lines (3.8 MB at 3,000 templates). Body
 * lines start with `+`, `-` or `\`, so a line starting `@@ ` or `diff --git ` is always a header.
 */
function applyHunks(files: FileChange[], patch: string): void {
  const byNew = new Map(files.map((f) => [f.path, f]));
  const byOld = new Map(files.map((f) => [f.previousPath ?? f.path, f]));
  let at = patch.startsWith("diff --git ") ? 0 : patch.indexOf("\ndiff --git ");
  if (at > 0) at++;
  while (at >= 0) {
    const next = patch.indexOf("\ndiff --git ", at);
    const end = next < 0 ? patch.length : next + 1;
    const hunk = patch.indexOf("\n@@ ", at);
    const firstHunk = hunk >= 0 && hunk < end ? hunk + 1 : -1;
    const header = patch.slice(at, firstHunk >= 0 ? firstHunk : end);
    // git ends these header lines with a tab when the path has a space (for patch(1)); it is not part of the path.
    const oldM = /^--- (.*?)\t?$/m.exec(header);
    const newM = /^\+\+\+ (.*?)\t?$/m.exec(header);
    const oldPath = !oldM || oldM[1] === "/dev/null" ? undefined : unquote(oldM[1]!).replace(/^a\//, "");
    const newPath = !newM || newM[1] === "/dev/null" ? undefined : unquote(newM[1]!).replace(/^b\//, "");
    const file = oldM && newM ? (newPath && byNew.get(newPath)) || (oldPath ? byOld.get(oldPath) : undefined) : undefined;
    for (let h = file ? firstHunk : -1; h >= 0 && h < end; ) {
      HUNK.lastIndex = h;
      const m = HUNK.exec(patch);
      if (m) {
        const [oldStart, oldCount, newStart, newCount] = [Number(m[1]), m[2] === undefined ? 1 : Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])];
        for (let i = 0; i < oldCount; i++) file!.removedLines.push(oldStart + i);
        for (let i = 0; i < newCount; i++) file!.addedLines.push(newStart + i);
      }
      const following = patch.indexOf("\n@@ ", h);
      h = following < 0 ? -1 : following + 1;
    }
    at = next < 0 ? -1 : next + 1;
  }
}

const HUNK = /@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/y;

function unquote(p: string): string {
  if (!p.startsWith('"')) return p;
  // git C-quotes unusual paths; JSON.parse handles the common escapes, octal bytes are decoded as UTF-8.
  const bytes: number[] = [];
  const s = p.slice(1, -1);
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== "\\") { bytes.push(...Buffer.from(c, "utf8")); continue; }
    const n = s[++i]!;
    if (/[0-7]/.test(n)) { bytes.push(parseInt(s.slice(i, i + 3), 8)); i += 2; }
    else bytes.push(({ n: 10, t: 9, '"': 34, "\\": 92 } as Record<string, number>)[n] ?? n.charCodeAt(0));
  }
  return Buffer.from(bytes).toString("utf8");
}
