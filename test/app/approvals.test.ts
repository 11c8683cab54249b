/**
 * The App end to end, counting approvals and failing closed: `probot run` as
 * a real process, the GitHub emulator POSTing signed webhooks to it,
 * assertions on the emulator's final state.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { testAppKeys } from "../github-emulator/index.js";
import { guardEmulator } from "../github-emulator/jest-guard.js";
import { AppWorld, BILLING_TEMPLATE, REPO, eventually, harmless, risky } from "./harness.js";

let w: AppWorld;
beforeAll(async () => {
  w = await AppWorld.create(testAppKeys().privateKey);
}, 120_000);
afterAll(async () => {
  await w?.close();
});
guardEmulator(() => w?.emulator);

describe("counting approvals and failing closed", () => {
  it("passes a harmless change at once: automated route, nobody asked", async () => {
    const n = await w.openPr({ "prompts/support.prompt.yml": harmless() });
    const run = w.ourRun(n);
    expect(run.status).toBe("completed");
    expect(run.conclusion).toBe("success");
    expect(run.output.title).toBe("Automated route (low risk)");
    expect(run.output.summary).toMatch(/automated route/);
    expect(w.emulator.state.requestedReviewers(REPO, n)).toEqual({ users: [], teams: [] });
  });

  it("a high-risk change needs both teams and goes green only when both approved the FINAL head", async () => {
    const n = await w.openPr({ "prompts/support.prompt.yml": risky() });
    let run = w.ourRun(n);
    expect(run.conclusion).toBe("action_required");
    expect(run.output.title).toMatch(/Waiting for approvals \(tier high\): 0 of 2/);
    expect(run.output.summary).toMatch(/pii/);
    // Team requirements are requested as teams.
    expect(w.emulator.state.requestedReviewers(REPO, n).teams.sort()).toEqual(["privacy", "safety"]);

    await w.review(n, "bob", "APPROVE");
    run = w.ourRun(n);
    expect(run.conclusion).toBe("action_required");
    expect(run.output.title).toMatch(/1 of 2/);

    await w.review(n, "carol", "APPROVE");
    run = w.ourRun(n);
    expect(run.conclusion).toBe("success");
    expect(run.output.title).toBe("Approved");

    // A new commit: both approvals are now of an old head (the branch has no dismiss-stale protection; the App decides itself).
    const oldHead = w.head(n);
    await w.emulator.pushToPullRequest(REPO, n, { "prompts/support.prompt.yml": risky().replace("unsure", "in doubt") });
    await w.emulator.settled();
    expect(w.head(n)).not.toBe(oldHead);
    run = w.ourRun(n);
    expect(run.conclusion).toBe("action_required");
    expect(run.output.summary).toMatch(new RegExp(`approved commit ${oldHead.slice(0, 7)}, not the current head ${w.head(n).slice(0, 7)}`));

    await w.review(n, "bob", "APPROVE");
    expect(w.ourRun(n).conclusion).toBe("action_required");
    await w.review(n, "carol", "APPROVE");
    run = w.ourRun(n);
    expect(run.conclusion).toBe("success");
    expect(run.output.summary).toMatch(/@bob/);
    expect(run.output.summary).toMatch(/@carol/);
    // The old head keeps its own single run.
    expect(w.ourRuns(oldHead)).toHaveLength(1);
  });

  it("committers never count, and one person in two teams counts once towards the total", async () => {
    const n = await w.openPr({ "prompts/support.prompt.yml": risky() });
    await w.emulator.pushToPullRequest(REPO, n, { "prompts/billing.prompt.yml": BILLING_TEMPLATE.replace("helpful", "kind") }, { author: "frank" });
    await w.emulator.submitReview(REPO, n, { user: "frank", event: "APPROVE" }); // safety member with write access, but authored a commit
    await w.review(n, "dave", "APPROVE"); // in both safety and privacy
    let run = w.ourRun(n);
    expect(run.conclusion).toBe("action_required");
    expect(run.output.summary).toMatch(/@frank \(review #\d+\) authored commit [0-9a-f]{7} of this pull request/);
    expect(run.output.title).toMatch(/1 of 2/);
    // The total counts dave once, while he satisfies each team's own requirement.
    expect(run.output.summary).toMatch(/\| 2 approvals from team @acme\/safety or team @acme\/privacy +\| 2 +\| @dave +\| 1 +\|/);
    expect(run.output.summary).toMatch(/\| at least one approval from team @acme\/safety +\| 1 +\| @dave +\| 0 +\|/);
    expect(run.output.summary).toMatch(/\| at least one approval from team @acme\/privacy +\| 1 +\| @dave +\| 0 +\|/);

    await w.review(n, "carol", "APPROVE");
    expect(w.ourRun(n).conclusion).toBe("success");
  });

  it("an evaluation that fails after Octokit's retries (5xx) or at once (secondary rate limit) never leaves the check green", async () => {
    const n = await w.openPr({ "prompts/support.prompt.yml": risky() });
    const bobs = await w.emulator.submitReview(REPO, n, { user: "bob", event: "APPROVE" });
    await w.review(n, "carol", "APPROVE");
    expect(w.ourRun(n).conclusion).toBe("success");

    // Probot does not retry a secondary rate limit: the write fails, and the failure is what the check shows.
    w.emulator.requests.reset();
    w.emulator.faults.secondaryRateLimit("checks/update", { retryAfter: 1 });
    await w.review(n, "erin", "APPROVE"); // changes the summary (erin is listed as not counted), so the run is written
    let run = w.ourRun(n);
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe("PromptOps could not evaluate");
    expect(run.output.summary).toMatch(/HTTP 403/);
    expect(w.emulator.requests.all.filter((r) => r.operationId === "checks/update").map((r) => r.status)).toEqual([403, 200]);

    // The next event evaluates again: green again.
    w.emulator.faults.clear();
    await w.review(n, "zed", "COMMENT");
    expect(w.ourRun(n).conclusion).toBe("success");

    // A 5xx that outlasts the retries, on an event that would have turned the check red anyway.
    w.emulator.requests.reset();
    w.emulator.faults.failNth("pulls/list-reviews", 1, { status: 502, times: Infinity });
    await w.emulator.dismissReview(REPO, n, bobs, { message: "outage test", by: "zed" });
    await w.emulator.settled();
    run = await eventually(() => {
      const r = w.ourRun(n);
      return r.conclusion !== "success" ? r : undefined;
    }, "the check to turn non-green", 30_000);
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe("PromptOps could not evaluate");
    expect(run.output.summary).toMatch(/HTTP 502/);
    expect(w.emulator.requests.count("pulls/list-reviews")).toBe(4); // 1 try + Octokit's 3 retries

    w.emulator.faults.clear();
    await w.review(n, "dave", "COMMENT");
    run = w.ourRun(n);
    expect(run.conclusion).toBe("action_required");
    expect(run.output.summary).toMatch(/review was dismissed/);
  }, 180_000);

  it("a template that cannot be read (binary) fails closed to the highest tier", async () => {
    const n = await w.openPr({ "prompts/blob.prompt.yml": Buffer.from([0x6e, 0x61, 0x00, 0xff, 0x00, 0x01]) });
    const run = w.ourRun(n);
    expect(run.conclusion).toBe("action_required");
    expect(run.output.title).toMatch(/tier critical/);
    expect(run.output.summary).toMatch(/prompts\/blob\.prompt\.yml is binary/);
  });
});
