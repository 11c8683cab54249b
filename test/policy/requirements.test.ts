import { describe, it, expect } from "@jest/globals";
import { loadPolicy } from "../../core/policy/load.js";
import { ownersFor, requirementsForTier } from "../../core/policy/requirements.js";
import { defaultPolicy, type ResolvedPolicy } from "../../core/policy/resolved.js";

function policyOf(yaml: string): ResolvedPolicy {
  const { policy, problems } = loadPolicy(yaml);
  expect(problems).toEqual([]);
  return policy;
}

const DESIGN_TIERS = `version: 1
tiers:
  low:      { min_score: 0,  approvals: 0 }
  medium:   { min_score: 20, approvals: 1, reviewers: [owners] }
  high:     { min_score: 50, approvals: 2, reviewers: [owners, "acme/prompt-governance"] }
  critical: { min_score: 80, approvals: 3, reviewers: [owners, "@acme/privacy", "@dr-ruth", "ACME/Privacy"], require_all_teams: true }
`;

describe("requirementsForTier", () => {
  const policy = policyOf(DESIGN_TIERS);

  it("approvals: 0 is the automated route: nothing required", () => {
    expect(requirementsForTier(policy, "low")).toEqual([]);
  });

  it("one approvals requirement from the tier's reviewers", () => {
    expect(requirementsForTier(policy, "high")).toEqual([
      { id: "approvals", who: ["owners", "acme/prompt-governance"], needed: 2, description: "2 approvals from the templates' owners or team @acme/prompt-governance" },
    ]);
    expect(requirementsForTier(policy, "medium")).toEqual([
      { id: "approvals", who: ["owners"], needed: 1, description: "1 approval from the templates' owners" },
    ]);
  });

  it("no reviewers listed: any eligible reviewer", () => {
    const [req, ...rest] = requirementsForTier(defaultPolicy(), "low");
    expect(rest).toEqual([]);
    expect(req).toEqual({ id: "approvals", who: [], needed: 1, description: "1 approval from any eligible reviewer" });
  });

  it("require_all_teams adds one requirement per principal, `@` stripped and each principal once", () => {
    const reqs = requirementsForTier(policy, "critical");
    expect(reqs.map((r) => [r.id, r.who, r.needed])).toEqual([
      ["approvals", ["owners", "acme/privacy", "dr-ruth"], 3],
      ["owners", ["owners"], 1],
      ["team:acme/privacy", ["acme/privacy"], 1],
      ["user:dr-ruth", ["dr-ruth"], 1],
    ]);
    expect(reqs[2]!.description).toBe("at least one approval from team @acme/privacy");
    expect(reqs[3]!.description).toBe("at least one approval from @dr-ruth");
  });

  it("require_all_teams with no reviewers is just the count", () => {
    const p = policyOf("version: 1\ntiers:\n  critical: { min_score: 80, approvals: 2, reviewers: [], require_all_teams: true }\n");
    expect(requirementsForTier(p, "critical").map((r) => r.id)).toEqual(["approvals"]);
  });
});

describe("ownersFor", () => {
  const policy = policyOf(`version: 1
owners:
  "prompts/**": ["@acme/prompt-team"]
  "prompts/health/**": ["acme/clinical", "@dr-ruth"]
  "prompts/health/public/**": []
`);

  it("the template's own governance.owners win, normalised", () => {
    expect(ownersFor("prompts/health/triage.prompty", policy, ["@alice", "acme/ml", "Alice"])).toEqual(["alice", "acme/ml"]);
  });

  it("else the last matching glob of the policy's owners map (like CODEOWNERS)", () => {
    expect(ownersFor("prompts/health/triage.prompty", policy)).toEqual(["acme/clinical", "dr-ruth"]);
    expect(ownersFor("prompts/billing/refund.prompt.yml", policy)).toEqual(["acme/prompt-team"]);
    expect(ownersFor("prompts/health/triage.prompty", policy, [])).toEqual(["acme/clinical", "dr-ruth"]);
  });

  it("a later matching glob with an empty list means no owners", () => {
    expect(ownersFor("prompts/health/public/faq.md", policy)).toEqual([]);
  });

  it("no match, no owners", () => {
    expect(ownersFor("docs/readme.prompt.md", policy)).toEqual([]);
    expect(ownersFor("prompts/a.prompt", defaultPolicy())).toEqual([]);
  });
});
