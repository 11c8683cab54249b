import type { FileChange } from "./model.js";

/** What a data source returns for one file at one commit. */
export type FileContent =
  | { kind: "text"; text: string; blobSha?: string }
  | { kind: "binary"; size: number; blobSha?: string }
  | { kind: "too-large"; size: number; blobSha?: string }
  | { kind: "missing" };

export interface FileRequest {
  path: string;
  /** A commit SHA. */
  ref: string;
}

/**
 * The engine's only view of a repository. Implemented over the local `git`
 * command (CLI), the GitHub REST API (Action, App) and plain objects (tests).
 */
export interface RepositorySource {
  /** Changed paths between the merge base of `base` and `head`, and `head` (pull-request semantics). */
  changedFiles(baseSha: string, headSha: string): Promise<{ files: FileChange[]; incomplete?: { reason: string }; mergeBase?: string }>;
  /** Contents of many files at once; sources batch as they can. Key of the result: `${ref}:${path}`. */
  readFiles(requests: FileRequest[], maxBytes: number): Promise<Map<string, FileContent>>;
}

export const fileKey = (r: FileRequest): string => `${r.ref}:${r.path}`;
