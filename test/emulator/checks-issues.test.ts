import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { generateKeyPairSync } from "node:crypto";
import { Octokit } from "@octokit/rest";
import { GitHubEmulator, testAppKeys } from "../github-emulator/index.js";
import { guardEmulator } from "../github-emulator/jest-guard.js";

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const R = "acme/prompts";
const repo = { owner: "acme", repo: "prompts" };
const APP_ID = 31;
const OTHER_APP_ID = 32;
let emulator: GitHubEmulator;
let api: Octokit;
let other: Octokit;
let bob: Octokit;
let number: number;
let head: string;

beforeAll(async () => {
  emulator = await GitHubEmulator.create({ app: { id: APP_ID, slug: "promptops", privateKey: testAppKeys().privateKey } });
  emulator.registerApp({ id: OTHER_APP_ID, slug: "impostor", publicKey: generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey });
  for (const login of ["alice", "bob", "erin", "frank"]) emulator.createUser(login);
  await emulator.createRepository(R, { ownerType: "Organization", collaborators: { alice: "write", bob: "maintain", frank: "triage" } });
  emulator.installApp("acme", { appId: OTHER_APP_ID });
  emulator.createTeam("acme", "privacy", { members: ["bob"], pending: ["erin"] });
  number = await emulator.openPullRequest(R, { head: "feature", author: "alice", files: { "p.md": "p\n" } });
  head = emulator.state.pullRequest(R, number)!.head.sha;
  api = new Octokit({ auth: emulator.installationToken(R), baseUrl: emulator.url, request: { fetch: emulator.fetch }, log: quiet });
  other = new Octokit({ auth: emulator.installationToken(R, OTHER_APP_ID), baseUrl: emulator.url, request: { fetch: emulator.fetch }, log: quiet });
  bob = new Octokit({ auth: emulator.userToken("bob"), baseUrl: emulator.url, request: { fetch: emulator.fetch }, log: quiet });
});

afterAll(async () => {
  await emulator?.close();
});

guardEmulator(() => emulator);

describe("check runs", () => {
  it("creates, updates and lists check runs for a ref, filtered by name and app", async () => {
    const run = await api.checks.create({ ...repo, name: "PromptOps approval", head_sha: head, status: "in_progress", output: { title: "Evaluating", summary: "…" } });
    expect(run.data).toMatchObject({ status: "in_progress", conclusion: null, head_sha: head, app: { id: APP_ID } });
    expect(run.data.pull_requests.map((p) => p.number)).toEqual([number]);
    const done = await api.checks.update({ ...repo, check_run_id: run.data.id, conclusion: "failure", output: { title: "Blocked", summary: "needs 1 approval" } });
    expect(done.data).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "Blocked" } });
    expect(done.data.completed_at).not.toBeNull();
    await other.checks.create({ ...repo, name: "PromptOps approval", head_sha: head, conclusion: "success", output: { title: "fake", summary: "fake" } });
    const all = await api.checks.listForRef({ ...repo, ref: "feature", check_name: "PromptOps approval" });
    expect(all.data.total_count).toBe(2);
    const ours = await api.checks.listForRef({ ...repo, ref: head, check_name: "PromptOps approval", app_id: APP_ID });
    expect(ours.data.check_runs.map((r) => [r.app?.slug, r.conclusion])).toEqual([["promptops", "failure"]]);
    expect((await api.checks.listForRef({ ...repo, ref: head, check_name: "nothing" })).data.total_count).toBe(0);
    // Another app cannot modify our run; users cannot create runs at all.
    await expect(other.checks.update({ ...repo, check_run_id: run.data.id, conclusion: "success" })).rejects.toMatchObject({ status: 403 });
    await expect(bob.checks.create({ ...repo, name: "x", head_sha: head })).rejects.toMatchObject({ status: 403 });
    await expect(api.checks.create({ ...repo, name: "x", head_sha: "8".repeat(40) })).rejects.toMatchObject({ status: 422 });
    const suites = await api.checks.listSuitesForRef({ ...repo, ref: head, app_id: APP_ID });
    expect(suites.data.check_suites.map((s) => [s.app?.id, s.status, s.conclusion])).toEqual([[APP_ID, "completed", "failure"]]);
  });

  it("emits check_run created, completed and rerequested", async () => {
    const run = await api.checks.create({ ...repo, name: "rerun me", head_sha: head, conclusion: "success", output: { title: "ok", summary: "ok" } });
    const created = emulator.webhooks.find("check_run", "created").at(-1)!;
    expect(created.payload).toMatchObject({ check_run: { id: run.data.id, check_suite: { head_sha: head } }, installation: { id: emulator.installationId(R) } });
    expect(emulator.webhooks.find("check_run", "completed").at(-1)!.payload).toMatchObject({ check_run: { id: run.data.id, conclusion: "success" } });
    await bob.checks.rerequestRun({ ...repo, check_run_id: run.data.id });
    expect(emulator.webhooks.find("check_run", "rerequested").at(-1)!.payload).toMatchObject({ check_run: { id: run.data.id }, sender: { login: "bob" } });
  });
});

