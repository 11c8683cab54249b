import type { FileChange } from "../core/diff/model.js";
import { fileKey, type FileContent, type FileRequest, type RepositorySource } from "../core/diff/source.js";

/** `content` as it would read under a smaller limit, or undefined when it must be fetched again (a larger one). */
function underLimit(content: FileContent, fetchedWith: number, maxBytes: number): FileContent | undefined {
  if (content.kind === "text") {
    const size = Buffer.byteLength(content.text);
    return size > maxBytes ? { kind: "too-large", size, ...(content.blobSha ? { blobSha: content.blobSha } : {}) } : content;
  }
  if (content.kind === "too-large") return content.size > maxBytes || fetchedWith >= maxBytes ? content : undefined;
  return content;
}

/**
 * A RepositorySource that fetches each thing once per event: the file list
 * once, each (commit, path) once, so the policy read, the base-policy check
 * and the dry run under a new policy share requests.
 */
export class MemoSource implements RepositorySource {
  private files?: Promise<{ files: FileChange[]; incomplete?: { reason: string } }>;
  private readonly contents = new Map<string, { content: FileContent; maxBytes: number }>();

  constructor(private readonly inner: RepositorySource) {}

  changedFiles(baseSha: string, headSha: string): Promise<{ files: FileChange[]; incomplete?: { reason: string } }> {
    this.files ??= this.inner.changedFiles(baseSha, headSha);
    return this.files;
  }

  async readFiles(requests: FileRequest[], maxBytes: number): Promise<Map<string, FileContent>> {
    const out = new Map<string, FileContent>();
    const missing: FileRequest[] = [];
    for (const r of requests) {
      const key = fileKey(r);
      const cached = this.contents.get(key);
      const content = cached && underLimit(cached.content, cached.maxBytes, maxBytes);
      if (content) out.set(key, content);
      else if (!missing.some((m) => fileKey(m) === key)) missing.push(r);
    }
    if (missing.length > 0) {
      const fetched = await this.inner.readFiles(missing, maxBytes);
      for (const r of missing) {
        const key = fileKey(r);
        const content = fetched.get(key) ?? { kind: "missing" };
        this.contents.set(key, { content, maxBytes });
        out.set(key, content);
      }
    }
    return out;
  }
}
