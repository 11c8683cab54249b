import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Octokit } from "@octokit/rest";
import { GitHubEmulator, PULL_FILES_LIMIT, testAppKeys } from "../github-emulator/index.js";
import { guardEmulator } from "../github-emulator/jest-guard.js";

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const repo = { owner: "acme", repo: "prompts" };
const R = "acme/prompts";
let emulator: GitHubEmulator;
let app: Octokit;
const users: Record<string, Octokit> = {};

const client = (token: string) => new Octokit({ auth: token, baseUrl: emulator.url, request: { fetch: emulator.fetch }, log: quiet });
const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag} line ${i + 1}`).join("\n") + "\n";

beforeAll(async () => {
  emulator = await GitHubEmulator.create({ app: { id: 11, slug: "promptops", privateKey: testAppKeys().privateKey }, webhooks: { secret: "s" } });
  for (const login of ["alice", "bob", "carol", "dave", "erin"]) emulator.createUser(login);
  await emulator.createRepository(R, {
    ownerType: "Organization",
    files: { "prompts/old.md": lines(20, "old"), "prompts/keep.md": "keep\n", "prompts/gone.md": "gone\n", "logo.bin": Buffer.from([0, 1, 2, 3, 0, 255]) },
    collaborators: { alice: "write", bob: "write", carol: "write", dave: "read" },
  });
  emulator.createTeam("acme", "prompt-governance", { members: ["bob"], pending: ["erin"], repositories: { [R]: "write" } });
  app = client(emulator.installationToken(R));
  for (const login of ["alice", "bob", "carol", "dave"]) users[login] = client(emulator.userToken(login));
});

afterAll(async () => {
  await emulator?.close();
});

guardEmulator(() => emulator);

describe("pull request files", () => {
  let number: number;
  beforeAll(async () => {
    const many = Object.fromEntries(Array.from({ length: 61 }, (_, i) => [`prompts/gen/${String(i).padStart(2, "0")}.md`, `generated ${i}\n`]));
    number = await emulator.openPullRequest(R, {
      head: "many-files",
      author: "alice",
      files: {
        ...many,
        "prompts/old.md": null,
        "prompts/renamed.md": lines(20, "old").replace("old line 20", "new line 20"),
        "prompts/keep.md": "keep\nmore\n",
        "prompts/gone.md": null,
        "logo.bin": Buffer.from([9, 0, 8, 0, 7]),
      },
    });
  });

  it("reports status, previous_filename, patch, sha and counts for each file", async () => {
    const files = await app.paginate(app.pulls.listFiles, { ...repo, pull_number: number, per_page: 100 });
    expect(files).toHaveLength(65);
    const byName = new Map(files.map((f) => [f.filename, f]));
    const renamed = byName.get("prompts/renamed.md")!;
    expect(renamed).toMatchObject({ status: "renamed", previous_filename: "prompts/old.md", additions: 1, deletions: 1, changes: 2 });
    expect(renamed.patch).toContain("-old line 20\n+new line 20");
    expect(byName.get("prompts/keep.md")).toMatchObject({ status: "modified", additions: 1, deletions: 0, patch: "@@ -1 +1,2 @@\n keep\n+more" });
    expect(byName.get("prompts/gone.md")).toMatchObject({ status: "removed", additions: 0, deletions: 1 });
    expect(byName.get("prompts/gen/00.md")).toMatchObject({ status: "added", additions: 1, patch: "@@ -0,0 +1 @@\n+generated 0" });
    // Binary files have no patch.
    expect(byName.get("logo.bin")).toMatchObject({ status: "modified" });
    expect(byName.get("logo.bin")!.patch).toBeUndefined();
    // `sha` is the head blob: the same the contents API serves at the head commit.
    const head = emulator.state.pullRequest(R, number)!.head.sha;
    const content = await app.repos.getContent({ ...repo, path: "prompts/keep.md", ref: head });
    expect(!Array.isArray(content.data) && content.data.sha).toBe(byName.get("prompts/keep.md")!.sha);
  });

  it("pages 30 files by default with Link rel=next/last, and caps per_page at 100", async () => {
    const first = await app.pulls.listFiles({ ...repo, pull_number: number });
    expect(first.data).toHaveLength(30);
    expect(first.headers.link).toMatch(/<[^>]+page=2>; rel="next", <[^>]+page=3>; rel="last"$/);
    const last = await app.pulls.listFiles({ ...repo, pull_number: number, page: 3 });
    expect(last.data).toHaveLength(5);
    expect(last.headers.link).toContain('rel="prev"');
    expect(last.headers.link).toContain('rel="first"');
    expect(last.headers.link).not.toContain('rel="next"');
    const capped = await app.pulls.listFiles({ ...repo, pull_number: number, per_page: 250 });
    expect(capped.data).toHaveLength(65);
    expect(capped.headers.link).toBeUndefined();
  });

  it("gives totals on the pull request itself and 404 for a missing one", async () => {
    const pr = await app.pulls.get({ ...repo, pull_number: number });
    expect(pr.data).toMatchObject({ changed_files: 65, commits: 1, state: "open", mergeable: true, merged: false });
    expect(pr.data.additions).toBeGreaterThan(60);
    await expect(app.pulls.get({ ...repo, pull_number: 999 })).rejects.toMatchObject({ status: 404 });
  });
});

describe("the 3,000-file listing limit", () => {
  it("lists at most 3,000 files while the pull request reports them all", async () => {
    const files = Object.fromEntries(Array.from({ length: PULL_FILES_LIMIT + 5 }, (_, i) => [`bulk/${i}.txt`, `${i}\n`]));
    const number = await emulator.openPullRequest(R, { head: "huge", author: "alice", files });
    const listed = await app.paginate(app.pulls.listFiles, { ...repo, pull_number: number, per_page: 100 });
    expect(listed).toHaveLength(3000);
    const last = await app.pulls.listFiles({ ...repo, pull_number: number, per_page: 100, page: 30 });
    expect(last.data).toHaveLength(100);
    expect(last.headers.link).not.toContain('rel="next"');
    expect((await app.pulls.get({ ...repo, pull_number: number })).data.changed_files).toBe(3005);
    await emulator.closePullRequest(R, number);
  });
});

describe("listing pull requests and their commits", () => {
  it("filters by state and lists commits oldest first, attributed to users by e-mail", async () => {
    const open = await emulator.openPullRequest(R, { head: "two-commits", author: "carol", files: { "a.md": "a\n" }, message: "first" });
    await emulator.pushToPullRequest(R, open, { "b.md": "b\n" }, { message: "second", author: "dave" });
    const closed = await emulator.openPullRequest(R, { head: "abandoned", author: "carol", files: { "c.md": "c\n" } });
    await emulator.closePullRequest(R, closed);
    const numbers = async (state: "open" | "closed" | "all") => (await app.paginate(app.pulls.list, { ...repo, state })).map((p) => p.number);
    expect(await numbers("open")).toContain(open);
    expect(await numbers("open")).not.toContain(closed);
    expect(await numbers("closed")).toContain(closed);
    expect(await numbers("closed")).not.toContain(open);
    expect(await numbers("all")).toEqual(expect.arrayContaining([open, closed]));
    await expect(app.pulls.list({ ...repo, state: "bogus" as "open" })).rejects.toMatchObject({ status: 422 });
    const commits = await app.pulls.listCommits({ ...repo, pull_number: open });
    expect(commits.data.map((c) => [c.commit.message, c.author?.login])).toEqual([
      ["first", "carol"],
      ["second", "dave"],
    ]);
  });

  it("edits title and body with an `edited` webhook carrying the old values", async () => {
    const number = await emulator.openPullRequest(R, { head: "edit-me", author: "carol", title: "Before", body: "old body", files: { "e.md": "e\n" } });
    const updated = await users.carol!.pulls.update({ ...repo, pull_number: number, title: "After", body: "new body" });
    expect(updated.data).toMatchObject({ title: "After", body: "new body" });
    const edited = emulator.webhooks.find("pull_request", "edited").at(-1)!;
    expect(edited.payload.changes).toEqual({ title: { from: "Before" }, body: { from: "old body" } });
  });
});

describe("reviews", () => {
  let number: number;
  beforeAll(async () => {
    emulator.protectBranch(R, "main", { required_pull_request_reviews: { dismiss_stale_reviews: true, required_approving_review_count: 1 } });
    number = await emulator.openPullRequest(R, { head: "review-me", author: "alice", files: { "prompts/r.md": "r\n" } });
  });

  it("refuses the author's own approval with 422", async () => {
    const err = await users.alice!.pulls.createReview({ ...repo, pull_number: number, event: "APPROVE" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 422, response: { data: { errors: ["Can not approve your own pull request"] } } });
  });

  it("records the head commit on the review and emits pull_request_review.submitted", async () => {
    const head = emulator.state.pullRequest(R, number)!.head.sha;
    const review = await users.bob!.pulls.createReview({ ...repo, pull_number: number, event: "APPROVE" });
    expect(review.data).toMatchObject({ state: "APPROVED", commit_id: head, user: { login: "bob" } });
    const hook = emulator.webhooks.find("pull_request_review", "submitted").at(-1)!;
    expect(hook.payload).toMatchObject({ review: { id: review.data.id, state: "approved", commit_id: head }, sender: { login: "bob" } });
    await expect(users.carol!.pulls.createReview({ ...repo, pull_number: number, event: "REQUEST_CHANGES" })).rejects.toMatchObject({ status: 422 });
  });

  it("dismisses approvals made stale by a push when the base branch's rule says so", async () => {
    const before = emulator.state.pullRequest(R, number)!.head.sha;
    const after = await emulator.pushToPullRequest(R, number, { "prompts/r.md": "r2\n" });
    const reviews = (await app.pulls.listReviews({ ...repo, pull_number: number })).data;
    expect(reviews.map((r) => [r.user?.login, r.state, r.commit_id])).toEqual([["bob", "DISMISSED", before]]);
    expect(emulator.webhooks.find("pull_request", "synchronize").at(-1)!.payload).toMatchObject({ before, after, number });
    expect(emulator.webhooks.find("pull_request_review", "dismissed").at(-1)!.payload).toMatchObject({ review: { state: "dismissed" } });
  });

  it("keeps approvals across pushes when the rule is off", async () => {
    emulator.unprotectBranch(R, "main");
    try {
      const n = await emulator.openPullRequest(R, { head: "no-rule", author: "alice", files: { "n.md": "n\n" } });
      await emulator.submitReview(R, n, { user: "bob", event: "APPROVE" });
      await emulator.pushToPullRequest(R, n, { "n.md": "n2\n" });
      expect(emulator.state.reviews(R, n).map((r) => r.state)).toEqual(["APPROVED"]);
    } finally {
      emulator.protectBranch(R, "main", { required_pull_request_reviews: { dismiss_stale_reviews: true, required_approving_review_count: 1 } });
    }
  });

  it("dismisses a review on request, and refuses to dismiss a comment", async () => {
    const approval = await users.carol!.pulls.createReview({ ...repo, pull_number: number, event: "APPROVE" });
    const dismissed = await app.pulls.dismissReview({ ...repo, pull_number: number, review_id: approval.data.id, message: "policy changed" });
    expect(dismissed.data.state).toBe("DISMISSED");
    expect(emulator.webhooks.find("pull_request_review", "dismissed").at(-1)!.payload).toMatchObject({ review: { id: approval.data.id }, sender: { login: "promptops[bot]" } });
    const comment = await users.dave!.pulls.createReview({ ...repo, pull_number: number, event: "COMMENT", body: "looks odd" });
    await expect(app.pulls.dismissReview({ ...repo, pull_number: number, review_id: comment.data.id, message: "x" })).rejects.toMatchObject({ status: 422 });
    await expect(app.pulls.getReview({ ...repo, pull_number: number, review_id: 123456 })).rejects.toMatchObject({ status: 404 });
  });
});

describe("requested reviewers", () => {
  let number: number;
  beforeAll(async () => {
    number = await emulator.openPullRequest(R, { head: "ask-reviewers", author: "alice", files: { "q.md": "q\n" } });
  });

  it("adds users and teams, lists and removes them, with webhooks", async () => {
    const res = await app.pulls.requestReviewers({ ...repo, pull_number: number, reviewers: ["bob"], team_reviewers: ["prompt-governance"] });
    expect(res.status).toBe(201);
    expect(res.data.requested_reviewers?.map((u) => u.login)).toEqual(["bob"]);
    const listed = await app.pulls.listRequestedReviewers({ ...repo, pull_number: number });
    expect(listed.data.users.map((u) => u.login)).toEqual(["bob"]);
    expect(listed.data.teams.map((t) => t.slug)).toEqual(["prompt-governance"]);
    const hooks = emulator.webhooks.find("pull_request", "review_requested").slice(-2).map((d) => d.payload);
    expect(hooks[0]).toMatchObject({ requested_reviewer: { login: "bob" } });
    expect(hooks[1]).toMatchObject({ requested_team: { slug: "prompt-governance" } });
    await app.pulls.removeRequestedReviewers({ ...repo, pull_number: number, reviewers: ["bob"], team_reviewers: [] });
    expect(emulator.state.requestedReviewers(R, number)).toEqual({ users: [], teams: ["prompt-governance"] });
    expect(emulator.webhooks.find("pull_request", "review_request_removed").at(-1)!.payload).toMatchObject({ requested_reviewer: { login: "bob" } });
  });

  it("refuses the author and non-collaborators with 422", async () => {
    emulator.createUser("stranger");
    await expect(app.pulls.requestReviewers({ ...repo, pull_number: number, reviewers: ["alice"] })).rejects.toMatchObject({ status: 422 });
    await expect(app.pulls.requestReviewers({ ...repo, pull_number: number, reviewers: ["stranger"] })).rejects.toMatchObject({ status: 422 });
  });

  it("drops a reviewer from the request once they review", async () => {
    await app.pulls.requestReviewers({ ...repo, pull_number: number, reviewers: ["carol"] });
    await emulator.submitReview(R, number, { user: "carol", event: "APPROVE" });
    expect(emulator.state.requestedReviewers(R, number).users).toEqual([]);
  });
});

describe("merging", () => {
  it("enforces required checks for non-admins, 409 on a stale sha, then merges with a real merge commit", async () => {
    emulator.protectBranch(R, "main", { required_status_checks: { strict: false, contexts: ["PromptOps approval"] } });
    const number = await emulator.openPullRequest(R, { head: "to-merge", author: "alice", files: { "m.md": "m\n" } });
    const head = emulator.state.pullRequest(R, number)!.head.sha;
    await expect(users.carol!.pulls.merge({ ...repo, pull_number: number })).rejects.toMatchObject({ status: 405 });
    await app.checks.create({ ...repo, name: "PromptOps approval", head_sha: head, conclusion: "success", output: { title: "ok", summary: "ok" } });
    await expect(users.carol!.pulls.merge({ ...repo, pull_number: number, sha: "0".repeat(40) })).rejects.toMatchObject({ status: 409 });
    const baseBefore = (await emulator.state.ref(R, "main"))!;
    const merged = await users.carol!.pulls.merge({ ...repo, pull_number: number, sha: head });
    expect(merged.data).toMatchObject({ merged: true, message: "Pull Request successfully merged" });
    expect(await emulator.state.ref(R, "main")).toBe(merged.data.sha);
    const [mergeCommit] = await emulator.state.log(R, "main", { limit: 1 });
    expect(mergeCommit!.parents).toEqual([baseBefore, head]);
    const closed = emulator.webhooks.find("pull_request", "closed").at(-1)!.payload as { pull_request: { merged: boolean; merge_commit_sha: string } };
    expect(closed.pull_request).toMatchObject({ merged: true, merge_commit_sha: merged.data.sha });
    // A merged pull request still lists the files it changed.
    expect((await app.pulls.listFiles({ ...repo, pull_number: number })).data.map((f) => f.filename)).toEqual(["m.md"]);
    await expect(app.pulls.checkIfMerged({ ...repo, pull_number: number })).resolves.toMatchObject({ status: 204 });
    await expect(users.carol!.pulls.merge({ ...repo, pull_number: number })).rejects.toMatchObject({ status: 405 });
    emulator.unprotectBranch(R, "main");
  });

  it("squashes into one commit with a single parent", async () => {
    const number = await emulator.openPullRequest(R, { head: "to-squash", author: "alice", title: "Squash me", files: { "s.md": "s\n" } });
    await emulator.pushToPullRequest(R, number, { "s2.md": "s2\n" });
    const base = (await emulator.state.ref(R, "main"))!;
    const sha = await emulator.mergePullRequest(R, number, { method: "squash" });
    const [commit] = await emulator.state.log(R, "main", { limit: 1 });
    expect(commit).toMatchObject({ sha, parents: [base] });
    expect(commit!.message).toMatch(/^Squash me \(#\d+\)/);
    expect(await emulator.state.readFile(R, "main", "s2.md")).toBe("s2\n");
  });
});
