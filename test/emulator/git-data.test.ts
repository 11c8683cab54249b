import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Octokit } from "@octokit/rest";
import { GitHubEmulator, testAppKeys } from "../github-emulator/index.js";
import { guardEmulator } from "../github-emulator/jest-guard.js";

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const R = "acme/prompts";
const repo = { owner: "acme", repo: "prompts" };
let emulator: GitHubEmulator;
let api: Octokit;
let fixtureDir: string;
let mainSha: string;

beforeAll(async () => {
  emulator = await GitHubEmulator.create({ app: { id: 21, slug: "promptops", privateKey: testAppKeys().privateKey } });
  fixtureDir = mkdtempSync(join(tmpdir(), "emulator-fixture-"));
  mkdirSync(join(fixtureDir, "prompts", "nested"), { recursive: true });
  writeFileSync(join(fixtureDir, "prompts", "a.prompt.yml"), "name: a\n");
  writeFileSync(join(fixtureDir, "prompts", "nested", "b.md"), "# b\n");
  writeFileSync(join(fixtureDir, "README.md"), "readme\n");
  const handle = await emulator.createRepository(R, { fromDirectory: fixtureDir, ownerType: "Organization" });
  expect(handle.gitDir).toContain(".git");
  await emulator.createRepository("acme/empty", { empty: true });
  api = new Octokit({ auth: emulator.installationToken(R), baseUrl: emulator.url, request: { fetch: emulator.fetch }, log: quiet });
  mainSha = (await emulator.state.ref(R, "main"))!;
});

afterAll(async () => {
  await emulator?.close();
  rmSync(fixtureDir, { recursive: true, force: true });
});

guardEmulator(() => emulator);

describe("refs", () => {
  it("gets a ref, and 404s a missing one", async () => {
    const ref = await api.git.getRef({ ...repo, ref: "heads/main" });
    expect(ref.data).toMatchObject({ ref: "refs/heads/main", object: { sha: mainSha, type: "commit" } });
    await expect(api.git.getRef({ ...repo, ref: "heads/nope" })).rejects.toMatchObject({ status: 404 });
  });

  it("creates a ref, refusing an existing one with 422", async () => {
    const created = await api.git.createRef({ ...repo, ref: "refs/heads/feature/one", sha: mainSha });
    expect(created.status).toBe(201);
    await expect(api.git.createRef({ ...repo, ref: "refs/heads/feature/one", sha: mainSha })).rejects.toMatchObject({ status: 422, response: { data: { message: "Reference already exists" } } });
    await expect(api.git.createRef({ ...repo, ref: "refs/heads/ghost", sha: "1".repeat(40) })).rejects.toMatchObject({ status: 422 });
    const matching = await api.git.listMatchingRefs({ ...repo, ref: "heads/feature" });
    expect(matching.data.map((r) => r.ref)).toEqual(["refs/heads/feature/one"]);
  });

  it("moves a ref forward without force, answers 'not a fast forward' otherwise, and obeys force", async () => {
    await api.git.createRef({ ...repo, ref: "refs/heads/ff", sha: mainSha });
    const next = await emulator.commitFiles(R, "side", { "side.md": "side\n" });
    const moved = await api.git.updateRef({ ...repo, ref: "heads/ff", sha: next });
    expect(moved.data.object.sha).toBe(next);
    const rejected = await api.git.updateRef({ ...repo, ref: "heads/ff", sha: mainSha, force: false }).catch((e: unknown) => e);
    expect(rejected).toMatchObject({ status: 422, response: { data: { message: "Update is not a fast forward" } } });
    expect(await emulator.state.ref(R, "ff")).toBe(next);
    await api.git.updateRef({ ...repo, ref: "heads/ff", sha: mainSha, force: true });
    expect(await emulator.state.ref(R, "ff")).toBe(mainSha);
    await expect(api.git.updateRef({ ...repo, ref: "heads/missing", sha: mainSha })).rejects.toMatchObject({ status: 422 });
  });

  it("deletes a ref, refusing a missing one with 422", async () => {
    await api.git.createRef({ ...repo, ref: "refs/heads/doomed", sha: mainSha });
    await expect(api.git.deleteRef({ ...repo, ref: "heads/doomed" })).resolves.toMatchObject({ status: 204 });
    expect(await emulator.state.ref(R, "doomed")).toBeNull();
    await expect(api.git.deleteRef({ ...repo, ref: "heads/doomed" })).rejects.toMatchObject({ status: 422 });
  });

  it("loses a non-forced update to a writer that moved the ref between the read and the write", async () => {
    await api.git.createRef({ ...repo, ref: "refs/heads/audit", sha: mainSha });
    emulator.faults.onNextRefRead(R, "heads/audit", async () => {
      await emulator.commitFiles(R, "audit", { "entries/other.json": "{}\n" }, { message: "other writer" });
    });
    const read = await api.git.getRef({ ...repo, ref: "heads/audit" });
    expect(read.data.object.sha).toBe(mainSha);
    const tree = await api.git.createTree({ ...repo, base_tree: (await api.git.getCommit({ ...repo, commit_sha: mainSha })).data.tree.sha, tree: [{ path: "entries/mine.json", mode: "100644", type: "blob", content: "{}\n" }] });
    const commit = await api.git.createCommit({ ...repo, message: "mine", tree: tree.data.sha, parents: [read.data.object.sha] });
    await expect(api.git.updateRef({ ...repo, ref: "heads/audit", sha: commit.data.sha })).rejects.toMatchObject({ status: 422 });
    const log = await emulator.state.log(R, "audit");
    expect(log.map((c) => c.message)).toEqual(["other writer", "Initial commit"]);
  });
});

