import { describe, it, expect } from "@jest/globals";
import { evaluate } from "../../core/check.js";
import type { ChangeSet, FileChange, TemplateChange } from "../../core/diff/model.js";
import { loadPolicy } from "../../core/policy/load.js";
import { defaultPolicy } from "../../core/policy/resolved.js";
import { templateChangeFromText } from "../helpers/rule-input.js";

const TAGLINE = `---
governance:
  owners: ["acme/marketing"]
---
Write three short taglines for {{product_name}}.
`;
const changeSet = (files: FileChange[], templates: TemplateChange[] = []): ChangeSet => ({ baseSha: "1".repeat(40), headSha: "2".repeat(40), files, templates });
const plain = (path: string): FileChange => ({ path, status: "modified", addedLines: [1], removedLines: [1] });
const POLICY = `version: 1
tiers:
  low: { min_score: 0, approvals: 0 }
  medium: { min_score: 20, approvals: 1, reviewers: [owners] }
  high: { min_score: 50, approvals: 2, reviewers: [owners, "acme/prompt-governance"] }
  critical: { min_score: 80, approvals: 2, reviewers: [owners, "acme/privacy"], require_all_teams: true }
`;

describe("evaluate", () => {
  it("asks for nothing when no template changed and no rule fired", () => {
    const r = evaluate(changeSet([plain("README.md"), plain("src/app.ts")]), { policy: defaultPolicy(), problems: [] });
    expect(r.report.tier).toBe("low");
    expect(r.report.requirements).toEqual([]);
    expect(r.report.templates).toEqual([]);
  });

  it("asks for the tier's approvals once a template changed (the default needs one even at low)", () => {
    const t = templateChangeFromText(TAGLINE, { path: "prompts/marketing/tagline.md" });
    const r = evaluate(changeSet([plain(t.path)], [t]), { policy: defaultPolicy(), problems: [] });
    // Owners come from the template's own governance block.
    expect(r.report.templates).toEqual([{ path: "prompts/marketing/tagline.md", status: "added", format: "markdown", owners: ["acme/marketing"] }]);
    expect(r.report.requirements).toEqual([expect.objectContaining({ id: "approvals", needed: 1, missing: 1, have: [] })]);
  });

  it("a policy change alone is governed: high tier, and the high tier's reviewers", () => {
    const { policy, problems } = loadPolicy(POLICY);
    expect(problems).toEqual([]);
    const r = evaluate(changeSet([plain(".github/promptops.yml")]), { policy, problems });
    expect(r.report.findings.map((f) => f.rule)).toContain("policy-change.policy");
    expect(r.report.tier).toBe("high");
    expect(r.report.requirements).toEqual([expect.objectContaining({ id: "approvals", needed: 2, who: ["owners", "acme/prompt-governance"] })]);
  });

  it("a broken policy fails closed to the critical tier's requirements even with no template", () => {
    const { policy, problems } = loadPolicy(POLICY.replace("min_score: 50", "min_score: fifty"));
    expect(problems.length).toBeGreaterThan(0);
    const r = evaluate(changeSet([plain("README.md")]), { policy, problems });
    expect(r.report.tier).toBe("critical");
    expect(r.report.fail_closed!.length).toBeGreaterThan(0);
    expect(r.report.problems!.length).toBe(problems.length);
    expect(r.report.requirements.map((q) => q.id)).toEqual(["approvals", "owners", "team:acme/privacy"]);
  });

  it("low tier with approvals: 0 is the automated route even when a template changed", () => {
    const { policy } = loadPolicy(POLICY);
    const t = templateChangeFromText(TAGLINE, { path: "prompts/marketing/tagline.md" });
    const r = evaluate(changeSet([plain(t.path)], [t]), { policy, problems: [] });
    expect(r.report.tier).toBe("low");
    expect(r.report.requirements).toEqual([]);
  });
});
