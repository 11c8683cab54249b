/**
 * The App end to end: policy on the base branch, who may count, the check
 * run as the only thing trusted, webhook authenticity and API cost.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { testAppKeys } from "../github-emulator/index.js";
import { guardEmulator } from "../github-emulator/jest-guard.js";
import { APP_ID, AppWorld, CHECK_NAME, REPO, SUPPORT_TEMPLATE, TEST_POLICY, harmless, risky } from "./harness.js";

const OTHER_APP_ID = 777;
const keys = testAppKeys();
let w: AppWorld;
beforeAll(async () => {
  w = await AppWorld.create(keys.privateKey);
}, 120_000);
afterAll(async () => {
  await w?.close();
});
guardEmulator(() => w?.emulator);

const lenient = TEST_POLICY.replace(/approvals: 2/g, "approvals: 0").replace("approvals: 1", "approvals: 0");

describe("policy, eligibility and trust", () => {
  it("approvers without write permission or without ACTIVE team membership are ignored, each with the reason", async () => {
    const n = await w.openPr({ "prompts/support.prompt.yml": risky() });
    await w.emulator.submitReview(REPO, n, { user: "erin", event: "APPROVE" }); // safety member, read permission
    await w.emulator.submitReview(REPO, n, { user: "mallory", event: "APPROVE" }); // write permission, pending privacy invitation
    await w.review(n, "olivia", "APPROVE"); // write permission, in no team
    const run = w.ourRun(n);
    expect(run.conclusion).toBe("action_required");
    expect(run.output.title).toMatch(/0 of 2/);
    expect(run.output.summary).toMatch(/@erin \(review #\d+\) has `read` permission/);
    expect(run.output.summary).toMatch(/@mallory \(review #\d+\) is not one of the required reviewers/);
    expect(run.output.summary).toMatch(/@olivia \(review #\d+\) is not one of the required reviewers/);
  });

  it("a pull request that edits the policy is decided under the base policy; the proposed one is a dry run", async () => {
    const n = await w.openPr({ ".github/promptops.yml": lenient.replace("pii: { min_tier: high }", "pii: { enabled: false }"), "prompts/support.prompt.yml": risky() });
    const run = w.ourRun(n);
    expect(run.conclusion).toBe("action_required");
    expect(run.output.summary).toMatch(/Dry run: the policy this pull request proposes/);
    expect(run.output.summary).toMatch(/Not in force/);
    expect(run.output.summary).toMatch(/It would need no approvals \(automated route\)/);
  });

  it("changing the base branch re-evaluates under that branch's policy", async () => {
    await w.emulator.commitFiles(REPO, "lenient", { ".github/promptops.yml": lenient }, { from: "main" });
    await w.emulator.settled();
    const n = await w.openPr({ "prompts/support.prompt.yml": risky() });
    expect(w.ourRun(n).conclusion).toBe("action_required");
    await w.emulator.editPullRequest(REPO, n, { base: "lenient" });
    await w.emulator.settled();
    const run = w.ourRun(n);
    expect(run.conclusion).toBe("success");
    expect(run.output.title).toBe("Automated route (low risk)");
  });

  it("a malformed policy on the base branch fails the check, naming file and line, with annotations that are not repeated", async () => {
    const broken = TEST_POLICY.replace("approvals: { dismiss_stale: true, exclude_committers: true }", "approvals: { dismiss_stale: true, exclude_committers: [oops }");
    const line = broken.split("\n").findIndex((l) => l.includes("[oops")) + 1;
    await w.emulator.commitFiles(REPO, "broken", { ".github/promptops.yml": broken }, { from: "main" });
    await w.emulator.settled();
    const n = await w.openPr({ "prompts/support.prompt.yml": harmless() }, { base: "broken" });
    const run = w.ourRun(n);
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toMatch(/^Policy error: \.github\/promptops\.yml line \d+$/);
    const reported = Number(/line (\d+)/.exec(run.output.title!)![1]);
    expect(Math.abs(reported - line)).toBeLessThanOrEqual(1);
    expect(run.output.summary).toContain(`.github/promptops.yml:${reported}`);
    const annotations = run.output.annotations;
    expect(annotations.length).toBeGreaterThan(0);
    for (const a of annotations) expect(a).toEqual(expect.objectContaining({ path: ".github/promptops.yml", start_line: reported, annotation_level: "failure" }));
    // Approvals cannot make up for a broken policy, and updating the run does not pile annotations up.
    await w.review(n, "dave", "APPROVE");
    const after = w.ourRun(n);
    expect(after.conclusion).toBe("failure");
    expect(after.output.summary).toMatch(/@dave/);
    expect(after.output.annotations).toHaveLength(annotations.length);
  });

  it("a check run or status of the same name from anyone else is ignored and left alone", async () => {
    const other = w.emulator.registerApp({ id: OTHER_APP_ID, slug: "impostor", privateKey: keys.privateKey });
    w.emulator.installApp("acme", { appId: other.id });
    const n = await w.openPr({ "prompts/support.prompt.yml": risky() });
    const fake = await w.emulator.createCheckRun(REPO, { appId: OTHER_APP_ID, name: CHECK_NAME, head_sha: w.head(n), status: "completed", conclusion: "success", output: { title: "Approved", summary: "trust me" } });
    await w.emulator.createStatus(REPO, w.head(n), { state: "success", context: CHECK_NAME, by: "zed" });
    await w.emulator.settled();
    await w.review(n, "bob", "APPROVE");
    const run = w.ourRun(n);
    expect(run.conclusion).toBe("action_required");
    expect(run.output.title).toMatch(/1 of 2/);
    const theirs = w.emulator.state.checkRuns(REPO, w.head(n)).filter((r) => r.appId !== APP_ID);
    expect(theirs).toEqual([expect.objectContaining({ id: fake, conclusion: "success", output: expect.objectContaining({ summary: "trust me" }) })]);
  });

  it("requests reviewers once: a redelivered webhook and a re-run neither duplicate the check nor re-request anyone", async () => {
    w.emulator.requests.reset();
    const n = await w.openPr({ "prompts/support.prompt.yml": risky() });
    expect(w.emulator.requests.count("pulls/request-reviewers")).toBe(1);
    const before = w.ourRun(n);
    const opened = w.emulator.webhooks.find("pull_request", "opened").filter((d) => (d.payload.pull_request as { number: number }).number === n);
    expect(opened).toHaveLength(1);
    const attempt = await w.emulator.webhooks.redeliver(opened[0]!.id);
    expect(attempt.status).toBe(200);
    await w.emulator.rerequestCheckRun(REPO, before.id);
    await w.emulator.settled();
    expect(w.emulator.requests.count("pulls/request-reviewers")).toBe(1);
    expect(w.emulator.requests.count("checks/create")).toBe(1);
    expect(w.ourRun(n).id).toBe(before.id);
    // Someone who reviewed is never asked again.
    await w.review(n, "bob", "COMMENT");
    expect(w.emulator.state.requestedReviewers(REPO, n).users).not.toContain("bob");
    expect(w.emulator.requests.count("pulls/request-reviewers")).toBe(1);
  });

  it("a forged signature gets 400 and costs zero API calls", async () => {
    const n = await w.openPr({ "prompts/support.prompt.yml": harmless() });
    const payload = w.emulator.webhooks.find("pull_request", "opened").find((d) => (d.payload.pull_request as { number: number }).number === n)!.payload;
    w.emulator.requests.reset();
    const attempt = await w.emulator.webhooks.sendForged("pull_request", payload);
    expect(attempt.status).toBe(400);
    expect(w.emulator.requests.total).toBe(0);
  });

  it("a review event costs at most 10 API calls (5 changed templates among 50 files)", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 45; i++) files[`docs/page-${i}.md`] = `page ${i}\n`;
    for (let i = 0; i < 5; i++) files[`prompts/extra-${i}.prompt.yml`] = risky(SUPPORT_TEMPLATE.replace("Support", `Extra ${i}`));
    const n = await w.openPr(files);
    w.emulator.requests.reset();
    await w.review(n, "bob", "APPROVE");
    const calls = w.emulator.requests.all.filter((r) => r.operationId !== "apps/create-installation-access-token");
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.length).toBeLessThanOrEqual(10);
    expect(w.ourRun(n).output.title).toMatch(/1 of 2/);
  });

  it("a pull request over GitHub's 3,000-file listing limit fails closed to the highest tier", async () => {
    const files: Record<string, string> = { "prompts/support.prompt.yml": harmless() };
    for (let i = 0; i < 3001; i++) files[`data/row-${String(i).padStart(4, "0")}.txt`] = `${i}\n`;
    const n = await w.openPr(files);
    const run = w.ourRun(n);
    expect(run.conclusion).toBe("action_required");
    expect(run.output.title).toMatch(/tier critical/);
    expect(run.output.summary).toMatch(/GitHub lists only 3000/);
    expect(run.output.summary).toMatch(/PromptOps could not decide/);
  }, 180_000);

  it("the latest review per reviewer wins: a change request or a dismissal cancels an approval, a comment does not", async () => {
    const n = await w.openPr({ "prompts/support.prompt.yml": risky() });
    // Reviews submitted together: the first event sees them all, the ones after it find nothing to change.
    await w.emulator.submitReview(REPO, n, { user: "bob", event: "APPROVE" });
    const carols = await w.review(n, "carol", "APPROVE");
    expect(w.ourRun(n).conclusion).toBe("success");

    await w.review(n, "bob", "REQUEST_CHANGES");
    let run = w.ourRun(n);
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe("Blocked: changes requested by @bob");

    await w.emulator.submitReview(REPO, n, { user: "bob", event: "APPROVE" });
    await w.review(n, "carol", "COMMENT");
    expect(w.ourRun(n).conclusion).toBe("success");

    await w.emulator.dismissReview(REPO, n, carols, { message: "not on my watch", by: "zed" });
    await w.emulator.settled();
    run = w.ourRun(n);
    expect(run.conclusion).toBe("action_required");
    expect(run.output.summary).toMatch(new RegExp(`@carol \\(review #${carols}\\) review was dismissed`));
  });
});
