import { describe, it, expect } from "@jest/globals";
import { parseCodeowners } from "../../core/governance/codeowners.js";
import { ownersCheck, ownersRequiredAt, templateOwners } from "../../core/governance/owners.js";
import { added, changeSetOf, fixture, modified, policyOf, removed } from "./change-set.js";

const CODEOWNERS = fixture("CODEOWNERS");
const codeowners = parseCodeowners(CODEOWNERS, ".github/CODEOWNERS");

const plain = (body = "You classify tickets for {{ team }}.") => `---\ntitle: Triage\n---\n${body}\n`;
const withOwners = (owners: string) => `---\ntitle: Triage\ngovernance:\n  owners: ${owners}\n---\nYou classify tickets.\n`;

describe("templateOwners", () => {
  it("takes the template's own governance.owners first", () => {
    const change = added("prompts/support/reply.prompt.yml", fixture("templates/support-reply.prompt.yml"));
    expect(templateOwners(change, policyOf({ owners: { "prompts/**": ["@policy-owner"] } }), codeowners)).toEqual({
      owners: ["support-lead", "acme/support-ai"],
      source: "governance",
    });
  });

  it("counts folder governance from the policy as the template's own", () => {
    const policy = policyOf({ governance: { "prompts/billing/**": { owners: ["acme/billing"] } } });
    expect(templateOwners(added("prompts/billing/x.md", plain()), policy, codeowners).owners).toEqual(["acme/billing"]);
  });

  it("falls back to the policy's owners map, last matching glob winning", () => {
    const policy = policyOf({ owners: { "prompts/**": ["acme/prompt-eng"], "prompts/billing/**": ["@bob", "acme/billing"] } });
    expect(templateOwners(added("prompts/billing/x.md", plain()), policy, codeowners)).toEqual({
      owners: ["bob", "acme/billing"],
      source: "policy",
      detail: "policy owners `prompts/billing/**`",
    });
  });

  it("falls back to CODEOWNERS with GitHub's semantics, naming the rule", () => {
    expect(templateOwners(added("prompts/billing/x.md", plain()), policyOf(), codeowners)).toEqual({
      owners: ["acme/prompt-eng"],
      source: "codeowners",
      detail: ".github/CODEOWNERS:5",
    });
  });

  it("treats an explicit empty list as nobody, without falling through", () => {
    const policy = policyOf({ owners: { "prompts/legacy/**": [] } });
    expect(templateOwners(added("prompts/legacy/x.md", plain()), policy, codeowners)).toMatchObject({ owners: [], source: "none" });
    expect(templateOwners(added("prompts/experimental/x.md", plain()), policyOf(), codeowners)).toMatchObject({
      owners: [],
      source: "none",
      detail: ".github/CODEOWNERS:8",
    });
  });

  it("has no owners without any source", () => {
    expect(templateOwners(added("prompts/x.md", plain()), policyOf(), undefined)).toEqual({ owners: [], source: "none" });
  });

  it("reads a removed template's owners from its base side", () => {
    expect(templateOwners(removed("prompts/old.md", withOwners("[carol]")), policyOf(), undefined).owners).toEqual(["carol"]);
  });
});

describe("ownersRequiredAt", () => {
  it("applies `true` at every tier and a tier name from that tier up", () => {
    expect(ownersRequiredAt(policyOf({ require: { owners: true } }), "low")).toBe(true);
    expect(ownersRequiredAt(policyOf({ require: { owners: "high" } }), "medium")).toBe(false);
    expect(ownersRequiredAt(policyOf({ require: { owners: "high" } }), "critical")).toBe(true);
    expect(ownersRequiredAt(policyOf({ require: { owners: false } }), "critical")).toBe(false);
    expect(ownersRequiredAt(policyOf(), "critical")).toBe(false);
  });
});

describe("ownersCheck", () => {
  const ownerless = plain();

  it("reports each template without owners when the policy requires them", () => {
    const changes = changeSetOf([added("prompts/a.md", ownerless), added("prompts/b.md", withOwners("[dana]"))]);
    const findings = ownersCheck(changes, policyOf({ require: { owners: true } }), "low");
    expect(findings).toEqual([expect.objectContaining({ rule: "metadata.owners", category: "metadata", file: "prompts/a.md", line: 1 })]);
  });

  it("points at the governance block when the template has one", () => {
    const text = "---\ntitle: T\ngovernance:\n  domain: finance\n---\nHello.\n";
    const [f] = ownersCheck(changeSetOf([added("prompts/a.md", text)]), policyOf({ require: { owners: true } }), "low");
    expect(f!.line).toBe(3);
  });

  it("uses the change set's CODEOWNERS", () => {
    const changes = changeSetOf([added("prompts/a.md", ownerless)], { codeowners: { path: ".github/CODEOWNERS", text: CODEOWNERS } });
    expect(ownersCheck(changes, policyOf({ require: { owners: true } }), "low")).toEqual([]);
  });

  it("says when an explicit rule names nobody", () => {
    const changes = changeSetOf([added("prompts/experimental/a.md", ownerless)], { codeowners: { path: ".github/CODEOWNERS", text: CODEOWNERS } });
    const [f] = ownersCheck(changes, policyOf({ require: { owners: true } }), "low");
    expect(f!.message).toContain(".github/CODEOWNERS:8 names no GitHub user or team");
  });

  it("does not count email-only CODEOWNERS rules as owners, and says why", () => {
    const changes = changeSetOf([added("prompts/a.md", ownerless)], { codeowners: { path: "CODEOWNERS", text: "/prompts/ prompts@acme.example\n" } });
    const [f] = ownersCheck(changes, policyOf({ require: { owners: true } }), "low");
    expect(f!.message).toContain("CODEOWNERS:1 lists only email addresses");
    expect(f!.message).not.toContain("prompts@acme.example");
  });

  it("applies only from the required tier up", () => {
    const changes = changeSetOf([added("prompts/a.md", ownerless)]);
    const policy = policyOf({ require: { owners: "high" } });
    expect(ownersCheck(changes, policy, "medium")).toEqual([]);
    expect(ownersCheck(changes, policy, "high")).toHaveLength(1);
  });

  it("leaves removed and unparseable templates alone (they have their own findings)", () => {
    const changes = changeSetOf([removed("prompts/gone.md", ownerless), added("prompts/broken.md", "---\ntitle: [unclosed\n---\nHi\n")]);
    expect(changes.templates[1]!.new?.parseError).toBeDefined();
    expect(ownersCheck(changes, policyOf({ require: { owners: true } }), "critical")).toEqual([]);
  });

  it("checks a modified template at head: owners removed there count as missing", () => {
    const changes = changeSetOf([modified("prompts/a.md", withOwners("[erin]"), ownerless)]);
    expect(ownersCheck(changes, policyOf({ require: { owners: true } }), "low")).toHaveLength(1);
  });
});
