import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/rest";
import { BLOB_TEXT_LIMIT, GitHubEmulator, testAppKeys } from "../github-emulator/index.js";
import { resolveActor } from "../github-emulator/auth.js";
import { ObjectBatchLoader, readObjects, type GitObjectRead } from "../github-emulator/git-object-batch.js";
import { executeGraphql } from "../github-emulator/graphql.js";
import { guardEmulator } from "../github-emulator/jest-guard.js";

const APP_ID = 77;
const keys = testAppKeys();
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const R = "acme/prompts";
const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: "Test", GIT_AUTHOR_EMAIL: "test@example.com", GIT_COMMITTER_NAME: "Test", GIT_COMMITTER_EMAIL: "test@example.com" };

const GREET_V1 = "name: greet\nmodel: gpt-4o\n";
const GREET_V2 = "name: greet\nmodel: gpt-4.1\ntemperature: 0.9\n";
const NOTES = "# Notes\nhéllo ✓ — ünïcode\n";
const NEW_PROMPTY = "---\nname: new\n---\nsystem:\nYou help.\n";
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
const LATIN1 = Buffer.from("caf\xe9 cr\xe8me\n", "latin1"); // no NUL, but not UTF-8
// One ASCII byte, then two-byte characters: the 512 KB mark falls inside a character.
const BIG = "x" + "é".repeat(300_000);
const EXACT = "a".repeat(BLOB_TEXT_LIMIT);

let emulator: GitHubEmulator;
let token: string;
let gitDir: string;
let base: string;
let head: string;

const revParse = (expr: string): string => execFileSync("git", ["--git-dir", gitDir, "rev-parse", "--verify", expr], { env: GIT_ENV }).toString().trim();

interface GraphqlBody {
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; type?: string; path?: unknown[] }>;
  message?: string;
  documentation_url?: string;
}

/** A raw GraphQL POST (in process unless `url` is given). */
async function post(body: unknown, opts: { auth?: string | null; url?: string } = {}): Promise<{ status: number; body: GraphqlBody; headers: Headers }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const auth = opts.auth === undefined ? `token ${token}` : opts.auth;
  if (auth) headers.authorization = auth;
  const target = opts.url ?? `${emulator.url}/graphql`;
  const res = await (opts.url ? fetch : emulator.fetch)(target, { method: "POST", headers, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as GraphqlBody, headers: res.headers };
}

const REPO_VARS = { owner: "acme", name: "prompts" };
const BLOB_FIELDS = "fragment BlobFields on Blob { oid byteSize isBinary isTruncated text }";
const quote = (s: string): string => JSON.stringify(s);

/** One query with an aliased `object(expression:)` per entry, as the PromptOps reader sends it. */
function filesQuery(entries: Array<[alias: string, expression: string]>): string {
  const fields = entries.map(([alias, expr]) => `${alias}: object(expression: ${quote(expr)}) { __typename ...BlobFields }`).join("\n    ");
  return `query Files($owner: String!, $name: String!) {\n  repository(owner: $owner, name: $name) {\n    ${fields}\n  }\n}\n${BLOB_FIELDS}`;
}

beforeAll(async () => {
  emulator = await GitHubEmulator.create({ app: { id: APP_ID, slug: "promptops", privateKey: keys.privateKey } });
  emulator.createUser("alice");
  emulator.createUser("mallory");
  const handle = await emulator.createRepository(R, {
    ownerType: "Organization",
    collaborators: { alice: "read" },
    files: {
      "prompts/greet.prompt.yml": GREET_V1,
      "prompts/notes.md": NOTES,
      "assets/logo.png": PNG,
      "prompts/latin1.txt": LATIN1,
      "prompts/big.md": BIG,
      "prompts/exact.md": EXACT,
    },
  });
  gitDir = handle.gitDir;
  base = (await emulator.state.ref(R, "main"))!;
  head = await emulator.commitFiles(R, "feature", { "prompts/greet.prompt.yml": GREET_V2, "prompts/notes.md": null, "prompts/new.prompty": NEW_PROMPTY });
  token = emulator.installationToken(R);
});

