import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Octokit } from "@octokit/rest";
import { GitHubEmulator, SchemaViolationError, testAppKeys } from "../github-emulator/index.js";
import { guardEmulator } from "../github-emulator/jest-guard.js";

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const R = "acme/prompts";
const repo = { owner: "acme", repo: "prompts" };
let emulator: GitHubEmulator;
let api: Octokit;
let number: number;

/** Status of a call, whether it succeeded or failed. */
const statusOf = (p: Promise<{ status: number }>): Promise<number> => p.then((r) => r.status, (e: { status: number }) => e.status);

beforeAll(async () => {
  emulator = await GitHubEmulator.create({ app: { id: 61, slug: "promptops", privateKey: testAppKeys().privateKey } });
  emulator.createUser("alice");
  await emulator.createRepository(R, { collaborators: { alice: "write" } });
  number = await emulator.openPullRequest(R, { head: "feature", author: "alice", files: { "a.md": "a\n" } });
  api = new Octokit({ auth: emulator.installationToken(R), baseUrl: emulator.url, request: { fetch: emulator.fetch }, log: quiet });
});

afterAll(async () => {
  await emulator?.close();
});

guardEmulator(() => emulator);

describe("fault injection", () => {
  it("fails the nth matching call with a 5xx, matched by operation id, route template or pattern", async () => {
    emulator.faults.failNth("pulls/get", 2);
    const get = () => statusOf(api.pulls.get({ ...repo, pull_number: number }));
    expect([await get(), await get(), await get()]).toEqual([200, 502, 200]);
    emulator.faults.failNth("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", 1, { status: 503, times: 2 });
    const files = () => statusOf(api.pulls.listFiles({ ...repo, pull_number: number }));
    expect([await files(), await files(), await files()]).toEqual([503, 503, 200]);
    emulator.faults.failNth(/^GET \/repos\/acme\/prompts$/, 1, { status: 500 });
    expect(await statusOf(api.repos.get(repo))).toBe(500);
    // Faulted calls are logged like any other.
    expect(emulator.requests.all.filter((r) => r.faulted).map((r) => r.status)).toEqual([502, 503, 503, 500]);
  });

  it("answers the secondary rate limit with 403, retry-after and GitHub's message", async () => {
    emulator.faults.secondaryRateLimit("*", { retryAfter: 7 });
    const err = (await api.repos.get(repo).catch((e: unknown) => e)) as { status: number; message: string; response: { headers: Record<string, string> } };
    expect(err.status).toBe(403);
    expect(err.response.headers["retry-after"]).toBe("7");
    expect(err.message).toMatch(/secondary rate limit/);
    emulator.faults.secondaryRateLimit("repos/get", { status: 429 });
    expect(await statusOf(api.repos.get(repo))).toBe(429);
    expect(await statusOf(api.repos.get(repo))).toBe(200);
  });

  it("answers the primary rate limit with 403, x-ratelimit-remaining 0 and a reset time", async () => {
    const before = Math.floor(Date.now() / 1000);
    emulator.faults.primaryRateLimit("repos/get", { resetInSeconds: 60 });
    const err = (await api.repos.get(repo).catch((e: unknown) => e)) as { status: number; response: { headers: Record<string, string> } };
    expect(err.status).toBe(403);
    expect(err.response.headers["x-ratelimit-remaining"]).toBe("0");
    expect(Number(err.response.headers["x-ratelimit-reset"])).toBeGreaterThanOrEqual(before + 60);
    const ok = await api.repos.get(repo);
    expect(Number(ok.headers["x-ratelimit-remaining"])).toBeGreaterThan(0);
  });

  it("delays matching calls: a slowed call finishes after a later, unslowed one", async () => {
    emulator.faults.latency("pulls/get", 400);
    const finished: string[] = [];
    const slow = api.pulls.get({ ...repo, pull_number: number }).then(() => finished.push("slow"));
    const fast = api.repos.get(repo).then(() => finished.push("fast"));
    await Promise.all([slow, fast]);
    expect(finished).toEqual(["fast", "slow"]);
  });

  it("moves a ref after its nth read, so the reader's non-forced update loses", async () => {
    const main = (await emulator.state.ref(R, "main"))!;
    await api.git.createRef({ ...repo, ref: "refs/heads/log", sha: main });
    let moved = "";
    emulator.faults.moveRefAfterRead(R, "refs/heads/log", async () => {
      moved = await emulator.commitFiles(R, "log", { "x.md": "x\n" }, { message: "concurrent writer" });
    }, { nth: 2 });
    const first = await api.git.getRef({ ...repo, ref: "heads/log" });
    expect(moved).toBe("");
    const second = await api.git.getRef({ ...repo, ref: "heads/log" });
    expect(second.data.object.sha).toBe(first.data.object.sha);
    expect(moved).not.toBe("");
    const mine = await emulator.commitFiles(R, "mine", { "y.md": "y\n" }, { from: main });
    await expect(api.git.updateRef({ ...repo, ref: "heads/log", sha: mine })).rejects.toMatchObject({ status: 422, response: { data: { message: "Update is not a fast forward" } } });
    expect(await emulator.state.ref(R, "log")).toBe(moved);
  });
});

describe("the request log", () => {
  it("counts calls per endpoint and in total, and resets", async () => {
    emulator.requests.reset();
    await api.pulls.get({ ...repo, pull_number: number });
    await api.pulls.listFiles({ ...repo, pull_number: number });
    await api.pulls.listFiles({ ...repo, pull_number: number, page: 2 });
    await api.request("GET /no/such/route").catch(() => undefined);
    expect(emulator.requests.total).toBe(4);
    expect(emulator.requests.counts()).toEqual({ "pulls/get": 1, "pulls/list-files": 2, unknown: 1 });
    expect(emulator.requests.count("GET /repos/{owner}/{repo}/pulls/{pull_number}/files")).toBe(2);
    expect(emulator.requests.all[0]).toMatchObject({ method: "GET", path: `/repos/acme/prompts/pulls/${number}`, status: 200, actor: `installation:${emulator.installationId(R)}` });
    emulator.requests.reset();
    expect(emulator.requests.total).toBe(0);
  });
});

describe("the fidelity guard", () => {
  it("turns a response GitHub's description does not allow into a 500 and records the violation", async () => {
    const pr = emulator.world.repos.get("acme/prompts")!.pulls.get(number)!;
    const title = pr.title;
    (pr as unknown as { title: unknown }).title = 42;
    try {
      const err = (await api.pulls.get({ ...repo, pull_number: number }).catch((e: unknown) => e)) as { status: number; message: string };
      expect(err.status).toBe(500);
      expect(err.message).toMatch(/\/title must be string/);
      expect(emulator.violations).toEqual([expect.objectContaining({ kind: "response", subject: "GET /repos/{owner}/{repo}/pulls/{pull_number}", status: 200 })]);
      // Webhook payloads are checked before they are sent; the change that caused one fails.
      await expect(emulator.editPullRequest(R, number, { body: "new" })).rejects.toBeInstanceOf(SchemaViolationError);
      expect(() => emulator.assertNoViolations()).toThrow(SchemaViolationError);
    } finally {
      pr.title = title;
      // This test provoked the violations on purpose; the guard must not fail it.
      emulator.violations.length = 0;
    }
  });
});