describe("commit statuses", () => {
  it("creates statuses and combines the latest per context", async () => {
    const s = await api.repos.createCommitStatus({ ...repo, sha: head, state: "pending", context: "ci/lint" });
    expect(s.status).toBe(201);
    await api.repos.createCommitStatus({ ...repo, sha: head, state: "success", context: "ci/lint" });
    await api.repos.createCommitStatus({ ...repo, sha: head, state: "success", context: "ci/test" });
    const combined = await api.repos.getCombinedStatusForRef({ ...repo, ref: "feature" });
    expect(combined.data).toMatchObject({ state: "success", total_count: 2, sha: head });
    await api.repos.createCommitStatus({ ...repo, sha: head, state: "failure", context: "ci/test" });
    expect((await api.repos.getCombinedStatusForRef({ ...repo, ref: head })).data.state).toBe("failure");
    expect((await api.repos.listCommitStatusesForRef({ ...repo, ref: head })).data).toHaveLength(4);
    await expect(api.repos.createCommitStatus({ ...repo, sha: head, state: "bogus" as "success" })).rejects.toMatchObject({ status: 422 });
  });
});

describe("issue comments and labels", () => {
  it("creates, updates and lists comments, marking the app that wrote them", async () => {
    const c = await api.issues.createComment({ ...repo, issue_number: number, body: "Risk: low" });
    expect(c.data).toMatchObject({ body: "Risk: low", user: { login: "promptops[bot]" }, performed_via_github_app: { id: APP_ID } });
    await api.issues.updateComment({ ...repo, comment_id: c.data.id, body: "Risk: high" });
    await bob.issues.createComment({ ...repo, issue_number: number, body: "ack" });
    const list = await api.issues.listComments({ ...repo, issue_number: number });
    expect(list.data.map((x) => [x.user?.login, x.body])).toEqual([
      ["promptops[bot]", "Risk: high"],
      ["bob", "ack"],
    ]);
    await expect(api.issues.createComment({ ...repo, issue_number: 9999, body: "x" })).rejects.toMatchObject({ status: 404 });
    await expect(api.issues.updateComment({ ...repo, comment_id: c.data.id, body: "" })).rejects.toMatchObject({ status: 422 });
  });

  it("adds, lists and removes labels, creating unknown ones", async () => {
    await api.issues.createLabel({ ...repo, name: "promptops:high", color: "b60205", description: "High risk" });
    await expect(api.issues.createLabel({ ...repo, name: "promptops:high" })).rejects.toMatchObject({ status: 422 });
    const added = await api.issues.addLabels({ ...repo, issue_number: number, labels: ["promptops:high", "pii"] });
    expect(added.data.map((l) => l.name)).toEqual(["promptops:high", "pii"]);
    expect((await api.issues.getLabel({ ...repo, name: "pii" })).data.color).toBe("ededed");
    const remaining = await api.issues.removeLabel({ ...repo, issue_number: number, name: "pii" });
    expect(remaining.data.map((l) => l.name)).toEqual(["promptops:high"]);
    await expect(api.issues.removeLabel({ ...repo, issue_number: number, name: "pii" })).rejects.toMatchObject({ status: 404 });
    expect(emulator.state.labels(R, number)).toEqual(["promptops:high"]);
    const pr = await api.pulls.get({ ...repo, pull_number: number });
    expect(pr.data.labels.map((l) => l.name)).toEqual(["promptops:high"]);
    expect((await api.issues.listLabelsForRepo(repo)).data.map((l) => l.name).sort()).toEqual(["pii", "promptops:high"]);
  });
});

