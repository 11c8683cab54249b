import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { GitHubEmulator, testAppKeys } from "../github-emulator/index.js";
import { guardEmulator } from "../github-emulator/jest-guard.js";
import { POLICY, annotations, latestPullRequestEvent, promptFile, removeRunDirs, runAction } from "./harness.js";

const REPO = "acme/prompts";
const keys = testAppKeys();
let emulator: GitHubEmulator;

beforeAll(async () => {
  emulator = await GitHubEmulator.create({ app: { id: 7, slug: "github-actions", privateKey: keys.privateKey } });
  emulator.createUser("alice");
  emulator.createUser("mallory");
  await emulator.createRepository(REPO, {
    ownerType: "Organization",
    collaborators: { alice: "write" },
    files: { ".github/promptops.yml": POLICY, "prompts/faq.prompt.yml": promptFile(["Answer questions about Acme products.", "Never reveal internal notes."]), "README.md": "# prompts\n" },
  });
});
afterAll(async () => {
  removeRunDirs();
  await emulator?.close();
});
guardEmulator(() => emulator);

const risky = (who: string) => ({ "prompts/faq.prompt.yml": promptFile(["Answer questions about Acme products.", `Forward complaints to ${who}@acme-support.com.`, "Never reveal internal notes."]) });
const comments = (n: number) => emulator.state.comments(REPO, n) as Array<{ id: number; body: string }>;
const labels = (n: number) => emulator.state.labels(REPO, n) as string[];

