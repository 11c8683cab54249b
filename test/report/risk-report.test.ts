import { describe, it, expect } from "@jest/globals";
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { toRiskReport, unmet } from "../../core/report/risk-report.js";
import { assess } from "../../core/risk/engine.js";
import type { Rule } from "../../core/risk/rule.js";
import type { ChangeSet, TemplateChange } from "../../core/diff/model.js";
import { defaultPolicy } from "../../core/policy/resolved.js";
import { loadPolicy } from "../../core/policy/load.js";
import { requirementsForTier } from "../../core/policy/requirements.js";
import { CATEGORIES } from "../../core/risk/finding.js";
import { modelChangeRule } from "../../core/risk/rules/model-change/index.js";
import { breakingVariablesRule } from "../../core/risk/rules/breaking-variables/index.js";
import { sensitiveDomainRule } from "../../core/risk/rules/sensitive-domain/index.js";
import { policyChangeRule } from "../../core/risk/rules/policy-change/index.js";
import { templateChangeFromText } from "../helpers/rule-input.js";

const schema = JSON.parse(readFileSync(new URL("../../schemas/risk-report.schema.json", import.meta.url), "utf8"));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const expectValid = (report: unknown) => {
  const ok = validate(report);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
};

const INTAKE = (model: string, vars: string) => `---
model: ${model}
config:
  temperature: 0.1
governance:
  owners: [acme/clinical-safety]
  data_classes: [phi]
  domain: health
---
{{role "system"}}
You help a nurse prepare an intake summary. You do not diagnose.

{{role "user"}}
${vars}
`;
const changeSet = (templates: TemplateChange[], extra: Partial<ChangeSet> = {}): ChangeSet => ({
  baseSha: "a".repeat(40), headSha: "b".repeat(40), files: templates.map(({ old: _o, new: _n, ...f }) => f), templates, ...extra,
});
const RULES = [policyChangeRule, modelChangeRule, breakingVariablesRule, sensitiveDomainRule];

describe("toRiskReport", () => {
  it("an empty assessment is a valid low report", () => {
    const policy = defaultPolicy();
    const a = assess({ changes: changeSet([]), policy, rules: RULES });
    const r = toRiskReport(a, changeSet([]), policy, []);
    expectValid(r);
    expect(r).toMatchObject({ version: 1, tier: "low", score: 0, templates: [], findings: [], requirements: [], base: "a".repeat(40), head: "b".repeat(40), policy: { path: ".github/promptops.yml", default: true } });
  });

  it("a realistic change with findings from the frame rules is valid and counts them", () => {
    const path = "prompts/health/intake.prompt";
    const t = templateChangeFromText(INTAKE("googleai/gemini-1.5-pro", "{{symptoms}}"), { old: INTAKE("googleai/gemini-1.5-flash", "{{age_band}} {{symptoms}}"), path });
    const cs = changeSet([t]);
    cs.files.push({ path: "CODEOWNERS", status: "modified", addedLines: [2], removedLines: [] });
    const policy = defaultPolicy();
    const a = assess({ changes: cs, policy, rules: RULES });
    const r = toRiskReport(a, cs, policy, requirementsForTier(policy, a.tier).map(unmet));
    expectValid(r);
    expect(new Set(r.findings.map((f) => f.category))).toEqual(new Set(["model-change", "breaking-variables", "sensitive-domain", "policy-change"]));
    expect(r.templates).toEqual([{ path, status: "modified", format: "dotprompt" }]);
    expect(r.summary!.by_category).toEqual({ "model-change": 1, "breaking-variables": 1, "sensitive-domain": 1, "policy-change": 1 });
    expect(Object.values(r.summary!.by_severity!).reduce((x, y) => x + y, 0)).toBe(r.findings.length);
    expect(r.requirements[0]).toMatchObject({ id: "approvals", have: [] });
    expect(r.requirements[0]!.missing).toBe(r.requirements[0]!.needed);
    expect(r.score).toBe(a.score);
    for (const f of r.findings) expect(typeof f.evidence).toBe("string");
  });

  it("a fail-closed assessment with policy problems, unreadable sides and blocking findings is valid", () => {
    const loaded = loadPolicy("version: 1\ntiers:\n  high: { min_score: fifty }\nsurprise: true\n", ".github/promptops.yml", "c".repeat(40));
    const unreadable: TemplateChange = { path: "prompts/blob.prompt", previousPath: "prompts/old-blob.prompt", status: "renamed", addedLines: [], removedLines: [], old: { unreadable: { reason: "binary" } }, new: { unreadable: { reason: "too-large", size: 9_999_999 } } };
    const throwing: Rule = { id: "toxicity", category: "toxicity", description: "throws", checkFile: () => { throw new Error("boom"); } };
    const cs = changeSet([unreadable], { incomplete: { reason: "more than 3,000 files" } });
    const a = assess({
      changes: cs, policy: loaded.policy, policyProblems: loaded.problems, rules: [throwing],
      requirementChecks: [() => [{ rule: "metadata.rationale", category: "metadata", severity: "medium", file: "prompts/blob.prompt", line: 1, column: 1, message: "No rationale." }]],
    });
    const r = toRiskReport(a, cs, loaded.policy, requirementsForTier(loaded.policy, a.tier).map(unmet));
    expectValid(r);
    expect(r.tier).toBe("critical");
    expect(r.templates).toEqual([{ path: "prompts/blob.prompt", previous_path: "prompts/old-blob.prompt", status: "renamed", format: "unknown" }]);
    expect(r.policy).toEqual({ path: ".github/promptops.yml", blob: "c".repeat(40), default: false });
    expect(r.problems!.length).toBe(loaded.problems.length);
    for (const p of r.problems!) expect(p.line).toBeGreaterThan(0);
    expect(r.fail_closed!.length).toBeGreaterThanOrEqual(4);
    expect(r.summary!.blocking).toBe(1);
    expect(r.findings.find((f) => f.rule === "metadata.rationale")).toMatchObject({ blocking: true, weight: 0 });
    expect(r.findings.filter((f) => !f.blocking).every((f) => !("blocking" in f))).toBe(true);
  });

  it("a scan report (no change set) has no base or head and is valid; extra fields are merged", () => {
    const policy = defaultPolicy();
    const a = assess({ changes: changeSet([]), policy, rules: [] });
    const r = toRiskReport(a, undefined, policy, [], { governance: { "prompts/a.md": { owners: ["acme/x"] } } });
    expectValid(r);
    expect("base" in r).toBe(false);
    expect(r.governance).toEqual({ "prompts/a.md": { owners: ["acme/x"] } });
  });

  it("the schema's category vocabulary is the engine's", () => {
    expect(schema.properties.findings.items.properties.category.enum).toEqual([...CATEGORIES]);
  });

  it("the validator rejects what the contract forbids (so the checks above mean something)", () => {
    const policy = defaultPolicy();
    const a = assess({ changes: changeSet([]), policy, rules: [] });
    const r = toRiskReport(a, undefined, policy, []);
    expect(validate({ ...r, tier: "severe" })).toBe(false);
    expect(validate({ ...r, score: 101 })).toBe(false);
    expect(validate({ ...r, findings: [{ rule: "x", category: "spam", severity: "low", file: "a", line: 1, column: 1, message: "m", evidence: "" }] })).toBe(false);
  });
});