describe("blobs, trees and commits", () => {
  it("creates and reads blobs in utf-8 and base64", async () => {
    const utf8 = await api.git.createBlob({ ...repo, content: "héllo\n" });
    expect(utf8.status).toBe(201);
    expect(utf8.data.sha).toBe(execFileSync("git", ["hash-object", "--stdin"], { input: "héllo\n" }).toString().trim());
    const b64 = await api.git.createBlob({ ...repo, content: Buffer.from([0, 1, 2]).toString("base64"), encoding: "base64" });
    const blob = await api.git.getBlob({ ...repo, file_sha: b64.data.sha });
    expect(Buffer.from(blob.data.content, "base64")).toEqual(Buffer.from([0, 1, 2]));
    expect(blob.data).toMatchObject({ encoding: "base64", size: 3 });
    await expect(api.git.getBlob({ ...repo, file_sha: "2".repeat(40) })).rejects.toMatchObject({ status: 404 });
  });

  it("builds trees on a base tree with inline content, blob shas, nested paths and deletions", async () => {
    const base = (await api.git.getCommit({ ...repo, commit_sha: mainSha })).data.tree.sha;
    const blob = await api.git.createBlob({ ...repo, content: "from blob\n" });
    const tree = await api.git.createTree({
      ...repo,
      base_tree: base,
      tree: [
        { path: "deep/er/new.md", mode: "100644", type: "blob", content: "new\n" },
        { path: "prompts/a.prompt.yml", mode: "100644", type: "blob", sha: blob.data.sha },
        { path: "README.md", mode: "100644", type: "blob", sha: null },
      ],
    });
    expect(tree.status).toBe(201);
    const flat = await api.git.getTree({ ...repo, tree_sha: tree.data.sha, recursive: "true" });
    const paths = flat.data.tree.filter((e) => e.type === "blob").map((e) => e.path);
    expect(paths.sort()).toEqual(["deep/er/new.md", "prompts/a.prompt.yml", "prompts/nested/b.md"]);
    expect(flat.data.tree.find((e) => e.path === "deep/er")).toMatchObject({ type: "tree" });
    const top = await api.git.getTree({ ...repo, tree_sha: tree.data.sha });
    expect(top.data.tree.map((e) => e.path).sort()).toEqual(["deep", "prompts"]);
    await expect(api.git.createTree({ ...repo, tree: [{ path: "x", mode: "100644", type: "blob", sha: "3".repeat(40) }] })).rejects.toMatchObject({ status: 422 });
    await expect(api.git.createTree({ ...repo, base_tree: "4".repeat(40), tree: [] })).rejects.toMatchObject({ status: 422 });
  });

  it("creates and reads commits with their author, committer and parents", async () => {
    const tree = (await api.git.getCommit({ ...repo, commit_sha: mainSha })).data.tree.sha;
    const created = await api.git.createCommit({
      ...repo,
      message: "hand made",
      tree,
      parents: [mainSha],
      author: { name: "Ada", email: "ada@example.com", date: "2024-05-01T10:00:00Z" },
    });
    expect(created.status).toBe(201);
    const read = await api.git.getCommit({ ...repo, commit_sha: created.data.sha });
    expect(read.data).toMatchObject({ message: "hand made", tree: { sha: tree }, parents: [{ sha: mainSha }], author: { name: "Ada", email: "ada@example.com", date: "2024-05-01T10:00:00Z" } });
    expect(execFileSync("git", ["--git-dir", emulator.repository(R).gitDir, "cat-file", "-t", created.data.sha]).toString().trim()).toBe("commit");
    await expect(api.git.createCommit({ ...repo, message: "bad", tree: "5".repeat(40), parents: [] })).rejects.toMatchObject({ status: 422 });
    await expect(api.git.getCommit({ ...repo, commit_sha: "6".repeat(40) })).rejects.toMatchObject({ status: 404 });
  });
});

