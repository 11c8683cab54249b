import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { generateKeyPairSync } from "node:crypto";
import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/rest";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Probot } from "probot";
import { GitHubEmulator, testAppKeys } from "../github-emulator/index.js";
import { guardEmulator } from "../github-emulator/jest-guard.js";

const APP_ID = 4242;
const keys = testAppKeys();
/** Octokit logs every 4xx/5xx through console; the faults here are deliberate. */
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
let emulator: GitHubEmulator;
let prNumber: number;
let headSha: string;

beforeAll(async () => {
  emulator = await GitHubEmulator.create({ app: { id: APP_ID, slug: "promptops", privateKey: keys.privateKey }, webhooks: { secret: "smoke-secret" } });
  emulator.createUser("alice");
  await emulator.createRepository("acme/prompts", {
    ownerType: "Organization",
    files: { "prompts/greet.prompt.yml": "name: greet\nmodel: gpt-4o\n", "README.md": "# prompts\n" },
    collaborators: { alice: "write" },
  });
  prNumber = await emulator.openPullRequest("acme/prompts", {
    head: "tune-greeting",
    author: "alice",
    title: "Tune greeting",
    files: { "prompts/greet.prompt.yml": "name: greet\nmodel: gpt-4.1\n", "prompts/farewell.prompt.yml": "name: bye\n" },
  });
  headSha = emulator.state.pullRequest("acme/prompts", prNumber)!.head.sha;
});

afterAll(async () => {
  await emulator?.close();
});

guardEmulator(() => emulator);

describe("an unmodified @octokit/rest client", () => {
  it("exchanges an app JWT for an installation token, then reads a pull request and its files and creates a check run", async () => {
    const installationId = emulator.installationId("acme/prompts");
    const octokit = new Octokit({
      authStrategy: createAppAuth,
      auth: { appId: APP_ID, privateKey: keys.privateKey, installationId },
      baseUrl: emulator.url,
      request: { fetch: emulator.fetch },
      log: quiet,
    });
    const pr = await octokit.pulls.get({ owner: "acme", repo: "prompts", pull_number: prNumber });
    expect(pr.data.head.sha).toBe(headSha);
    expect(pr.data.user?.login).toBe("alice");
    const files = await octokit.paginate(octokit.pulls.listFiles, { owner: "acme", repo: "prompts", pull_number: prNumber });
    expect(files.map((f) => [f.filename, f.status]).sort()).toEqual([
      ["prompts/farewell.prompt.yml", "added"],
      ["prompts/greet.prompt.yml", "modified"],
    ]);
    const run = await octokit.checks.create({ owner: "acme", repo: "prompts", name: "PromptOps approval", head_sha: headSha, status: "in_progress" });
    expect(run.status).toBe(201);
    expect(run.data.app?.id).toBe(APP_ID);
    expect(emulator.state.checkRuns("acme/prompts", headSha).map((r) => r.name)).toEqual(["PromptOps approval"]);
    // The token exchange is a call like any other, counted under its operation id.
    expect(emulator.requests.count("apps/create-installation-access-token")).toBe(1);
    expect(emulator.requests.count("POST /repos/{owner}/{repo}/check-runs")).toBe(1);
  });

  it("answers 401 to a JWT signed by a key that is not the app's", async () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const octokit = new Octokit({
      authStrategy: createAppAuth,
      auth: { appId: APP_ID, privateKey: other, installationId: emulator.installationId("acme/prompts") },
      baseUrl: emulator.url,
      request: { fetch: emulator.fetch },
      log: quiet,
    });
    await expect(octokit.pulls.get({ owner: "acme", repo: "prompts", pull_number: prNumber })).rejects.toMatchObject({ status: 401 });
    expect(emulator.requests.count("apps/create-installation-access-token")).toBe(1);
  });

  it("serves the same API over HTTP, also under the /api/v3 prefix GitHub Enterprise uses", async () => {
    const token = emulator.installationToken("acme/prompts");
    for (const baseUrl of [emulator.url, `${emulator.url}/api/v3`]) {
      const octokit = new Octokit({ auth: token, baseUrl });
      const pr = await octokit.pulls.get({ owner: "acme", repo: "prompts", pull_number: prNumber });
      expect(pr.data.number).toBe(prNumber);
    }
    const v3 = new Octokit({ auth: token, baseUrl: `${emulator.url}/api/v3` });
    const page = await v3.pulls.listFiles({ owner: "acme", repo: "prompts", pull_number: prNumber, per_page: 1 });
    // Pagination links keep the prefix the client used.
    expect(page.headers.link).toContain(`${emulator.url}/api/v3/repos/acme/prompts/pulls/${prNumber}/files?per_page=1&page=2`);
  });

  it("is retried by @octokit/plugin-retry through an injected 502", async () => {
    const RetryOctokit = Octokit.plugin(retry);
    const octokit = new RetryOctokit({ auth: emulator.installationToken("acme/prompts"), baseUrl: emulator.url, request: { fetch: emulator.fetch }, retry: { retryAfterBaseValue: 1 }, log: quiet });
    emulator.faults.failNth("pulls/get", 1, { status: 502 });
    const pr = await octokit.pulls.get({ owner: "acme", repo: "prompts", pull_number: prNumber });
    expect(pr.data.number).toBe(prNumber);
    expect(emulator.requests.all.filter((r) => r.operationId === "pulls/get").map((r) => r.status)).toEqual([502, 200]);
  });

  it("is throttled by @octokit/plugin-throttling through secondary and primary rate limits", async () => {
    const ThrottledOctokit = Octokit.plugin(throttling);
    const seen: string[] = [];
    const octokit = new ThrottledOctokit({
      auth: emulator.installationToken("acme/prompts"),
      baseUrl: emulator.url,
      request: { fetch: emulator.fetch },
      log: quiet,
      throttle: {
        retryAfterBaseValue: 1,
        onSecondaryRateLimit: (retryAfter: number) => {
          seen.push(`secondary:${retryAfter}`);
          return true;
        },
        onRateLimit: () => {
          seen.push("primary");
          return true;
        },
      },
    });
    emulator.faults.secondaryRateLimit("pulls/list-files", { retryAfter: 2 });
    emulator.faults.primaryRateLimit("issues/list-comments", { resetInSeconds: 0 });
    const files = await octokit.pulls.listFiles({ owner: "acme", repo: "prompts", pull_number: prNumber });
    const comments = await octokit.issues.listComments({ owner: "acme", repo: "prompts", issue_number: prNumber });
    expect(files.data).toHaveLength(2);
    expect(comments.data).toEqual([]);
    expect(seen).toEqual(["secondary:2", "primary"]);
  });
});

