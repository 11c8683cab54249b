import { describe, it, expect } from "@jest/globals";
import { evaluateApprovals } from "../../core/approvals/evaluate.js";
import type { ApprovalInput } from "../../core/approvals/model.js";
import { ownersOfChange } from "../../core/approvals/owners.js";
import { reviewersToRequest, type RequestContext } from "../../core/approvals/requests.js";
import { toSide } from "../../core/diff/build.js";
import type { TemplateChange } from "../../core/diff/model.js";
import { loadPolicy } from "../../core/policy/load.js";

const template = (owners?: string[]) => `name: T
model: openai/gpt-4o
${owners ? `governance:\n  owners: [${owners.map((o) => JSON.stringify(o)).join(", ")}]\n` : ""}messages:
  - role: system
    content: Be kind.
`;

function change(path: string, base: string | undefined, head: string | undefined, previousPath?: string): TemplateChange {
  return {
    path,
    ...(previousPath ? { previousPath } : {}),
    status: base === undefined ? "added" : head === undefined ? "removed" : previousPath ? "renamed" : "modified",
    addedLines: [],
    removedLines: [],
    ...(base !== undefined ? { old: toSide(previousPath ?? path, { kind: "text", text: base }) } : {}),
    ...(head !== undefined ? { new: toSide(path, { kind: "text", text: head }) } : {}),
  };
}

const policy = loadPolicy(`version: 1
templates: ["prompts/**"]
owners:
  "prompts/**": ["@acme/prompt-owners"]
  "prompts/billing/**": ["billy"]
`).policy;

describe("ownersOfChange: owners come from the base side, never from the pull request", () => {
  it("a template's own governance owners at base win over the policy map", () => {
    expect(ownersOfChange({ templates: [change("prompts/a.prompt.yml", template(["@olivia"]), template(["@olivia"]))] }, policy)).toEqual(["olivia"]);
  });

  it("owners the head version declares do not count (a pull request cannot name its approvers)", () => {
    expect(ownersOfChange({ templates: [change("prompts/a.prompt.yml", template(), template(["@mallory"]))] }, policy)).toEqual(["acme/prompt-owners"]);
    expect(ownersOfChange({ templates: [change("prompts/new.prompt.yml", undefined, template(["@mallory"]))] }, policy)).toEqual(["acme/prompt-owners"]);
  });

  it("without governance or policy owners, the base CODEOWNERS decides (last matching rule wins)", () => {
    const bare = { ...policy, owners: {}, governance: {} };
    const codeowners = { path: ".github/CODEOWNERS", text: "* @acme/platform\n/prompts/ @dana @acme/prompt-team\n" };
    expect(ownersOfChange({ templates: [change("prompts/x.prompt.yml", template(), template())], codeowners }, bare)).toEqual(["dana", "acme/prompt-team"]);
    expect(ownersOfChange({ templates: [change("other/y.prompt.yml", template(), template())], codeowners }, bare)).toEqual(["acme/platform"]);
    // Policy owners still come first.
    expect(ownersOfChange({ templates: [change("prompts/a.prompt.yml", template(), template())], codeowners }, policy)).toEqual(["acme/prompt-owners"]);
  });

  it("renamed templates use the path they had at base; owners of several templates are united once", () => {
    const t = [change("prompts/moved.prompt.yml", template(), template(), "prompts/billing/old.prompt.yml"), change("prompts/billing/b.prompt.yml", template(), template()), change("prompts/c.prompt.yml", template(["acme/prompt-owners"]), template())];
    expect(ownersOfChange({ templates: t }, policy)).toEqual(["billy", "acme/prompt-owners"]);
  });
});

const HEAD = "f".repeat(40);
function pending(over: Partial<ApprovalInput> = {}) {
  return evaluateApprovals({
    tier: "high", author: "alice", headSha: HEAD, commits: [], reviews: [], permissions: {}, memberships: {}, owners: ["olivia", "acme/owners"],
    requirements: [
      { id: "approvals", description: "2", who: ["owners", "acme/gov", "other-org/team", "sam"], needed: 2 },
    ],
    approvals: { dismiss_stale: true, exclude_committers: true }, blocking: [], failClosed: [], ...over,
  });
}
const ctx = (over: Partial<RequestContext> = {}): RequestContext => ({ repoOwner: "acme", author: "alice", owners: ["olivia", "acme/owners"], reviewed: [], requestedUsers: [], requestedTeams: [], cannotCount: [], ...over });

describe("reviewersToRequest", () => {
  it("asks owners and named users as users, teams of the repository's organization as teams", () => {
    expect(reviewersToRequest(pending(), ctx())).toEqual({ users: ["olivia", "sam"], teams: ["owners", "gov"] });
  });

  it("never the author, anyone who reviewed, anyone already requested, or anyone who could not count", () => {
    const r = reviewersToRequest(pending({ owners: ["alice", "olivia", "acme/owners"] }), ctx({ owners: ["alice", "olivia", "acme/owners"], reviewed: ["Olivia"], requestedTeams: ["gov"], cannotCount: ["sam"] }));
    expect(r).toEqual({ users: [], teams: ["owners"] });
    expect(reviewersToRequest(pending(), ctx({ requestedUsers: ["sam"], requestedTeams: ["acme/owners", "gov"], permissions: { olivia: "read" } }))).toEqual({ users: [], teams: [] });
  });

  it("asks nobody when nothing is missing, when the change is blocked, or when any reviewer will do", () => {
    expect(reviewersToRequest(pending({ tier: "low", requirements: [] }), ctx())).toEqual({ users: [], teams: [] });
    expect(reviewersToRequest(pending({ blocking: [{ rule: "r", file: "f", line: 1, message: "m" }] }), ctx())).toEqual({ users: [], teams: [] });
    expect(reviewersToRequest(pending({ requirements: [{ id: "approvals", description: "1", who: [], needed: 1 }] }), ctx())).toEqual({ users: [], teams: [] });
  });
});
