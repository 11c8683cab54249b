import type { CommitInfo, DiffFile, TreeEntry } from "./git-store.js";
import type { Account, Repository } from "./model.js";
import { nodeId, renderUser, type Urls } from "./render-accounts.js";

const repoApi = (repo: Repository, urls: Urls): string => `${urls.api}/repos/${repo.owner.login}/${repo.name}`;
const repoHtml = (repo: Repository, urls: Urls): string => `${urls.html}/${repo.owner.login}/${repo.name}`;
const shaNodeId = (kind: string, sha: string): string => Buffer.from(`${kind}:${sha}`).toString("base64");

export const UNSIGNED = { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null };

/** `git/get-commit` and `git/create-commit`. */
export function renderGitCommit(repo: Repository, c: CommitInfo, urls: Urls): Record<string, unknown> {
  const api = repoApi(repo, urls);
  return {
    sha: c.sha,
    node_id: shaNodeId("Commit", c.sha),
    url: `${api}/git/commits/${c.sha}`,
    html_url: `${repoHtml(repo, urls)}/commit/${c.sha}`,
    author: c.author,
    committer: c.committer,
    tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
    message: c.message,
    parents: c.parents.map((p) => ({ sha: p, url: `${api}/git/commits/${p}`, html_url: `${repoHtml(repo, urls)}/commit/${p}` })),
    verification: UNSIGNED,
  };
}

export function renderDiffEntry(repo: Repository, ref: string, f: DiffFile, urls: Urls): Record<string, unknown> {
  const api = repoApi(repo, urls);
  const path = f.filename.split("/").map(encodeURIComponent).join("/");
  const entry: Record<string, unknown> = {
    sha: f.sha,
    filename: f.filename,
    status: f.status,
    additions: f.additions,
    deletions: f.deletions,
    changes: f.additions + f.deletions,
    blob_url: `${repoHtml(repo, urls)}/blob/${ref}/${path}`,
    raw_url: `${repoHtml(repo, urls)}/raw/${ref}/${path}`,
    contents_url: `${api}/contents/${path}?ref=${ref}`,
  };
  if (f.patch !== undefined) entry.patch = f.patch;
  if (f.previousFilename !== undefined) entry.previous_filename = f.previousFilename;
  return entry;
}

/** A REST `commit` (`repos/get-commit`, list commits); `files` only for a single commit. */
export function renderCommit(
  repo: Repository,
  c: CommitInfo,
  urls: Urls,
  userFor: (email: string) => Account | undefined,
  files?: DiffFile[],
): Record<string, unknown> {
  const api = repoApi(repo, urls);
  const html = repoHtml(repo, urls);
  const author = userFor(c.author.email);
  const committer = userFor(c.committer.email);
  const out: Record<string, unknown> = {
    url: `${api}/commits/${c.sha}`,
    sha: c.sha,
    node_id: shaNodeId("Commit", c.sha),
    html_url: `${html}/commit/${c.sha}`,
    comments_url: `${api}/commits/${c.sha}/comments`,
    commit: {
      url: `${api}/git/commits/${c.sha}`,
      author: c.author,
      committer: c.committer,
      message: c.message,
      comment_count: 0,
      tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
      verification: UNSIGNED,
    },
    author: author ? renderUser(author, urls) : null,
    committer: committer ? renderUser(committer, urls) : null,
    parents: c.parents.map((p) => ({ sha: p, url: `${api}/commits/${p}`, html_url: `${html}/commit/${p}` })),
  };
  if (files) {
    const additions = files.reduce((n, f) => n + f.additions, 0);
    const deletions = files.reduce((n, f) => n + f.deletions, 0);
    out.stats = { additions, deletions, total: additions + deletions };
    out.files = files.map((f) => renderDiffEntry(repo, c.sha, f, urls));
  }
  return out;
}

export function renderRef(repo: Repository, ref: string, sha: string, type: string, urls: Urls): Record<string, unknown> {
  const api = repoApi(repo, urls);
  const plural = type === "tag" ? "tags" : type === "tree" ? "trees" : type === "blob" ? "blobs" : "commits";
  return {
    ref,
    node_id: shaNodeId("Ref", ref),
    url: `${api}/git/${ref}`,
    object: { sha, type, url: `${api}/git/${plural}/${sha}` },
  };
}

export function renderTree(repo: Repository, sha: string, entries: TreeEntry[], urls: Urls): Record<string, unknown> {
  const api = repoApi(repo, urls);
  return {
    sha,
    url: `${api}/git/trees/${sha}`,
    tree: entries.map((e) => {
      const item: Record<string, unknown> = { path: e.path, mode: e.mode, type: e.type, sha: e.sha };
      if (e.type === "blob") {
        item.size = e.size ?? 0;
        item.url = `${api}/git/blobs/${e.sha}`;
      } else if (e.type === "tree") item.url = `${api}/git/trees/${e.sha}`;
      return item;
    }),
    truncated: false,
  };
}

/** base64 wrapped at 60 characters with a trailing newline per line, as GitHub sends it. */
export const githubBase64 = (b: Buffer): string => (b.toString("base64").match(/.{1,60}/g) ?? [""]).map((l) => `${l}\n`).join("");

export function renderBlob(repo: Repository, sha: string, content: Buffer, urls: Urls): Record<string, unknown> {
  return {
    sha,
    node_id: shaNodeId("Blob", sha),
    size: content.length,
    url: `${repoApi(repo, urls)}/git/blobs/${sha}`,
    content: githubBase64(content),
    encoding: "base64",
  };
}

function contentEntry(repo: Repository, ref: string, e: TreeEntry, urls: Urls): Record<string, unknown> {
  const api = repoApi(repo, urls);
  const html = repoHtml(repo, urls);
  const path = e.path.split("/").map(encodeURIComponent).join("/");
  const type = e.type === "tree" ? "dir" : e.type === "commit" ? "submodule" : e.mode === "120000" ? "symlink" : "file";
  const self = `${api}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const gitUrl = `${api}/git/${e.type === "tree" ? "trees" : "blobs"}/${e.sha}`;
  const htmlUrl = `${html}/${e.type === "tree" ? "tree" : "blob"}/${ref}/${path}`;
  return {
    type,
    size: e.size ?? 0,
    name: e.path.split("/").pop() ?? e.path,
    path: e.path,
    sha: e.sha,
    url: self,
    git_url: gitUrl,
    html_url: htmlUrl,
    download_url: type === "file" ? `${html}/raw/${ref}/${path}` : null,
    _links: { self, git: gitUrl, html: htmlUrl },
  };
}

export function renderContentFile(repo: Repository, ref: string, e: TreeEntry, content: Buffer, urls: Urls): Record<string, unknown> {
  return { ...contentEntry(repo, ref, e, urls), size: content.length, content: githubBase64(content), encoding: "base64" };
}

export function renderContentDirectory(repo: Repository, ref: string, entries: TreeEntry[], urls: Urls): Array<Record<string, unknown>> {
  return entries.map((e) => contentEntry(repo, ref, e, urls));
}

export { nodeId };