describe("the Action under GitHub's conditions", () => {
  it("on a pull request from a fork reports in the run and makes no write call", async () => {
    const n = await emulator.openPullRequest(REPO, { head: "fork-change", author: "mallory", files: risky("dave") });
    // The emulator has no forks: the payload says what GitHub's says for one (head in another repository).
    const payload = latestPullRequestEvent(emulator, n);
    const head = (payload.pull_request as { head: { repo: Record<string, unknown> } }).head;
    head.repo = { ...head.repo, full_name: "mallory/prompts", name: "prompts", owner: { login: "mallory" } };
    emulator.requests.reset();
    const run = await runAction({ emulator, repo: REPO, payload });

    expect(run.code).toBe(0);
    expect(run.outputs.tier).toBe("high");
    expect(annotations(run, "error").some((a) => a.properties.file === "prompts/faq.prompt.yml" && a.properties.line === "7")).toBe(true);
    expect(run.summary).toContain("PromptOps risk report");
    expect(run.stdout).toContain("comes from a fork (mallory/prompts)");
    expect(run.summary).toContain("does not comment or label");
    const calls = emulator.requests.all;
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((r) => r.method !== "GET" && r.operationId !== "graphql")).toEqual([]);
    expect(comments(n)).toEqual([]);
    expect(labels(n)).toEqual([]);
  });

  it("on pull_request_target (a write token, no PR code run) comments on a fork's pull request too", async () => {
    const n = await emulator.openPullRequest(REPO, { head: "fork-target", author: "mallory", files: risky("ivan") });
    const payload = latestPullRequestEvent(emulator, n);
    const head = (payload.pull_request as { head: { repo: Record<string, unknown> } }).head;
    head.repo = { ...head.repo, full_name: "mallory/prompts", name: "prompts", owner: { login: "mallory" } };
    const run = await runAction({ emulator, repo: REPO, payload, eventName: "pull_request_target" });

    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain("comes from a fork");
    expect(comments(n)).toHaveLength(1);
    expect(labels(n)).toEqual(["promptops:risk-high"]);
  });

  it("with a token that turns out read-only (403 on the first write) still reports, writes nothing more, and says why", async () => {
    const n = await emulator.openPullRequest(REPO, { head: "read-only", author: "alice", files: risky("erin") });
    emulator.faults.failNth("issues/create-comment", 1, { status: 403, message: "Resource not accessible by integration" });
    const run = await runAction({ emulator, repo: REPO, payload: latestPullRequestEvent(emulator, n) });

    expect(run.code).toBe(0);
    expect(run.outputs.tier).toBe("high");
    expect(run.stdout).toContain("cannot write to this pull request (403");
    expect(emulator.requests.count("issues/create-comment")).toBe(1);
    expect(emulator.requests.count("issues/add-labels") + emulator.requests.count("issues/create-label")).toBe(0);
    expect(labels(n)).toEqual([]);
  });

  it("reads a pull request of 250 files over 3 pages (GitHub Enterprise URLs)", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 245; i++) files[`src/module-${String(i).padStart(3, "0")}.ts`] = `export const n = ${i};\n`;
    for (let i = 0; i < 5; i++) files[`prompts/extra-${i}.prompt.yml`] = promptFile([`Help with topic ${i}.`, "Never reveal internal notes."]);
    const n = await emulator.openPullRequest(REPO, { head: "big", author: "alice", files });
    emulator.requests.reset();
    const run = await runAction({ emulator, repo: REPO, payload: latestPullRequestEvent(emulator, n), apiUrl: `${emulator.url}/api/v3`, graphqlUrl: `${emulator.url}/api/graphql` });

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(emulator.requests.count("pulls/list-files")).toBe(3);
    const report = JSON.parse(readFileSync(run.outputs.report!, "utf8"));
    expect(report.templates.map((t: { path: string }) => t.path).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `prompts/extra-${i}.prompt.yml`));
    expect(report.fail_closed).toEqual([]);
    expect(comments(n)).toHaveLength(1);
  });

  it("posts GraphQL where GITHUB_GRAPHQL_URL says, and turns an API error into a failed step, not a crash", async () => {
    const n = await emulator.openPullRequest(REPO, { head: "elsewhere", author: "alice", files: risky("heidi") });
    emulator.requests.reset();
    const run = await runAction({ emulator, repo: REPO, payload: latestPullRequestEvent(emulator, n), graphqlUrl: `${emulator.url}/elsewhere/graphql` });

    expect(emulator.requests.all.filter((r) => r.method === "POST").map((r) => [r.path, r.status])).toEqual([["/elsewhere/graphql", 404]]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    const errors = annotations(run, "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/^PromptOps failed: POST http:\/\/127\.0\.0\.1:\d+\/elsewhere\/graphql answered 404/);
    expect(comments(n)).toEqual([]);
  });

  it("fails closed to the highest tier when GitHub counts more changed files than it lists (its 3,000-file limit)", async () => {
    const n = await emulator.openPullRequest(REPO, { head: "huge", author: "alice", files: { "prompts/faq.prompt.yml": promptFile(["Answer questions about Acme products, kindly.", "Never reveal internal notes."]) } });
    // Listing 3,001 files takes 31 requests; the payload's count is what tells the Action the list is cut.
    const payload = latestPullRequestEvent(emulator, n);
    (payload.pull_request as { changed_files: number }).changed_files = 3500;
    const run = await runAction({ emulator, repo: REPO, payload });

    expect(run.code).toBe(0);
    expect(run.outputs.tier).toBe("critical");
    const report = JSON.parse(readFileSync(run.outputs.report!, "utf8"));
    expect(report.fail_closed.join(" ")).toContain("3500 files");
    expect(emulator.requests.count("pulls/get")).toBe(0);
  });

  it("fails the step with the file and line of a malformed policy on the base branch, after writing the fail-closed report", async () => {
    await emulator.createRepository("acme/broken", {
      ownerType: "Organization",
      collaborators: { alice: "write" },
      files: { ".github/promptops.yml": "version: 1\ntiers:\n  high: { min_score: 50, approvals: two }\n", "prompts/faq.prompt.yml": promptFile(["Answer questions.", "Never reveal internal notes."]) },
    });
    // The pull request repairs the policy: it must not matter, the base decides.
    const n = await emulator.openPullRequest("acme/broken", {
      head: "tweak",
      author: "alice",
      files: { ".github/promptops.yml": POLICY, "prompts/faq.prompt.yml": promptFile(["Answer questions briefly.", "Never reveal internal notes."]) },
    });
    const run = await runAction({ emulator, repo: "acme/broken", payload: latestPullRequestEvent(emulator, n) });

    expect(run.code).toBe(1);
    const errors = annotations(run, "error");
    const policyError = errors.find((a) => a.properties.file === ".github/promptops.yml");
    expect(policyError?.properties.line).toBe("3");
    expect(Number(policyError?.properties.col)).toBeGreaterThan(0);
    expect(errors.at(-1)!.message).toMatch(/^\.github\/promptops\.yml:3:\d+: /);
    expect(run.outputs.tier).toBe("critical");
    expect(run.summary).toContain("Policy errors");
    expect(run.summary).toContain("critical");
  });

  it("retries a transient 502 and succeeds", async () => {
    const n = await emulator.openPullRequest(REPO, { head: "flaky", author: "alice", files: risky("frank") });
    emulator.faults.failNth("pulls/list-files", 1, { status: 502, times: 1 });
    emulator.faults.failNth("graphql", 2, { status: 502, times: 1 });
    const run = await runAction({ emulator, repo: REPO, payload: latestPullRequestEvent(emulator, n) });

    expect(run.code).toBe(0);
    expect(run.outputs.tier).toBe("high");
    const statuses = (op: string) => emulator.requests.all.filter((r) => r.operationId === op).map((r) => r.status);
    expect(statuses("pulls/list-files")).toEqual([502, 200]);
    expect(statuses("graphql")).toEqual([200, 502, 200]);
    expect(comments(n)).toHaveLength(1);
  });

  it("waits out a secondary rate limit and succeeds, with one comment", async () => {
    const n = await emulator.openPullRequest(REPO, { head: "busy", author: "alice", files: risky("grace") });
    emulator.faults.secondaryRateLimit("issues/create-comment", { retryAfter: 1, times: 1 });
    const run = await runAction({ emulator, repo: REPO, payload: latestPullRequestEvent(emulator, n) });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain("secondary rate limit");
    expect(emulator.requests.all.filter((r) => r.operationId === "issues/create-comment").map((r) => r.status)).toEqual([403, 201]);
    expect(comments(n)).toHaveLength(1);
    expect(labels(n)).toEqual(["promptops:risk-high"]);
  });
});
