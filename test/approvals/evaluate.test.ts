import { describe, it, expect } from "@jest/globals";
import { evaluateApprovals, lookupsNeeded } from "../../core/approvals/evaluate.js";
import type { ApprovalInput, ReviewRecord } from "../../core/approvals/model.js";
import { standings } from "../../core/approvals/reviews.js";

const HEAD = "h".repeat(40);
const OLD = "0".repeat(40);
let nextId = 1;
let clock = Date.parse("2026-11-01T10:00:00Z");

function review(user: string, state: ReviewRecord["state"], commit = HEAD): ReviewRecord {
  clock += 60_000;
  return { id: nextId++, user, state, commit_id: commit, submitted_at: new Date(clock).toISOString() };
}

/** A high-tier change: two approvals from owners or prompt-governance, by default with everyone allowed to write. */
function input(over: Partial<ApprovalInput> = {}): ApprovalInput {
  return {
    tier: "high",
    author: "alice",
    headSha: HEAD,
    commits: [{ sha: "c".repeat(40), author: "alice", committer: "alice" }],
    reviews: [],
    permissions: { bob: "write", carol: "maintain", dave: "admin", erin: "write", frank: "write" },
    memberships: {},
    owners: ["bob", "acme/owners-team"],
    requirements: [{ id: "approvals", description: "2 approvals from owners or team @acme/gov", who: ["owners", "acme/gov"], needed: 2 }],
    approvals: { dismiss_stale: true, exclude_committers: true },
    blocking: [],
    failClosed: [],
    ...over,
  };
}

const reasonFor = (r: ReturnType<typeof evaluateApprovals>, login: string) => r.ignored.find((i) => i.reviewer === login)?.reason ?? "";

describe("latest review per reviewer wins", () => {
  it("a later CHANGES_REQUESTED cancels an earlier APPROVED, and blocks", () => {
    const r = evaluateApprovals(input({ reviews: [review("bob", "APPROVED"), review("bob", "CHANGES_REQUESTED")] }));
    expect(r.requirements[0]!.have).toEqual([]);
    expect(r.status).toBe("blocked");
    expect(r.changesRequested.map((c) => c.reviewer)).toEqual(["bob"]);
    expect(reasonFor(r, "bob")).toMatch(/superseded .*CHANGES_REQUESTED/);
  });

  it("a later DISMISSED review cancels an earlier approval", () => {
    const r = evaluateApprovals(input({ reviews: [review("bob", "APPROVED"), review("bob", "DISMISSED")] }));
    expect(r.requirements[0]!.have).toEqual([]);
    expect(r.status).toBe("pending");
    expect(reasonFor(r, "bob")).toMatch(/dismissed/);
  });

  it("a later COMMENTED review does not cancel an approval", () => {
    const r = evaluateApprovals(input({ reviews: [review("bob", "APPROVED"), review("bob", "COMMENTED")] }));
    expect(r.requirements[0]!.have).toEqual(["bob"]);
  });

  it("a later approval replaces a change request", () => {
    const r = evaluateApprovals(input({ reviews: [review("bob", "CHANGES_REQUESTED"), review("bob", "APPROVED")] }));
    expect(r.changesRequested).toEqual([]);
    expect(r.requirements[0]!.have).toEqual(["bob"]);
  });

  it("orders by submission time, not by position in the list", () => {
    const a = review("bob", "APPROVED");
    const c = review("bob", "CHANGES_REQUESTED");
    expect(standings([c, a]).get("bob")!.decisive!.state).toBe("CHANGES_REQUESTED");
  });

  it("ignores pending (draft) reviews and reviews by deleted accounts", () => {
    const r = evaluateApprovals(input({ reviews: [{ ...review("bob", "PENDING") }, { ...review("x", "APPROVED"), user: null }] }));
    expect(r.eligible).toEqual([]);
    expect(r.ignored).toEqual([]);
  });

  it("logins match in any case", () => {
    const r = evaluateApprovals(input({ reviews: [review("Bob", "APPROVED"), review("bob", "CHANGES_REQUESTED")] }));
    expect(r.requirements[0]!.have).toEqual([]);
  });
});

