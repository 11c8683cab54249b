import type { FileChange, ChangeStatus } from "../../core/diff/model.js";
import type { FileContent, FileRequest, RepositorySource } from "../../core/diff/source.js";
import { fileKey } from "../../core/diff/source.js";
import { gitSpooled, gitText } from "./run-git.js";
import { linesFromPatch } from "../../core/diff/patch.js";

/** RepositorySource over the local `git` command: read-only, never touches the work tree. */
export class LocalGitSource implements RepositorySource {
  constructor(
    readonly dir: string,
    /** Spooled blob output up to this size is read at once; beyond it (some huge blob) only the parts wanted are. */
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

  async changedFiles(baseSha: string, headSha: string): Promise<{ files: FileChange[]; mergeBase: string }> {
    const mergeBase = (await gitText(this.dir, ["merge-base", baseSha, headSha]).catch(() => baseSha)).trim() || baseSha;
    // -z --raw gives exact paths (no quoting) and both blob SHAs; -U0 patch gives line numbers.
    // Both diffs at once: git computes them in parallel while this process waits.
    const patching = gitText(this.dir, ["diff", "--no-ext-diff", "--no-color", "-M", "-U0", "--src-prefix=a/", "--dst-prefix=b/", mergeBase, headSha]);
    patching.catch(() => undefined); // awaited below; an early failure of the raw diff must not leave it unhandled
    const raw = await gitText(this.dir, ["diff", "--no-ext-diff", "--no-color", "-M", "-z", "--raw", "--no-abbrev", mergeBase, headSha]);
    const files = parseRawDiff(raw);
    for (const f of files) {
      if (f.oldBlobSha) this.knownBlobs.set(fileKey({ path: f.previousPath ?? f.path, ref: mergeBase }), f.oldBlobSha);
      if (f.newBlobSha) this.knownBlobs.set(fileKey({ path: f.path, ref: headSha }), f.newBlobSha);
    }
    const patch = await patching;
    if (files.length === 0) return { files, mergeBase };
    applyHunks(files, patch);
    return { files, mergeBase };
  }

  async readFiles(requests: FileRequest[], maxBytes: number): Promise<Map<string, FileContent>> {
    const result = new Map<string, FileContent>();
    if (requests.length === 0) return result;
    const specs = requests.map((r) => this.knownBlobs.get(fileKey(r)) ?? `${r.ref}:${r.path}`);
    // One `cat-file --batch` for every object, spooled to a file: git writes while the caller computes, and a
    // body over the size limit is never read into memory. --buffer: git otherwise flushes after every object.
    const out = await gitSpooled(this.dir, ["cat-file", "--buffer", "--batch"], specs.join("\n") + "\n");
    try {
      const whole = out.size <= this.readAtOnceBytes ? out.read(0, out.size) : undefined;
      const bytes = (position: number, length: number): Buffer => (whole ? whole.subarray(position, position + length) : out.read(position, length));
      let off = 0;
      for (const req of requests) {
        const key = fileKey(req);
        const head = bytes(off, MAX_HEADER_BYTES);
        const nl = head.indexOf(10);
        if (nl < 0) { result.set(key, { kind: "missing" }); continue; }
        const header = OBJECT_HEADER.exec(head.subarray(0, nl).toString("utf8"));
        off += nl + 1;
        // `<spec> missing` (or ambiguous): no body follows.
        if (!header) { result.set(key, { kind: "missing" }); continue; }
        const [, sha, type, sizeText] = header;
        const size = Number(sizeText);
        if (type !== "blob") result.set(key, { kind: "missing" });
        else if (size > maxBytes) result.set(key, { kind: "too-large", size, blobSha: sha! });
        else result.set(key, classify(bytes(off, size), sha));
        off += size + 1;
      }
    } finally {
      out.close();
    }
    return result;
  }
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

/** Fill added/removed line numbers from a -U0 patch, file by file (paths from the `--- a/` and `+++ b/` headers). */
function applyHunks(files: FileChange[], patch: string): void {
  const byNew = new Map(files.map((f) => [f.path, f]));
  const byOld = new Map(files.map((f) => [f.previousPath ?? f.path, f]));
  for (const section of patch.split(/^(?=diff --git )/m)) {
    // git ends these header lines with a tab when the path has a space (for patch(1)); it is not part of the path.
    const oldM = /^--- (.*?)\t?$/m.exec(section);
    const newM = /^\+\+\+ (.*?)\t?$/m.exec(section);
    if (!newM || !oldM) continue;
    const oldPath = oldM[1] === "/dev/null" ? undefined : unquote(oldM[1]!).replace(/^a\//, "");
    const newPath = newM[1] === "/dev/null" ? undefined : unquote(newM[1]!).replace(/^b\//, "");
    const file = (newPath && byNew.get(newPath)) || (oldPath ? byOld.get(oldPath) : undefined);
    if (!file) continue;
    const { added, removed } = linesFromPatch(section.slice(section.indexOf("\n@@") + 1));
    file.addedLines.push(...added);
    file.removedLines.push(...removed);
  }
}

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
