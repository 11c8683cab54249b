import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Octokit } from "@octokit/rest";
import { escalationReviewers } from "../../action/escalation.js";
import { approvalGranted, notifiedBefore, slaSweep, type SlaSweepOptions } from "../../action/sla.js";
import type { GitHubClient } from "../../github/client.js";
import { GitHubEmulator, testAppKeys } from "../github-emulator/index.js";
import { guardEmulator } from "../github-emulator/jest-guard.js";
import { promptFile } from "./harness.js";

const MARKER = "<!-- promptops:sla-breach -->";

describe("escalationReviewers", () => {
  const ctx = { repoOwner: "acme", author: "alice", owners: ["bob", "acme/support-ai", "Alice"], requestedUsers: [], requestedTeams: [] };

  it("resolves owners, splits users from team slugs, each once, without the author", () => {
    expect(escalationReviewers(["owners", "@acme/privacy", "BOB", "dave", "acme/Support-AI"], ctx)).toEqual({
      users: ["bob", "dave"],
      teams: ["support-ai", "privacy"],
      named: ["bob", "acme/support-ai", "acme/privacy", "dave"],
      skipped: ["@Alice (the pull request's author)"],
    });
  });

  it("names but does not request again those already requested; leaves out teams of other organizations", () => {
    const plan = escalationReviewers(["dave", "acme/privacy", "globex/legal"], { ...ctx, requestedUsers: ["Dave"], requestedTeams: ["privacy"] });
    expect(plan).toEqual({ users: [], teams: [], named: ["dave", "acme/privacy"], skipped: ["@globex/legal (a team of another organization than acme)"] });
  });

  it("says so when `owners` stands for nobody", () => {
    expect(escalationReviewers(["owners"], { ...ctx, owners: [] }).skipped).toEqual(["owners (the changed templates have no owners)"]);
  });
});

describe("approvalGranted", () => {
  const run = (id: number, slug: string, conclusion: string | null, status = "completed") => ({ id, status, conclusion, app: { slug } });

  it("is the newest run of an accepted app, completed with success", () => {
    expect(approvalGranted([run(1, "promptops", "success")])).toBe(true);
    expect(approvalGranted([run(1, "promptops", "success"), run(2, "promptops", "action_required")])).toBe(false);
    expect(approvalGranted([run(2, "promptops", null, "in_progress")])).toBe(false);
    expect(approvalGranted([])).toBe(false);
  });

  it("never counts a run written with a workflow's token, and only the named app when one is named", () => {
    expect(approvalGranted([run(1, "github-actions", "success")])).toBe(false);
    expect(approvalGranted([run(1, "impostor", "success")], "promptops")).toBe(false);
    expect(approvalGranted([run(1, "impostor", "success"), run(2, "PromptOps", "success")], "promptops")).toBe(true);
  });
});

describe("notifiedBefore", () => {
  it("counts a breach comment by anyone but the pull request's author, with the marker at its start", () => {
    expect(notifiedBefore([{ body: `${MARKER}\nlate`, user: { login: "github-actions[bot]" } }], "alice")).toBe(true);
    expect(notifiedBefore([{ body: `${MARKER}\nhush`, user: { login: "Alice" } }], "alice")).toBe(false);
    expect(notifiedBefore([{ body: `quoting ${MARKER}`, user: { login: "bob" } }], "alice")).toBe(false);
    expect(notifiedBefore([{ body: null, user: null }], "alice")).toBe(false);
  });
});

describe("slaSweep against the emulator", () => {
  const REPO = { owner: "acme", repo: "prompts" };
  const keys = testAppKeys();
  const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
  let offset = 0;
  let emulator: GitHubEmulator;
  let client: GitHubClient;
  const numbers: Record<string, number> = {};

  beforeAll(async () => {
    emulator = await GitHubEmulator.create({ app: { id: 7, slug: "github-actions", privateKey: keys.privateKey }, clock: () => new Date(Date.now() - offset) });
    for (const u of ["alice", "bob"]) emulator.createUser(u);
    const policy = [
      "version: 1",
      "tiers:",
      // There is no team `ghost`: GitHub refuses the whole request when one reviewer cannot be asked.
      '  low: { min_score: 0, approvals: 1, review_sla: 24h, escalation: [bob, "acme/ghost"] }',
      "require:",
      "  rationale: low",
      "",
    ].join("\n");
    offset = 5 * 86_400_000;
    await emulator.createRepository("acme/prompts", { ownerType: "Organization", collaborators: { alice: "write", bob: "write" }, files: { ".github/promptops.yml": policy, "prompts/a.prompt.yml": promptFile(["Be brief."]) } });
    numbers.late = await emulator.openPullRequest("acme/prompts", { head: "late", author: "alice", body: "## Rationale\nShorter answers test better.", files: { "prompts/a.prompt.yml": promptFile(["Be brief and kind."]) } });
    numbers.blocked = await emulator.openPullRequest("acme/prompts", { head: "blocked", author: "alice", body: "Tweak.", files: { "prompts/a.prompt.yml": promptFile(["Be brief and warm."]) } });
    offset = 0;
    client = new Octokit({ baseUrl: emulator.url, auth: emulator.installationToken("acme/prompts"), request: { fetch: emulator.fetch }, log: quiet });
  });
  afterAll(async () => {
    await emulator?.close();
  });
  guardEmulator(() => emulator);

  it("after a refused review request asks users and teams apart, warns about what failed, and still comments", async () => {
    const warnings: string[] = [];
    const opts: SlaSweepOptions = { policyPath: ".github/promptops.yml", now: new Date(), dryRun: false, log: () => {}, warn: (m) => warnings.push(m) };
    const result = await slaSweep(client, REPO, opts);

    expect(result.failures).toEqual([]);
    expect(result.breaches).toEqual([numbers.late]);
    expect(result.pulls.find((p) => p.number === numbers.late)).toMatchObject({ outcome: "breach", tier: "low", sla: "24h", requested: { users: ["bob"], teams: [] } });
    expect(emulator.state.requestedReviewers("acme/prompts", numbers.late)).toEqual({ users: ["bob"], teams: [] });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("@acme/ghost");
    expect(warnings[0]).toContain("HTTP 422");
    expect(emulator.state.comments("acme/prompts", numbers.late).filter((c) => c.body.startsWith(MARKER))).toHaveLength(1);
  });

  it("leaves a pull request with a blocking finding to its author: no escalation, no check-run read", async () => {
    // The rationale the policy requires is missing from this one's body: it waits on the author.
    const result = await slaSweep(client, REPO, { policyPath: ".github/promptops.yml", now: new Date(), dryRun: false, log: () => {}, warn: () => {} });
    expect(result.pulls.find((p) => p.number === numbers.blocked)).toMatchObject({ outcome: "blocked", tier: "low" });
    expect(result.pulls.find((p) => p.number === numbers.late)).toMatchObject({ outcome: "notified-before" });
    expect(emulator.state.comments("acme/prompts", numbers.blocked)).toEqual([]);
    // Only the late one, already told, was looked at past its deadline.
    expect(emulator.requests.count("checks/list-for-ref")).toBe(1);
    expect(result.breaches).toEqual([]);
  });
});