describe("a Probot instance", () => {
  it("authenticates as the installation through the emulator's fetch and works with the pull request", async () => {
    const probot = new Probot({ appId: APP_ID, privateKey: keys.privateKey, secret: "smoke-secret", baseUrl: emulator.url, request: { fetch: emulator.fetch }, logLevel: "fatal" });
    const appOctokit = await probot.auth();
    const { data: app } = await appOctokit.rest.apps.getAuthenticated();
    expect(app?.slug).toBe("promptops");
    const { data: installation } = await appOctokit.rest.apps.getRepoInstallation({ owner: "acme", repo: "prompts" });
    const octokit = await probot.auth(installation.id);
    const pr = await octokit.rest.pulls.get({ owner: "acme", repo: "prompts", pull_number: prNumber });
    const files = await octokit.rest.pulls.listFiles({ owner: "acme", repo: "prompts", pull_number: prNumber });
    const run = await octokit.rest.checks.create({ owner: "acme", repo: "prompts", name: "PromptOps probot", head_sha: pr.data.head.sha, conclusion: "neutral", output: { title: "t", summary: `${files.data.length} files` } });
    expect(run.data.conclusion).toBe("neutral");
    expect(emulator.state.checkRuns("acme/prompts", headSha).find((r) => r.name === "PromptOps probot")?.output.summary).toBe("2 files");
    expect(emulator.requests.count("apps/create-installation-access-token")).toBe(1);
  });

  it("works over HTTP under /api/v3, as `probot run` with GHE_HOST would call it", async () => {
    const probot = new Probot({ appId: APP_ID, privateKey: keys.privateKey, secret: "smoke-secret", baseUrl: `${emulator.url}/api/v3`, logLevel: "fatal" });
    const octokit = await probot.auth(emulator.installationId("acme/prompts"));
    const pr = await octokit.rest.pulls.get({ owner: "acme", repo: "prompts", pull_number: prNumber });
    expect(pr.data.head.sha).toBe(headSha);
    expect(emulator.requests.all.map((r) => r.operationId)).toEqual(["apps/create-installation-access-token", "pulls/get"]);
  });

  it("receives the emulator's signed webhooks in process", async () => {
    const probot = new Probot({ appId: APP_ID, privateKey: keys.privateKey, secret: "smoke-secret", baseUrl: emulator.url, request: { fetch: emulator.fetch }, logLevel: "fatal" });
    const titles: string[] = [];
    probot.on("pull_request.edited", async (context) => {
      titles.push(context.payload.pull_request.title);
      await context.octokit.rest.issues.createComment(context.issue({ body: "seen" }));
    });
    emulator.webhooks.configure({
      handler: (d) => probot.webhooks.verifyAndReceive({ id: d.id, name: d.event as "pull_request", payload: d.body, signature: d.headers["x-hub-signature-256"]! }),
    });
    try {
      await emulator.editPullRequest("acme/prompts", prNumber, { title: "Tune greeting, take 2" });
      await emulator.settled();
    } finally {
      emulator.webhooks.configure({ handler: undefined });
    }
    expect(titles).toEqual(["Tune greeting, take 2"]);
    expect(emulator.webhooks.find("pull_request", "edited").at(-1)?.attempts).toEqual([{ status: 200, redelivery: false }]);
    expect(emulator.state.comments("acme/prompts", prNumber).map((c) => [c.body, c.app])).toEqual([["seen", "promptops"]]);
  });
});
