import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { GitHubEmulator, testAppKeys } from "../github-emulator/index.js";
import { guardEmulator } from "../github-emulator/jest-guard.js";
import { annotations, promptFile, removeRunDirs, runAction } from "./harness.js";

const REPO = "acme/prompts";
const MARKER = "<!-- promptops:sla-breach -->";
const DAY = 86_400_000;
const ACTIONS_APP = 7;
const PROMPTOPS_APP = 8;

const POLICY = [
  "version: 1",
  "owners:",
  '  "prompts/**": [bob]',
  "tiers:",
  // alice writes the pull requests: GitHub would refuse to request her review.
  '  low: { min_score: 0, approvals: 1, reviewers: [owners], review_sla: 2d, escalation: [owners, "acme/prompt-governance", dave, alice] }',
  "",
].join("\n");

const keys = testAppKeys();
/** How far in the past the emulator's clock runs: pull requests opened while it is set are that old. */
let clockOffset = 0;
let emulator: GitHubEmulator;
const at = async <T>(daysAgo: number, fn: () => Promise<T>): Promise<T> => {
  clockOffset = daysAgo * DAY;
  try {
    return await fn();
  } finally {
    // Tokens are issued at the emulator's "now" and checked against real time: the clock must be back before the Action runs.
    clockOffset = 0;
  }
};

const faq = (line: string) => ({ "prompts/faq.prompt.yml": promptFile(["Answer questions about Acme products.", line, "Never reveal internal notes."]) });
const pr: Record<"late" | "approved" | "recent" | "docs" | "draft", number> = { late: 0, approved: 0, recent: 0, docs: 0, draft: 0 };

beforeAll(async () => {
  emulator = await GitHubEmulator.create({ app: { id: ACTIONS_APP, slug: "github-actions", privateKey: keys.privateKey }, clock: () => new Date(Date.now() - clockOffset) });
  for (const u of ["alice", "bob", "carol", "dave"]) emulator.createUser(u);
  await at(10, () =>
    emulator.createRepository(REPO, {
      ownerType: "Organization",
      collaborators: { alice: "write", bob: "write", carol: "write", dave: "write" },
      files: { ".github/promptops.yml": POLICY, ...faq("Keep answers short."), "README.md": "# prompts\n" },
    }),
  );
  emulator.createTeam("acme", "prompt-governance", { members: ["carol"], repositories: { [REPO]: "write" } });
  emulator.registerApp({ id: PROMPTOPS_APP, slug: "promptops", privateKey: keys.privateKey });
  emulator.installApp("acme", { appId: PROMPTOPS_APP });

  await at(3, async () => {
    pr.late = await emulator.openPullRequest(REPO, { head: "late", author: "alice", files: faq("Keep answers short and friendly.") });
    pr.approved = await emulator.openPullRequest(REPO, { head: "approved", author: "alice", files: faq("Keep answers short and kind.") });
    pr.docs = await emulator.openPullRequest(REPO, { head: "docs", author: "alice", files: { "README.md": "# prompts\n\nHow we write prompts.\n" } });
    pr.draft = await emulator.openPullRequest(REPO, { head: "draft", author: "alice", draft: true, files: faq("Keep answers short, for now.") });
  });
  pr.recent = await emulator.openPullRequest(REPO, { head: "recent", author: "alice", files: faq("Keep answers short and precise.") });

  const head = (n: number) => emulator.state.pullRequest(REPO, n)!.head.sha;
  // The App approved this one.
  await emulator.createCheckRun(REPO, { appId: PROMPTOPS_APP, name: "PromptOps approval", head_sha: head(pr.approved), status: "completed", conclusion: "success", output: { title: "Approved", summary: "1 of 1 approvals" } });
  // On the late one the App still waits; a "success" written with a workflow's token does not count, nor does the author pasting the marker.
  await emulator.createCheckRun(REPO, { appId: PROMPTOPS_APP, name: "PromptOps approval", head_sha: head(pr.late), status: "completed", conclusion: "action_required", output: { title: "1 approval missing", summary: "0 of 1 approvals" } });
  await emulator.createCheckRun(REPO, { appId: ACTIONS_APP, name: "PromptOps approval", head_sha: head(pr.late), status: "completed", conclusion: "success", output: { title: "Approved", summary: "trust me" } });
  emulator.addComment(REPO, pr.late, { user: "alice", body: `${MARKER}\nNothing to see here.` });
});
afterAll(async () => {
  removeRunDirs();
  await emulator?.close();
});
guardEmulator(() => emulator);