describe("stale approvals", () => {
  it("with dismiss_stale only approvals of the head at evaluation time count", () => {
    const r = evaluateApprovals(input({ reviews: [review("bob", "APPROVED", OLD), review("carol", "APPROVED")], owners: ["bob", "carol"] }));
    expect(r.requirements[0]!.have).toEqual(["carol"]);
    expect(reasonFor(r, "bob")).toMatch(/approved commit 0000000, not the current head hhhhhhh/);
  });

  it("without dismiss_stale an approval of an earlier commit still counts", () => {
    const r = evaluateApprovals(input({ approvals: { dismiss_stale: false, exclude_committers: true }, reviews: [review("bob", "APPROVED", OLD)] }));
    expect(r.requirements[0]!.have).toEqual(["bob"]);
  });

  it("a review's commit_id equal to an old head never passes for the new head", () => {
    const r = evaluateApprovals(input({ headSha: OLD.replace(/0/g, "1"), reviews: [review("bob", "APPROVED", OLD)] }));
    expect(r.eligible).toEqual([]);
  });
});

describe("who never counts", () => {
  it("the pull request's author", () => {
    const r = evaluateApprovals(input({ reviews: [review("alice", "APPROVED")], permissions: { alice: "admin" }, owners: ["alice"] }));
    expect(r.eligible).toEqual([]);
    expect(reasonFor(r, "alice")).toMatch(/author/);
  });

  it("with exclude_committers, anyone who authored or committed a commit of the pull request", () => {
    const commits = [
      { sha: "a".repeat(40), author: "alice", committer: "erin" },
      { sha: "b".repeat(40), author: "frank", committer: "alice" },
    ];
    const r = evaluateApprovals(input({ commits, owners: ["erin", "frank", "bob"], reviews: [review("erin", "APPROVED"), review("frank", "APPROVED"), review("bob", "APPROVED")] }));
    expect(r.requirements[0]!.have).toEqual(["bob"]);
    expect(reasonFor(r, "erin")).toMatch(/committed commit aaaaaaa/);
    expect(reasonFor(r, "frank")).toMatch(/authored commit bbbbbbb/);
  });

  it("without exclude_committers, a committer's approval counts", () => {
    const commits = [{ sha: "a".repeat(40), author: "alice", committer: "bob" }];
    const r = evaluateApprovals(input({ commits, approvals: { dismiss_stale: true, exclude_committers: false }, reviews: [review("bob", "APPROVED")] }));
    expect(r.requirements[0]!.have).toEqual(["bob"]);
  });

  it("a reviewer without write permission (read, triage, none, unknown)", () => {
    const r = evaluateApprovals(input({
      permissions: { bob: "read", carol: "triage", dave: "none" },
      owners: ["bob", "carol", "dave", "erin"],
      reviews: [review("bob", "APPROVED"), review("carol", "APPROVED"), review("dave", "APPROVED"), review("erin", "APPROVED")],
    }));
    expect(r.eligible).toEqual([]);
    expect(reasonFor(r, "bob")).toMatch(/`read` permission/);
    expect(reasonFor(r, "carol")).toMatch(/`triage` permission/);
    expect(reasonFor(r, "dave")).toMatch(/no access/);
    expect(reasonFor(r, "erin")).toMatch(/no access/); // never looked up: counts as none
  });

  it("maintain and admin count like write", () => {
    const r = evaluateApprovals(input({ owners: ["carol", "dave"], reviews: [review("carol", "APPROVED"), review("dave", "APPROVED")] }));
    expect(r.status).toBe("approved");
  });
});

