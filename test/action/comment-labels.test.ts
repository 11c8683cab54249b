import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Octokit } from "@octokit/rest";
import { applyLabels, labelWrites, planLabels, TIER_LABEL_COLORS } from "../../action/labels.js";
import { REPORT_MARKER, reportCommentBody } from "../../action/comment.js";
import { findStickyComment, upsertStickyComment } from "../../github/sticky-comment.js";
import type { GitHubClient } from "../../github/client.js";
import type { RiskReport } from "../../core/report/risk-report.js";
import { GitHubEmulator, testAppKeys } from "../github-emulator/index.js";
import { guardEmulator } from "../github-emulator/jest-guard.js";

const REPO = { owner: "acme", repo: "prompts" };
const keys = testAppKeys();
/** Octokit logs 4xx answers through console; the 404 and 422 here are deliberate. */
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
let emulator: GitHubEmulator;
let client: GitHubClient;
let pr: number;

beforeAll(async () => {
  emulator = await GitHubEmulator.create({ app: { id: 7, slug: "github-actions", privateKey: keys.privateKey } });
  emulator.createUser("alice");
  await emulator.createRepository("acme/prompts", { ownerType: "Organization", collaborators: { alice: "write" }, files: { "README.md": "# p\n" } });
  pr = await emulator.openPullRequest("acme/prompts", { head: "x", author: "alice", files: { "prompts/a.prompt.yml": "name: a\n" } });
  client = new Octokit({ baseUrl: emulator.url, auth: emulator.installationToken("acme/prompts"), request: { fetch: emulator.fetch }, log: quiet });
});
afterAll(async () => {
  await emulator?.close();
});
guardEmulator(() => emulator);

const bodies = () => emulator.state.comments("acme/prompts", pr).map((c) => c.body);

describe("the sticky report comment", () => {
  it("is created once, then edited in place; an unchanged body costs no write", async () => {
    const first = await upsertStickyComment(client, REPO, pr, REPORT_MARKER, `${REPORT_MARKER}\none`);
    expect(first.action).toBe("created");
    const second = await upsertStickyComment(client, REPO, pr, REPORT_MARKER, `${REPORT_MARKER}\ntwo`);
    expect(second).toMatchObject({ action: "updated", id: first.id });
    emulator.requests.reset();
    const third = await upsertStickyComment(client, REPO, pr, REPORT_MARKER, `${REPORT_MARKER}\ntwo`);
    expect(third).toMatchObject({ action: "unchanged", id: first.id });
    expect(emulator.requests.all.map((r) => r.method)).toEqual(["GET"]);
    expect(bodies()).toEqual([`${REPORT_MARKER}\ntwo`]);
  });

  it("is found on a later page of comments, and a person's comment quoting the marker is never taken for it", async () => {
    const n = await emulator.openPullRequest("acme/prompts", { head: "busy", author: "alice", files: { "prompts/b.prompt.yml": "name: b\n" } });
    emulator.addComment("acme/prompts", n, { user: "alice", body: `${REPORT_MARKER}\nspoofed report: all fine` });
    const ours = await upsertStickyComment(client, REPO, n, REPORT_MARKER, `${REPORT_MARKER}\nreal`);
    expect(ours.action).toBe("created");
    for (let i = 0; i < 120; i++) emulator.addComment("acme/prompts", n, { user: "alice", body: `comment ${i}` });
    // Put ours after the first 100 by deleting and recreating it.
    await client.request("DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}", { ...REPO, comment_id: ours.id });
    const late = await upsertStickyComment(client, REPO, n, REPORT_MARKER, `${REPORT_MARKER}\nlate`);
    emulator.requests.reset();
    expect(await findStickyComment(client, REPO, n, REPORT_MARKER)).toMatchObject({ id: late.id, body: `${REPORT_MARKER}\nlate` });
    expect(emulator.requests.count("issues/list-comments")).toBe(2);
    const updated = await upsertStickyComment(client, REPO, n, REPORT_MARKER, `${REPORT_MARKER}\nnewer`);
    expect(updated).toMatchObject({ action: "updated", id: late.id });
    const all = emulator.state.comments("acme/prompts", n);
    expect(all.filter((c) => c.body.startsWith(REPORT_MARKER)).map((c) => c.body)).toEqual([`${REPORT_MARKER}\nspoofed report: all fine`, `${REPORT_MARKER}\nnewer`]);
  });

  it("starts with the marker and stays within GitHub's comment limit however many findings there are", () => {
    const findings = Array.from({ length: 3000 }, (_, i) => ({ rule: "pii.email", category: "pii", severity: "high", weight: 50, file: `prompts/f${i}.prompt.yml`, line: i + 1, column: 1, message: "A literal email address. ".repeat(5), evidence: "a***@b***.com" }));
    const report = { version: 1, tier: "critical", score: 100, templates: [], findings, requirements: [], reasons: [], fail_closed: [], problems: [], summary: { by_category: {}, by_severity: {}, blocking: 0 } } as unknown as RiskReport;
    const body = reportCommentBody(report, "<sub>footer</sub>");
    expect(body.startsWith(`${REPORT_MARKER}\n## PromptOps risk report`)).toBe(true);
    expect(body.endsWith("<sub>footer</sub>")).toBe(true);
    expect(body.length).toBeLessThanOrEqual(65_535);
    expect(body).toContain("more findings not shown");
  });
});

describe("tier labels", () => {
  it("plans the current tier's label and the removal of stale ones, case-insensitively", () => {
    expect(planLabels(["docs", "promptops:risk-high"], "low")).toEqual({ add: "promptops:risk-low", remove: ["promptops:risk-high"] });
    expect(planLabels(["PromptOps:Risk-Low"], "low")).toEqual({ remove: [] });
    expect(planLabels(["promptops:risk-low", "docs"], undefined)).toEqual({ remove: ["promptops:risk-low"] });
    expect(labelWrites(planLabels(["promptops:risk-medium", "promptops:risk-high"], "low"))).toBe(3);
  });

  it("creates the label with its colour, adds it, and removes the stale one (tolerating one already gone)", async () => {
    emulator.addLabels("acme/prompts", pr, ["promptops:risk-high", "docs"]);
    await applyLabels(client, REPO, pr, { add: "promptops:risk-critical", remove: ["promptops:risk-high", "promptops:risk-medium"] });
    expect(emulator.state.labels("acme/prompts", pr).sort()).toEqual(["docs", "promptops:risk-critical"]);
    expect(emulator.state.repositoryLabels("acme/prompts").find((l) => l.name === "promptops:risk-critical")).toMatchObject({ color: TIER_LABEL_COLORS.critical });
    // The label exists now: creating it again answers 422, which is fine.
    await applyLabels(client, REPO, pr, { add: "promptops:risk-critical", remove: [] });
    expect(emulator.state.labels("acme/prompts", pr).sort()).toEqual(["docs", "promptops:risk-critical"]);
  });
});
