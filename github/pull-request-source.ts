import type { FileChange, ChangeStatus } from "../core/diff/model.js";
import type { FileContent, FileRequest, RepositorySource } from "../core/diff/source.js";
import { fileKey } from "../core/diff/source.js";
import { linesFromPatch } from "../core/diff/patch.js";
import { paginate, type GitHubClient, type RepoRef } from "./client.js";

/** GitHub lists at most this many files of a pull request; beyond it PromptOps cannot see the change whole. */
export const GITHUB_PR_FILES_LIMIT = 3000;
/** Aliases per GraphQL request: well under GitHub's node and complexity limits. */
const GRAPHQL_BATCH = 100;

interface PullFile {
  filename: string;
  previous_filename?: string;
  status: "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";
  sha: string | null;
  patch?: string;
}

interface BlobNode { oid: string; byteSize: number; isBinary: boolean | null; isTruncated: boolean; text: string | null }

const STATUS: Record<PullFile["status"], ChangeStatus> = { added: "added", removed: "removed", modified: "modified", renamed: "renamed", copied: "added", changed: "modified", unchanged: "modified" };

/**
 * RepositorySource over the GitHub API for one pull request: the file list
 * (paginated, with GitHub's 3,000-file limit reported as incomplete) and file
 * contents at any commit in batched GraphQL requests — one request for up to
 * 100 files, instead of one REST call per file and side.
 */
export class PullRequestSource implements RepositorySource {
  /** Number of files GitHub says the PR changes (from the PR object), to detect truncated listings. */
  constructor(private readonly client: GitHubClient, private readonly repo: RepoRef, private readonly pullNumber: number, private readonly changedFilesCount?: number) {}

  async changedFiles(): Promise<{ files: FileChange[]; incomplete?: { reason: string } }> {
    const listed = await paginate<PullFile>(this.client, "GET /repos/{owner}/{repo}/pulls/{pull_number}/files", { ...this.repo, pull_number: this.pullNumber }, GITHUB_PR_FILES_LIMIT);
    const files = listed.map((f): FileChange => {
      const lines = f.patch !== undefined ? linesFromPatch(f.patch) : undefined;
      return {
        path: f.filename,
        ...(f.previous_filename && f.status === "renamed" ? { previousPath: f.previous_filename } : {}),
        status: STATUS[f.status],
        addedLines: lines?.added ?? [],
        removedLines: lines?.removed ?? [],
        ...(f.sha ? { newBlobSha: f.sha } : {}),
        ...(f.patch !== undefined ? { patch: f.patch } : {}),
        // GitHub omits `patch` for large and binary diffs: the engine recomputes lines from both texts.
        ...(lines ? {} : { linesUnknown: true }),
      };
    });
    const total = this.changedFilesCount ?? files.length;
    if (files.length >= GITHUB_PR_FILES_LIMIT || total > files.length) {
      return { files, incomplete: { reason: `the pull request changes ${total > files.length ? total : `at least ${GITHUB_PR_FILES_LIMIT}`} files; GitHub lists only ${files.length}, so the rest cannot be examined` } };
    }
    return { files };
  }

  async readFiles(requests: FileRequest[], maxBytes: number): Promise<Map<string, FileContent>> {
    const out = new Map<string, FileContent>();
    for (let i = 0; i < requests.length; i += GRAPHQL_BATCH) {
      const batch = requests.slice(i, i + GRAPHQL_BATCH);
      const fields = batch.map((_, k) => `f${k}: object(expression: $e${k}) { ... on Blob { oid byteSize isBinary isTruncated text } }`).join("\n      ");
      const decl = batch.map((_, k) => `$e${k}: String!`).join(", ");
      const vars: Record<string, unknown> = { owner: this.repo.owner, name: this.repo.repo };
      batch.forEach((r, k) => { vars[`e${k}`] = `${r.ref}:${r.path}`; });
      const data = await this.client.graphql<{ repository: Record<string, BlobNode | null> | null }>(
        `query($owner: String!, $name: String!, ${decl}) {\n    repository(owner: $owner, name: $name) {\n      ${fields}\n    }\n  }`,
        vars,
      );
      batch.forEach((r, k) => {
        const node = data.repository?.[`f${k}`];
        out.set(fileKey(r), toContent(node, maxBytes));
      });
    }
    return out;
  }
}

function toContent(node: BlobNode | null | undefined, maxBytes: number): FileContent {
  if (!node || typeof node.oid !== "string") return { kind: "missing" };
  if (node.isBinary || node.text === null) return { kind: "binary", size: node.byteSize, blobSha: node.oid };
  if (node.byteSize > maxBytes || node.isTruncated) return { kind: "too-large", size: node.byteSize, blobSha: node.oid };
  return { kind: "text", text: node.text, blobSha: node.oid };
}