afterAll(async () => {
  await emulator?.close();
});

guardEmulator(() => emulator);

describe("reading files at two commits in one query", () => {
  it("answers aliased object(expression:) fields with git's own oids and the files' text, null for missing paths", async () => {
    const paths = { greet: "prompts/greet.prompt.yml", notes: "prompts/notes.md", fresh: "prompts/new.prompty", ghost: "prompts/never-existed.md" };
    const entries: Array<[string, string]> = [];
    for (const [side, sha] of [["base", base], ["head", head]] as const) {
      for (const [key, path] of Object.entries(paths)) entries.push([`${side}_${key}`, `${sha}:${path}`]);
    }
    const res = await post({ query: filesQuery(entries), variables: REPO_VARS });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const repo = res.body.data!.repository;
    expect(repo.base_greet).toEqual({ __typename: "Blob", oid: revParse(`${base}:${paths.greet}`), byteSize: Buffer.byteLength(GREET_V1), isBinary: false, isTruncated: false, text: GREET_V1 });
    expect(repo.head_greet).toMatchObject({ oid: revParse(`${head}:${paths.greet}`), text: GREET_V2 });
    expect(repo.head_greet.oid).not.toBe(repo.base_greet.oid);
    expect(repo.base_notes).toMatchObject({ oid: revParse(`${base}:${paths.notes}`), text: NOTES, byteSize: Buffer.byteLength(NOTES), isBinary: false });
    expect(repo.head_notes).toBeNull(); // deleted on the head
    expect(repo.base_fresh).toBeNull(); // added on the head
    expect(repo.head_fresh).toMatchObject({ oid: revParse(`${head}:${paths.fresh}`), text: NEW_PROMPTY });
    expect(repo.base_ghost).toBeNull();
    expect(repo.head_ghost).toBeNull();
  });

  it("takes the expression and the repository from variables, inline fragments, branch names, commits, trees and lookups by oid", async () => {
    const query = `query($owner: String!, $name: String!, $expr: String!, $oid: GitObjectID!) {
      repository(owner: $owner, name: $name) {
        nameWithOwner
        byVariable: object(expression: $expr) { ... on Blob { oid text } }
        byBranch: object(expression: "feature:prompts/new.prompty") { ... on Blob { text } }
        commit: object(expression: ${quote(head)}) { __typename oid abbreviatedOid }
        tree: object(expression: ${quote(`${base}:prompts`)}) { __typename oid }
        byOid: object(oid: $oid) { __typename ... on Blob { byteSize } }
        unknownRevision: object(expression: "no-such-branch:prompts/greet.prompt.yml") { oid }
        lineBreak: object(expression: ${quote(`${base}:prompts/greet.prompt.yml\n${head}`)}) { oid }
      }
    }`;
    const greetOid = revParse(`${base}:prompts/greet.prompt.yml`);
    const res = await post({ query, variables: { ...REPO_VARS, expr: `${base}:prompts/greet.prompt.yml`, oid: greetOid } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.repository).toEqual({
      nameWithOwner: R,
      byVariable: { oid: greetOid, text: GREET_V1 },
      byBranch: { text: NEW_PROMPTY },
      commit: { __typename: "Commit", oid: head, abbreviatedOid: head.slice(0, 7) },
      tree: { __typename: "Tree", oid: revParse(`${base}:prompts`) },
      byOid: { __typename: "Blob", byteSize: Buffer.byteLength(GREET_V1) },
      unknownRevision: null,
      lineBreak: null,
    });
  });
});

describe("blob semantics", () => {
  it("marks content with a NUL byte or invalid UTF-8 as binary, with null text", async () => {
    const res = await post({ query: filesQuery([["png", `${base}:assets/logo.png`], ["latin1", `${base}:prompts/latin1.txt`], ["text", `${base}:prompts/notes.md`]]), variables: REPO_VARS });
    const repo = res.body.data!.repository;
    expect(repo.png).toEqual({ __typename: "Blob", oid: revParse(`${base}:assets/logo.png`), byteSize: PNG.length, isBinary: true, isTruncated: false, text: null });
    expect(repo.latin1).toMatchObject({ byteSize: LATIN1.length, isBinary: true, text: null });
    expect(repo.text).toMatchObject({ isBinary: false, text: NOTES });
  });

  it("truncates text past 512 KB on a character boundary and says so; exactly 512 KB is whole", async () => {
    const res = await post({ query: filesQuery([["big", `${base}:prompts/big.md`], ["exact", `${base}:prompts/exact.md`]]), variables: REPO_VARS });
    const { big, exact } = res.body.data!.repository;
    expect(big).toMatchObject({ byteSize: Buffer.byteLength(BIG), isBinary: false, isTruncated: true });
    expect(Buffer.byteLength(big.text)).toBeLessThanOrEqual(BLOB_TEXT_LIMIT);
    expect(Buffer.byteLength(big.text)).toBeGreaterThan(BLOB_TEXT_LIMIT - 4);
    expect(big.text).not.toContain("\uFFFD");
    expect(BIG.startsWith(big.text)).toBe(true);
    expect(exact).toMatchObject({ byteSize: BLOB_TEXT_LIMIT, isTruncated: false });
    expect(exact.text).toBe(EXACT);
  });
});

describe("errors", () => {
  it("answers 401 in the GraphQL endpoint's shape to a bad token, no token and an app JWT", async () => {
    const bad = await post({ query: "{ rateLimit { cost } }" }, { auth: "token ghs_not-a-token" });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ message: "Bad credentials", documentation_url: "https://docs.github.com/graphql" });
    const none = await post({ query: "{ rateLimit { cost } }" }, { auth: null });
    expect(none.status).toBe(401);
    expect(none.body.message).toBe("This endpoint requires you to be authenticated.");
    const { token: jwt } = await createAppAuth({ appId: APP_ID, privateKey: keys.privateKey })({ type: "app" });
    expect((await post({ query: "{ rateLimit { cost } }" }, { auth: `bearer ${jwt}` })).status).toBe(401);
    const octokit = new Octokit({ auth: "ghs_not-a-token", baseUrl: emulator.url, request: { fetch: emulator.fetch }, log: quiet });
    await expect(octokit.graphql("{ rateLimit { cost } }")).rejects.toMatchObject({ status: 401 });
  });

  it("resolves a repository the caller cannot see to null with a NOT_FOUND error, and serves one it can", async () => {
    const query = `query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { name } }`;
    const hidden = await post({ query, variables: REPO_VARS }, { auth: `token ${emulator.userToken("mallory")}` });
    expect(hidden.status).toBe(200);
    expect(hidden.body.data).toEqual({ repository: null });
    expect(hidden.body.errors).toEqual([
      expect.objectContaining({ type: "NOT_FOUND", path: ["repository"], message: "Could not resolve to a Repository with the name 'acme/prompts'." }),
    ]);
    const missing = await post({ query, variables: { owner: "acme", name: "nope" } });
    expect(missing.body.errors?.[0]?.type).toBe("NOT_FOUND");
    const reader = await post({ query, variables: REPO_VARS }, { auth: `token ${emulator.userToken("alice")}` });
    expect(reader.body).toEqual({ data: { repository: { name: "prompts" } } });
  });

  it("answers 200 with errors and no data for queries that do not parse or validate", async () => {
    const unknownField = await post({ query: `{ repository(owner: "acme", name: "prompts") { stars } }` });
    expect(unknownField.status).toBe(200);
    expect(unknownField.body.data).toBeUndefined();
    expect(unknownField.body.errors?.[0]?.message).toMatch(/Cannot query field "stars" on type "Repository"/);
    const syntax = await post({ query: "{ repository(" });
    expect(syntax.status).toBe(200);
    expect(syntax.body.errors?.[0]?.message).toMatch(/Syntax Error/);
    const noQuery = await post({ variables: {} });
    expect(noQuery.body.errors?.[0]?.message).toBe("A query attribute must be specified and must be a string.");
    const badVariable = await post({ query: "query($owner: String!) { repository(owner: $owner, name: \"prompts\") { name } }", variables: {} });
    expect(badVariable.body.errors?.[0]?.message).toMatch(/\$owner/);
    const octokit = new Octokit({ auth: token, baseUrl: emulator.url, request: { fetch: emulator.fetch }, log: quiet });
    await expect(octokit.graphql(`{ repository(owner: "acme", name: "prompts") { stars } }`)).rejects.toMatchObject({ name: "GraphqlResponseError" });
  });

  it("throws, rather than answering a plausible null, when the emulator itself breaks the schema", async () => {
    const actor = resolveActor(emulator.world, `token ${token}`);
    const query = `{ repository(owner: "acme", name: "prompts") { f: object(expression: "main:prompts/greet.prompt.yml") { oid } } }`;
    const broken = (): Promise<Array<GitObjectRead | null>> => Promise.resolve([{ sha: "f".repeat(40), type: "symlink" as GitObjectRead["type"], content: Buffer.from("x") }]);
    await expect(executeGraphql(emulator.world, actor, { query }, { used: 1, read: broken })).rejects.toThrow(/Abstract type "GitObject" must resolve to an Object type/);
  });
});