describe("contents, commits and compare", () => {
  it("serves a file as JSON with base64 content, raw with the raw media type, and a directory as a list", async () => {
    const file = await api.repos.getContent({ ...repo, path: "prompts/a.prompt.yml", ref: "main" });
    expect(Array.isArray(file.data)).toBe(false);
    const data = file.data as { type: string; content: string; encoding: string; sha: string };
    expect(data).toMatchObject({ type: "file", encoding: "base64" });
    expect(Buffer.from(data.content, "base64").toString()).toBe("name: a\n");
    const raw = await api.repos.getContent({ ...repo, path: "prompts/a.prompt.yml", ref: "main", mediaType: { format: "raw" } });
    expect(raw.data as unknown).toBe("name: a\n");
    const rawJson = await api.request("GET /repos/{owner}/{repo}/contents/{path}", { ...repo, path: "README.md", headers: { accept: "application/vnd.github.raw+json" } });
    expect(rawJson.data as unknown).toBe("readme\n");
    const dir = await api.repos.getContent({ ...repo, path: "prompts" });
    expect((dir.data as Array<{ name: string; type: string }>).map((e) => [e.name, e.type])).toEqual([
      ["a.prompt.yml", "file"],
      ["nested", "dir"],
    ]);
    await expect(api.repos.getContent({ ...repo, path: "nope.md" })).rejects.toMatchObject({ status: 404 });
    await expect(api.repos.getContent({ ...repo, path: "README.md", ref: "no-such-branch" })).rejects.toMatchObject({ status: 404 });
  });

  it("creates and updates a file through the contents API, requiring the current sha to update", async () => {
    const createdFile = await api.repos.createOrUpdateFileContents({ ...repo, path: "docs/new.md", message: "add doc", content: Buffer.from("v1\n").toString("base64"), branch: "main" });
    expect(createdFile.status).toBe(201);
    await expect(api.repos.createOrUpdateFileContents({ ...repo, path: "docs/new.md", message: "no sha", content: Buffer.from("v2\n").toString("base64") })).rejects.toMatchObject({ status: 422 });
    const updated = await api.repos.createOrUpdateFileContents({ ...repo, path: "docs/new.md", message: "v2", content: Buffer.from("v2\n").toString("base64"), sha: createdFile.data.content!.sha! });
    expect(updated.status).toBe(200);
    expect(await emulator.state.readFile(R, "main", "docs/new.md")).toBe("v2\n");
    mainSha = (await emulator.state.ref(R, "main"))!;
  });

  it("gets a commit with its files, and compares two refs with merge base, commits and files", async () => {
    const sideSha = await emulator.commitFiles(R, "compare-me", { "c1.md": "1\n" }, { message: "c1" });
    const head = await emulator.commitFiles(R, "compare-me", { "c2.md": "2\n", "README.md": null }, { message: "c2" });
    const commit = await api.repos.getCommit({ ...repo, ref: head });
    expect(commit.data.files?.map((f) => [f.filename, f.status]).sort()).toEqual([
      ["README.md", "removed"],
      ["c2.md", "added"],
    ]);
    expect(commit.data.parents.map((p) => p.sha)).toEqual([sideSha]);
    const cmp = await api.repos.compareCommitsWithBasehead({ ...repo, basehead: `main...compare-me` });
    expect(cmp.data).toMatchObject({ status: "ahead", ahead_by: 2, behind_by: 0, total_commits: 2, merge_base_commit: { sha: mainSha } });
    expect(cmp.data.commits.map((c) => c.commit.message)).toEqual(["c1", "c2"]);
    expect(cmp.data.files?.map((f) => f.filename).sort()).toEqual(["README.md", "c1.md", "c2.md"]);
    await emulator.commitFiles(R, "main", { "main-only.md": "m\n" });
    const diverged = await api.repos.compareCommitsWithBasehead({ ...repo, basehead: "main...compare-me" });
    expect(diverged.data).toMatchObject({ status: "diverged", behind_by: 1, merge_base_commit: { sha: mainSha } });
    await expect(api.repos.compareCommitsWithBasehead({ ...repo, basehead: "main...nowhere" })).rejects.toMatchObject({ status: 404 });
    await expect(api.repos.getCommit({ ...repo, ref: "7".repeat(40) })).rejects.toMatchObject({ status: 422 });
  });

  it("notices commits pushed into the bare repository with git", async () => {
    const work = mkdtempSync(join(tmpdir(), "emulator-push-"));
    const env = { ...process.env, GIT_AUTHOR_NAME: "Pusher", GIT_AUTHOR_EMAIL: "pusher@example.com", GIT_COMMITTER_NAME: "Pusher", GIT_COMMITTER_EMAIL: "pusher@example.com" };
    try {
      const gitDir = emulator.repository(R).gitDir;
      execFileSync("git", ["clone", "-q", gitDir, work], { env });
      writeFileSync(join(work, "pushed.md"), "pushed\n");
      execFileSync("git", ["-C", work, "add", "pushed.md"], { env });
      execFileSync("git", ["-C", work, "commit", "-q", "-m", "pushed with git"], { env });
      execFileSync("git", ["-C", work, "push", "-q", "origin", "HEAD:refs/heads/pushed"], { env });
      const sha = execFileSync("git", ["-C", work, "rev-parse", "HEAD"]).toString().trim();
      const ref = await api.git.getRef({ ...repo, ref: "heads/pushed" });
      expect(ref.data.object.sha).toBe(sha);
      // The push made a check suite for the installed app, as GitHub does on every push.
      expect(emulator.webhooks.find("check_suite", "requested").some((d) => (d.payload.check_suite as { head_sha: string }).head_sha === sha)).toBe(true);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe("an empty repository", () => {
  it("answers 409 'Git Repository is empty.' on git and contents reads", async () => {
    const empty = { owner: "acme", repo: "empty" };
    const api2 = new Octokit({ auth: emulator.installationToken("acme/empty"), baseUrl: emulator.url, request: { fetch: emulator.fetch }, log: quiet });
    for (const call of [
      () => api2.git.getRef({ ...empty, ref: "heads/main" }),
      () => api2.git.listMatchingRefs({ ...empty, ref: "heads/" }),
      () => api2.repos.getContent({ ...empty, path: "README.md" }),
      () => api2.repos.listCommits({ ...empty }),
      () => api2.git.createBlob({ ...empty, content: "x" }),
    ]) {
      await expect(call()).rejects.toMatchObject({ status: 409, response: { data: { message: "Git Repository is empty." } } });
    }
    const repoJson = await api2.repos.get(empty);
    expect(repoJson.data.default_branch).toBe("main");
  });
});