const SCHEDULE = { eventName: "schedule", payload: { schedule: "17 * * * *" } };
const writes = () => emulator.requests.all.filter((r) => r.method !== "GET" && r.operationId !== "graphql").map((r) => r.operationId);
const breachComments = (n: number) => emulator.state.comments(REPO, n).filter((c) => c.body.startsWith(MARKER) && c.user !== "alice");

describe("the Action in sla mode", () => {
  it("in dry-run finds the pull request past its SLA and writes nothing", async () => {
    const run = await runAction({ emulator, repo: REPO, ...SCHEDULE, inputs: { mode: "sla", "dry-run": "true" } });

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs.breaches!)).toEqual([pr.late]);
    expect(run.stdout).toContain(`#${pr.late}: past its 2d SLA`);
    expect(run.stdout).toContain("dry-run: no comment, no review request (would ask @bob, @dave, @acme/prompt-governance)");
    expect(writes()).toEqual([]);
  });

  it("comments once on the pull request past its SLA and requests the escalation reviewers; approved, recent, draft and template-free ones get nothing", async () => {
    const run = await runAction({ emulator, repo: REPO, ...SCHEDULE, inputs: { mode: "sla" } });

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(annotations(run, "error")).toEqual([]);
    expect(JSON.parse(run.outputs.breaches!)).toEqual([pr.late]);
    const [comment, ...more] = breachComments(pr.late);
    expect(more).toEqual([]);
    expect(comment!.user).toBe("github-actions[bot]");
    expect(comment!.body).toContain("Review SLA breached");
    expect(comment!.body).toContain("past its 2d review SLA");
    // It names who was asked (the owners resolved), and not the author.
    expect(comment!.body).toContain("Escalating to @bob, @acme/prompt-governance, @dave.");
    expect(comment!.body).not.toContain("@alice");
    // `owners` is the template's owner (bob, from the policy's owners map); the author alice is never asked.
    expect(emulator.state.requestedReviewers(REPO, pr.late)).toEqual({ users: ["bob", "dave"], teams: ["prompt-governance"] });
    expect(run.stdout).toContain("not requesting @alice (the pull request's author)");
    for (const n of [pr.approved, pr.recent, pr.docs, pr.draft]) {
      expect({ n, comments: emulator.state.comments(REPO, n), requested: emulator.state.requestedReviewers(REPO, n) }).toEqual({ n, comments: [], requested: { users: [], teams: [] } });
    }
    expect(writes().sort()).toEqual(["issues/create-comment", "pulls/request-reviewers"]);
    // One list; one GraphQL query for the policies, one per pull request touching templates; check runs and comments only past a deadline.
    const counts = emulator.requests.counts();
    expect({ list: counts["pulls/list"], files: counts["pulls/list-files"], graphql: counts.graphql, checks: counts["checks/list-for-ref"], comments: counts["issues/list-comments"] }).toEqual({ list: 1, files: 4, graphql: 4, checks: 2, comments: 1 });
    expect(run.summary).toContain("PromptOps review SLAs");
    expect(run.summary).toMatch(new RegExp(`#${pr.late} .*past its SLA: commented and escalated.*@bob, @dave, team prompt-governance`));
    expect(run.summary).toMatch(new RegExp(`#${pr.approved} .*\\| approved \\|`));
    expect(run.summary).toMatch(new RegExp(`#${pr.recent} .*within its SLA`));
  });

  it("on the next run finds its own comment and adds nothing", async () => {
    const before = emulator.state.comments(REPO, pr.late).length;
    const run = await runAction({ emulator, repo: REPO, ...SCHEDULE, inputs: { mode: "sla" } });

    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs.breaches!)).toEqual([]);
    expect(writes()).toEqual([]);
    expect(emulator.state.comments(REPO, pr.late)).toHaveLength(before);
    expect(breachComments(pr.late)).toHaveLength(1);
    expect(run.summary).toMatch(new RegExp(`#${pr.late} .*commented on an earlier run`));
  });

  it("fails with a clear message outside a repository's workflow", async () => {
    const run = await runAction({ emulator, repo: REPO, ...SCHEDULE, repository: null, inputs: { mode: "sla" } });
    expect(run.code).toBe(1);
    expect(annotations(run, "error")[0]!.message).toContain("GITHUB_REPOSITORY is not set");
    expect(emulator.requests.total).toBe(0);
  });
});