describe("request log, rate limit and faults", () => {
  it("logs a 200-alias query as one graphql call, read with one batched git call", async () => {
    const entries: Array<[string, string]> = [];
    for (let i = 0; i < 100; i++) {
      for (const [side, sha] of [["b", base], ["h", head]] as const) entries.push([`${side}${i}`, `${sha}:${i % 2 ? "prompts/greet.prompt.yml" : `prompts/none-${i}.md`}`]);
    }
    const query = filesQuery(entries);
    const res = await post({ query, variables: REPO_VARS });
    const repo = res.body.data!.repository;
    expect(Object.keys(repo)).toHaveLength(200);
    expect(repo.h1.text).toBe(GREET_V2);
    expect(repo.b1.text).toBe(GREET_V1);
    expect(repo.b0).toBeNull();
    expect(emulator.requests.counts()).toEqual({ graphql: 1 });
    expect(emulator.requests.all[0]).toMatchObject({ method: "POST", path: "/graphql", route: "POST /graphql", status: 200, actor: `installation:${emulator.installationId(R)}`, faulted: false });

    // The same query straight through the executor, counting how often git is asked.
    const reads: string[][] = [];
    const repository = emulator.repoOf(R);
    const direct = await executeGraphql(emulator.world, resolveActor(emulator.world, `token ${token}`), { query, variables: REPO_VARS }, {
      used: 1,
      read: (r, names) => {
        reads.push(names);
        return readObjects(r.git.gitDir, names);
      },
    });
    expect(direct.body).toEqual(res.body);
    expect(reads).toHaveLength(1);
    expect(new Set(reads[0])).toEqual(new Set(entries.map(([, e]) => e)));
    expect(repository.name).toBe("prompts");
  });

  it("reports rateLimit from the GraphQL calls made so far, with graphql rate-limit headers", async () => {
    const query = "{ rateLimit { cost limit remaining used resetAt } }";
    const first = await post({ query });
    const second = await post({ query });
    const a = first.body.data!.rateLimit;
    const b = second.body.data!.rateLimit;
    expect(a).toMatchObject({ cost: 1, limit: 5000, used: 1, remaining: 4999 });
    expect(b).toMatchObject({ used: 2, remaining: 4998 });
    expect(Date.parse(a.resetAt)).toBeGreaterThan(Date.now());
    expect(second.headers.get("x-ratelimit-resource")).toBe("graphql");
    expect(second.headers.get("x-ratelimit-remaining")).toBe("4998");
  });

  it("fails the nth graphql call with a 5xx and answers the secondary rate limit with 403 and retry-after", async () => {
    const query = "{ rateLimit { cost } }";
    emulator.faults.failNth("graphql", 2, { status: 502 });
    const statuses = [(await post({ query })).status, (await post({ query })).status, (await post({ query })).status];
    expect(statuses).toEqual([200, 502, 200]);

    emulator.faults.secondaryRateLimit("graphql", { retryAfter: 3 });
    const octokit = new Octokit({ auth: token, baseUrl: emulator.url, request: { fetch: emulator.fetch }, log: quiet });
    const err = (await octokit.graphql(query).catch((e: unknown) => e)) as { status: number; message: string; response: { headers: Record<string, string> } };
    expect(err.status).toBe(403);
    expect(err.response.headers["retry-after"]).toBe("3");
    expect(err.message).toMatch(/secondary rate limit/);

    // The route template matches calls made on the GitHub Enterprise path too.
    emulator.faults.failNth("POST /graphql", 1, { status: 503 });
    expect((await post({ query }, { url: `${emulator.url}/api/graphql` })).status).toBe(503);
    expect(emulator.requests.all.filter((r) => r.faulted).map((r) => [r.operationId, r.status])).toEqual([
      ["graphql", 502],
      ["graphql", 403],
      ["graphql", 503],
    ]);
  });
});

