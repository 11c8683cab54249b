import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verify } from "@octokit/webhooks-methods";
import { Octokit } from "@octokit/rest";
import { GitHubEmulator, WEBHOOK_EVENTS, testAppKeys } from "../github-emulator/index.js";
import { guardEmulator } from "../github-emulator/jest-guard.js";
import { OpenApiValidator } from "../github-emulator/openapi-validator.js";

const SECRET = "webhook-secret";
const R = "acme/prompts";
const repo = { owner: "acme", repo: "prompts" };
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

interface Received {
  id: string;
  event: string;
  body: string;
  valid: boolean;
}

let emulator: GitHubEmulator;
let receiver: Server;
const received: Received[] = [];

beforeAll(async () => {
  // A receiver that checks signatures the way a GitHub App must.
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      void verify(SECRET, body, String(req.headers["x-hub-signature-256"])).then((valid) => {
        received.push({ id: String(req.headers["x-github-delivery"]), event: String(req.headers["x-github-event"]), body, valid });
        res.writeHead(valid ? 200 : 401).end();
      });
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`;
  emulator = await GitHubEmulator.create({ app: { id: 51, slug: "promptops", privateKey: testAppKeys().privateKey }, webhooks: { url, secret: SECRET } });
  for (const login of ["alice", "bob"]) emulator.createUser(login);
  await emulator.createRepository(R, { ownerType: "Organization", collaborators: { alice: "write", bob: "write" } });
  emulator.createTeam("acme", "reviewers", { members: ["bob"], repositories: { [R]: "write" } });
});

afterAll(async () => {
  await emulator?.close();
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
});

guardEmulator(() => emulator);

describe("webhook deliveries", () => {
  it("POSTs every event its state changes cause, signed, with delivery id, event name and installation", async () => {
    emulator.protectBranch(R, "main", { required_pull_request_reviews: { dismiss_stale_reviews: true } });
    const n = await emulator.openPullRequest(R, { head: "feature", author: "alice", title: "One", files: { "p.md": "1\n" } });
    await emulator.editPullRequest(R, n, { title: "Two" });
    await emulator.requestReviewers(R, n, { users: ["bob"], teams: ["reviewers"] });
    const api = new Octokit({ auth: emulator.installationToken(R), baseUrl: emulator.url, request: { fetch: emulator.fetch }, log: quiet });
    await api.pulls.removeRequestedReviewers({ ...repo, pull_number: n, reviewers: [], team_reviewers: ["reviewers"] });
    await emulator.submitReview(R, n, { user: "bob", event: "APPROVE" });
    await emulator.pushToPullRequest(R, n, { "p.md": "2\n" });
    const head = emulator.state.pullRequest(R, n)!.head.sha;
    const run = await emulator.createCheckRun(R, { name: "PromptOps approval", head_sha: head, status: "in_progress" });
    await emulator.updateCheckRun(R, run, { conclusion: "success", output: { title: "ok", summary: "ok" } });
    await emulator.rerequestCheckRun(R, run);
    await emulator.rerequestCheckSuite(R, head);
    await emulator.closePullRequest(R, n);
    await emulator.reopenPullRequest(R, n);
    await emulator.settled();

    const sent = new Set(emulator.webhooks.deliveries.map((d) => `${d.event}.${d.action}`));
    expect([...WEBHOOK_EVENTS].filter((e) => !sent.has(e))).toEqual([]);
    expect(received).toHaveLength(emulator.webhooks.deliveries.length);
    const validator = OpenApiValidator.shared();
    for (const d of emulator.webhooks.deliveries) {
      const got = received.find((r) => r.id === d.id)!;
      expect(got).toMatchObject({ event: d.event, body: d.body, valid: true });
      expect(d.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(d.attempts).toEqual([{ status: 200, redelivery: false }]);
      expect(validator.validateWebhook(`${d.event}.${d.action}`, JSON.parse(got.body))).toBeNull();
      if (d.event !== "installation") expect(d.payload.installation).toEqual({ id: emulator.installationId(R), node_id: expect.any(String) });
    }
    const opened = emulator.webhooks.find("pull_request", "opened")[0]!.payload as { number: number; pull_request: { title: string; head: { ref: string } }; sender: { login: string } };
    expect(opened).toMatchObject({ number: n, pull_request: { title: "One", head: { ref: "feature" } }, sender: { login: "alice" } });
    const order = emulator.webhooks.deliveries.filter((d) => d.event === "pull_request").map((d) => d.action);
    expect(order).toEqual(["opened", "edited", "review_requested", "review_requested", "review_request_removed", "synchronize", "closed", "reopened"]);
  });

  it("redelivers a delivery unchanged, with the same delivery id", async () => {
    const original = emulator.webhooks.find("pull_request", "opened")[0]!;
    const before = received.length;
    const attempt = await emulator.webhooks.redeliver(original.id);
    expect(attempt).toEqual({ status: 200, redelivery: true });
    const again = received.slice(before);
    expect(again).toEqual([{ id: original.id, event: "pull_request", body: original.body, valid: true }]);
  });

  it("sends forged deliveries that a verifying receiver rejects", async () => {
    const forged = await emulator.webhooks.sendForged("pull_request", { action: "closed", number: 1 });
    expect(forged.status).toBe(401);
    const tampered = await emulator.webhooks.sendForged("pull_request", { action: "closed" }, { secret: SECRET, signature: "sha256=" + "0".repeat(64) });
    expect(tampered.status).toBe(401);
    const genuine = await emulator.webhooks.sendForged("pull_request", { action: "closed" }, { secret: SECRET });
    expect(genuine.status).toBe(200);
  });

  it("records an unreachable receiver without failing the change that caused the event", async () => {
    emulator.webhooks.configure({ url: "http://127.0.0.1:9/unreachable" });
    try {
      await emulator.addLabels(R, 1, ["x"]);
      const n = await emulator.openPullRequest(R, { head: "second", author: "alice", files: { "q.md": "q\n" } });
      await emulator.settled();
      const attempt = emulator.webhooks.find("pull_request", "opened").at(-1)!.attempts[0]!;
      expect(attempt.status).toBeNull();
      expect(attempt.error).toBeTruthy();
      expect(emulator.state.pullRequest(R, n)?.state).toBe("open");
    } finally {
      emulator.webhooks.configure({ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks` });
    }
  });
});