describe("people: permissions, teams, protection", () => {
  it("reports collaborator permission with GitHub's legacy mapping and role name", async () => {
    const level = async (u: string) => (await api.repos.getCollaboratorPermissionLevel({ ...repo, username: u })).data;
    expect(await level("alice")).toMatchObject({ permission: "write", role_name: "write" });
    expect(await level("bob")).toMatchObject({ permission: "write", role_name: "maintain" });
    expect(await level("frank")).toMatchObject({ permission: "read", role_name: "triage" });
    expect(await level("erin")).toMatchObject({ permission: "none" });
    expect(await level("acme")).toMatchObject({ permission: "admin" });
    await expect(api.repos.getCollaboratorPermissionLevel({ ...repo, username: "nobody-at-all" })).rejects.toMatchObject({ status: 404 });
  });

  it("answers team memberships: active, pending, and 404 for non-members", async () => {
    const membership = (u: string) => api.teams.getMembershipForUserInOrg({ org: "acme", team_slug: "privacy", username: u });
    expect((await membership("bob")).data).toMatchObject({ state: "active", role: "member" });
    expect((await membership("erin")).data).toMatchObject({ state: "pending" });
    await expect(membership("alice")).rejects.toMatchObject({ status: 404 });
    await expect(api.teams.getMembershipForUserInOrg({ org: "acme", team_slug: "nope", username: "bob" })).rejects.toMatchObject({ status: 404 });
    expect((await api.teams.listMembersInOrg({ org: "acme", team_slug: "privacy" })).data.map((u) => u.login)).toEqual(["bob"]);
  });

  it("answers branch protection with 404 until the branch is protected", async () => {
    await expect(api.repos.getBranchProtection({ ...repo, branch: "main" })).rejects.toMatchObject({ status: 404, response: { data: { message: "Branch not protected" } } });
    await api.repos.updateBranchProtection({
      ...repo,
      branch: "main",
      required_status_checks: { strict: true, contexts: ["PromptOps approval"] },
      enforce_admins: true,
      required_pull_request_reviews: { dismiss_stale_reviews: true, required_approving_review_count: 2 },
      restrictions: null,
    });
    const got = await api.repos.getBranchProtection({ ...repo, branch: "main" });
    expect(got.data).toMatchObject({
      required_status_checks: { strict: true, contexts: ["PromptOps approval"] },
      enforce_admins: { enabled: true },
      required_pull_request_reviews: { dismiss_stale_reviews: true, required_approving_review_count: 2 },
    });
    expect((await api.repos.getBranch({ ...repo, branch: "main" })).data.protected).toBe(true);
    await api.repos.deleteBranchProtection({ ...repo, branch: "main" });
    await expect(api.repos.getBranchProtection({ ...repo, branch: "main" })).rejects.toMatchObject({ status: 404 });
  });

  it("hides private repositories from tokens that cannot see them", async () => {
    const stranger = new Octokit({ auth: emulator.userToken("erin"), baseUrl: emulator.url, request: { fetch: emulator.fetch }, log: quiet });
    await expect(stranger.repos.get(repo)).rejects.toMatchObject({ status: 404 });
    const anonymous = new Octokit({ baseUrl: emulator.url, request: { fetch: emulator.fetch }, log: quiet });
    await expect(anonymous.repos.get(repo)).rejects.toMatchObject({ status: 404 });
    const badToken = new Octokit({ auth: "ghs_not-a-token", baseUrl: emulator.url, request: { fetch: emulator.fetch }, log: quiet });
    await expect(badToken.repos.get(repo)).rejects.toMatchObject({ status: 401 });
    const reader = new Octokit({ auth: emulator.userToken("frank"), baseUrl: emulator.url, request: { fetch: emulator.fetch }, log: quiet });
    await expect(reader.git.createRef({ ...repo, ref: "refs/heads/x", sha: head })).rejects.toMatchObject({ status: 403 });
  });
});