describe("teams and owners", () => {
  const gov = { id: "approvals", description: "2 from team @acme/gov", who: ["acme/gov"], needed: 2 };

  it("team requirements need ACTIVE membership; a pending member or a non-member is ignored", () => {
    const r = evaluateApprovals(input({
      requirements: [gov],
      memberships: { "acme/gov": { bob: true, carol: false } },
      reviews: [review("bob", "APPROVED"), review("carol", "APPROVED"), review("dave", "APPROVED")],
    }));
    expect(r.requirements[0]!.have).toEqual(["bob"]);
    expect(r.requirements[0]!.missing).toBe(1);
    expect(reasonFor(r, "carol")).toMatch(/not one of the required reviewers .*@acme\/gov/);
    expect(reasonFor(r, "dave")).toMatch(/not one of the required reviewers/);
  });

  it("team slugs match in any case", () => {
    const r = evaluateApprovals(input({ requirements: [gov], memberships: { "ACME/Gov": { BOB: true } }, reviews: [review("bob", "APPROVED")] }));
    expect(r.requirements[0]!.have).toEqual(["bob"]);
  });

  it("owners are met by an owner user or a member of an owner team", () => {
    const owners = { id: "approvals", description: "2 from owners", who: ["owners"], needed: 2 };
    const r = evaluateApprovals(input({
      requirements: [owners],
      owners: ["bob", "acme/owners-team"],
      memberships: { "acme/owners-team": { carol: true } },
      reviews: [review("bob", "APPROVED"), review("carol", "APPROVED"), review("dave", "APPROVED")],
    }));
    expect(r.requirements[0]!.have).toEqual(["bob", "carol"]);
    expect(r.status).toBe("approved");
    expect(reasonFor(r, "dave")).toMatch(/not one of the required reviewers .*@bob, @acme\/owners-team/);
  });

  it("with no owners declared, any reviewer with write access stands in for owners, and the reasons say so", () => {
    const r = evaluateApprovals(input({ owners: [], requirements: [{ id: "approvals", description: "1 from owners", who: ["owners"], needed: 1 }], reviews: [review("dave", "APPROVED")] }));
    expect(r.status).toBe("approved");
    expect(r.reasons.join("\n")).toMatch(/no owners are declared/);
  });

  it("one person in two required teams counts once towards the total but satisfies each team's own requirement", () => {
    const requirements = [
      { id: "approvals", description: "2 approvals from @acme/a or @acme/b", who: ["acme/a", "acme/b"], needed: 2 },
      { id: "team:acme/a", description: "at least one from @acme/a", who: ["acme/a"], needed: 1 },
      { id: "team:acme/b", description: "at least one from @acme/b", who: ["acme/b"], needed: 1 },
    ];
    const memberships = { "acme/a": { bob: true, carol: false }, "acme/b": { bob: true, carol: true } };
    const one = evaluateApprovals(input({ requirements, memberships, reviews: [review("bob", "APPROVED")] }));
    expect(one.requirements.map((q) => [q.id, q.have, q.missing])).toEqual([
      ["approvals", ["bob"], 1],
      ["team:acme/a", ["bob"], 0],
      ["team:acme/b", ["bob"], 0],
    ]);
    expect(one.status).toBe("pending");
    const two = evaluateApprovals(input({ requirements, memberships, reviews: [review("bob", "APPROVED"), review("carol", "APPROVED")] }));
    expect(two.status).toBe("approved");
    expect(two.eligible.map((e) => e.reviewer)).toEqual(["bob", "carol"]);
  });
});

