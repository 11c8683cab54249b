import type { FileContent } from "../core/diff/source.js";
import { statusOf, type GitHubClient, type RepoRef } from "./client.js";

interface ContentsFile {
  type: string;
  size: number;
  sha: string;
  content?: string;
  encoding?: string;
}

/**
 * One file at a commit over REST (`GET /contents/{path}?ref=`). A GET, so
 * Octokit's throttling does not space it a second apart from writes the way it
 * spaces GraphQL; meant for single files such as the policy. Missing → `missing`.
 */
export async function readFileAt(client: GitHubClient, repo: RepoRef, path: string, ref: string, maxBytes: number): Promise<FileContent> {
  let file: ContentsFile;
  try {
    file = (await client.request("GET /repos/{owner}/{repo}/contents/{path}", { ...repo, path, ref })).data as ContentsFile;
  } catch (e) {
    if (statusOf(e) === 404) return { kind: "missing" };
    throw e;
  }
  if (Array.isArray(file) || file.type !== "file") return { kind: "missing" };
  // Past 1 MB GitHub answers with `encoding: "none"` and no content.
  if (file.size > maxBytes || file.encoding !== "base64" || file.content === undefined) return { kind: "too-large", size: file.size, blobSha: file.sha };
  const bytes = Buffer.from(file.content, "base64");
  if (bytes.includes(0)) return { kind: "binary", size: file.size, blobSha: file.sha };
  const text = new TextDecoder("utf-8", { fatal: true });
  try {
    return { kind: "text", text: text.decode(bytes), blobSha: file.sha };
  } catch {
    return { kind: "binary", size: file.size, blobSha: file.sha };
  }
}