describe("an unmodified @octokit/rest client's octokit.graphql over HTTP", () => {
  const query = `query($owner: String!, $name: String!, $expr: String!) { repository(owner: $owner, name: $name) { file: object(expression: $expr) { ... on Blob { oid text } } } }`;

  it.each([
    ["api.github.com style", "", "/graphql"],
    ["GitHub Enterprise style", "/api/v3", "/api/graphql"],
  ])("works with a %s base URL", async (_style, suffix, expectedPath) => {
    const urls: string[] = [];
    const octokit = new Octokit({
      auth: token,
      baseUrl: `${emulator.url}${suffix}`,
      log: quiet,
      request: { fetch: (url: string, init: RequestInit) => (urls.push(String(url)), fetch(url, init)) },
    });
    const data = await octokit.graphql<{ repository: { file: { oid: string; text: string } } }>(query, { ...REPO_VARS, expr: `${head}:prompts/greet.prompt.yml` });
    expect(data.repository.file).toEqual({ oid: revParse(`${head}:prompts/greet.prompt.yml`), text: GREET_V2 });
    expect(urls).toEqual([`${emulator.url}${expectedPath}`]);
    expect(emulator.requests.count("graphql")).toBe(1);
  });
});

describe("the batch reader", () => {
  it("reads many objects with one git call, null for names git cannot resolve", async () => {
    const names = [`${base}:prompts/greet.prompt.yml`, `${base}:nope`, "", `${head}`, `${base}:assets/logo.png`, "a\nb"];
    const objects = await readObjects(gitDir, names);
    expect(objects.map((o) => o && [o.type, o.sha])).toEqual([
      ["blob", revParse(names[0]!)],
      null,
      null,
      ["commit", head],
      ["blob", revParse(names[4]!)],
      null,
    ]);
    expect(objects[0]!.content.toString()).toBe(GREET_V1);
    expect(Buffer.compare(objects[4]!.content, PNG)).toBe(0);
  });

  it("collects the loads of one turn into one read, each name once, and shares a failure", async () => {
    const calls: string[][] = [];
    const blob = (sha: string): GitObjectRead => ({ sha, type: "blob", content: Buffer.from(sha) });
    const loader = new ObjectBatchLoader(async (names) => {
      calls.push(names);
      return names.map((n) => (n === "missing" ? null : blob(n)));
    });
    const results = await Promise.all([loader.load("a"), loader.load("b"), loader.load("a"), Promise.resolve().then(() => loader.load("missing"))]);
    expect(calls).toEqual([["a", "b", "missing"]]);
    expect(results.map((r) => r?.sha ?? null)).toEqual(["a", "b", "a", null]);
    expect(await loader.load("c")).toMatchObject({ sha: "c" });
    expect(calls).toHaveLength(2);

    const failing = new ObjectBatchLoader(async () => {
      throw new Error("git died");
    });
    await expect(Promise.all([failing.load("x"), failing.load("y")])).rejects.toThrow("git died");
  });
});