describe("status", () => {
  it("low tier with no requirements is approved at once: the automated route", () => {
    const r = evaluateApprovals(input({ tier: "low", requirements: [] }));
    expect(r.status).toBe("approved");
    expect(r.automated).toBe(true);
    expect(r.reasons[0]).toMatch(/automated route/);
  });

  it("blocking findings block even when every approval is there", () => {
    const r = evaluateApprovals(input({
      owners: ["bob", "carol"],
      reviews: [review("bob", "APPROVED"), review("carol", "APPROVED")],
      blocking: [{ rule: "metadata.rationale", file: "prompts/a.prompt.yml", line: 1, message: "no rationale" }],
    }));
    expect(r.requirements[0]!.missing).toBe(0);
    expect(r.status).toBe("blocked");
    expect(r.reasons[0]).toMatch(/prompts\/a\.prompt\.yml:1: no rationale/);
  });

  it("a change request from a reviewer without write access does not block, and says why", () => {
    const r = evaluateApprovals(input({ permissions: { bob: "read" }, reviews: [review("bob", "CHANGES_REQUESTED")] }));
    expect(r.status).toBe("pending");
    expect(reasonFor(r, "bob")).toMatch(/requested changes but .*only reviewers with write access can block/);
  });

  it("a stale change request still blocks (pushes do not clear it on GitHub either)", () => {
    const r = evaluateApprovals(input({ reviews: [review("erin", "CHANGES_REQUESTED", OLD)] }));
    expect(r.status).toBe("blocked");
  });

  it("a broken base policy blocks and names file and line", () => {
    const r = evaluateApprovals(input({
      tier: "critical",
      failClosed: ["the policy .github/promptops.yml has 1 error"],
      policyProblems: [{ code: "policy.yaml", message: "YAML syntax error", file: ".github/promptops.yml", line: 3, column: 5 }],
    }));
    expect(r.status).toBe("blocked");
    expect(r.reasons[0]).toMatch(/\.github\/promptops\.yml:3:5/);
  });

  it("fail-closed with a highest tier that asks for nothing still needs a person", () => {
    const r = evaluateApprovals(input({ tier: "critical", requirements: [], failClosed: ["the pull request changes 3001 files"] }));
    expect(r.status).toBe("pending");
    expect(r.automated).toBe(false);
    const approved = evaluateApprovals(input({ tier: "critical", requirements: [], failClosed: ["x"], reviews: [review("dave", "APPROVED")] }));
    expect(approved.status).toBe("approved");
  });

  it("eligible approvals carry reviewer, review id, commit and time for the audit log", () => {
    const rv = review("bob", "APPROVED");
    const r = evaluateApprovals(input({ reviews: [rv] }));
    expect(r.eligible).toEqual([{ reviewer: "bob", reviewId: rv.id, commit: HEAD, submittedAt: rv.submitted_at }]);
  });
});

describe("lookupsNeeded", () => {
  const requirements = [
    { id: "approvals", description: "2", who: ["owners", "acme/gov"], needed: 2 },
  ];

  it("asks for permissions of approvers and change requesters that passed the free checks, then memberships of those with write access", () => {
    const reviews = [review("bob", "APPROVED"), review("carol", "APPROVED", OLD), review("alice", "COMMENTED"), review("dave", "CHANGES_REQUESTED"), review("erin", "APPROVED")];
    const first = lookupsNeeded(input({ requirements, reviews, permissions: {}, owners: ["bob", "acme/owners-team"] }));
    expect(first.permissions.sort()).toEqual(["bob", "dave", "erin"]);
    expect(first.memberships).toEqual([]);
    const second = lookupsNeeded(input({ requirements, reviews, permissions: { bob: "write", dave: "write", erin: "read" }, owners: ["bob", "acme/owners-team"] }));
    expect(second.permissions).toEqual([]);
    // bob is an owner by name: no team lookups; erin cannot write: none either.
    expect(second.memberships).toEqual([]);
    const third = lookupsNeeded(input({ requirements, reviews, permissions: { bob: "write", dave: "write", erin: "write" }, owners: ["bob", "acme/owners-team"] }));
    expect(third.memberships).toEqual([{ team: "acme/gov", login: "erin" }, { team: "acme/owners-team", login: "erin" }]);
    const done = lookupsNeeded(input({ requirements, reviews, permissions: { bob: "write", dave: "write", erin: "write" }, owners: ["bob", "acme/owners-team"], memberships: { "acme/gov": { erin: false }, "acme/owners-team": { erin: false } } }));
    expect(done).toEqual({ permissions: [], memberships: [] });
  });
});
