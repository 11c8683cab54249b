import type { LoadedPolicy } from "../core/check.js";
import type { FileContent } from "../core/diff/source.js";
import { loadPolicy } from "../core/policy/load.js";
import { LruMap } from "./lru-map.js";

/** The largest policy file read (GitHub's contents API serves up to 1 MB inline). */
export const POLICY_MAX_BYTES = 1024 * 1024;

/**
 * Parsed policies, keyed by what they are made of: a commit's policy never
 * changes (commit → policy), and two commits with the same policy blob share
 * one parse (blob SHA → policy). Nothing here can go stale.
 */
export class PolicyCache {
  private readonly byCommit: LruMap<string, LoadedPolicy>;
  private readonly byBlob: LruMap<string, LoadedPolicy>;

  constructor(capacity = 500) {
    this.byCommit = new LruMap(capacity);
    this.byBlob = new LruMap(capacity);
  }

  /** The policy at a commit (`commitKey` names repository, commit and path); `read` fetches the file on a miss. */
  async at(commitKey: string, path: string, read: () => Promise<FileContent>): Promise<LoadedPolicy> {
    const cached = this.byCommit.get(commitKey);
    if (cached) return cached;
    const loaded = this.parse(await read(), path);
    this.byCommit.set(commitKey, loaded);
    return loaded;
  }

  /** A policy file's content, parsed once per blob. */
  parse(content: FileContent | undefined, path: string): LoadedPolicy {
    if (content?.kind === "text" && content.blobSha) {
      const key = `${content.blobSha}:${path}`;
      const hit = this.byBlob.get(key);
      if (hit) return hit;
      const loaded = toLoaded(content, path);
      this.byBlob.set(key, loaded);
      return loaded;
    }
    return toLoaded(content, path);
  }
}

function toLoaded(content: FileContent | undefined, path: string): LoadedPolicy {
  if (!content || content.kind === "missing") return loadPolicy(undefined, path);
  if (content.kind !== "text") {
    return { policy: loadPolicy(undefined, path).policy, problems: [{ code: "policy.unreadable", message: `the policy file is ${content.kind === "binary" ? "binary" : "too large"}`, file: path, line: 1 }] };
  }
  return loadPolicy(content.text, path, content.blobSha);
}
