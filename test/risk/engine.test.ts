import { describe, it, expect } from "@jest/globals";
import { assess, settingsFor, addedLines, sortFindings, type RequirementCheck } from "../../core/risk/engine.js";
import type { Rule } from "../../core/risk/rule.js";
import type { Category, RawFinding, Severity, Finding } from "../../core/risk/finding.js";
import type { ChangeSet, TemplateChange } from "../../core/diff/model.js";
import { defaultPolicy, type ResolvedPolicy, type RuleSettings } from "../../core/policy/resolved.js";
import { loadPolicy } from "../../core/policy/load.js";
import { templateChangeFromText } from "../helpers/rule-input.js";
import { modelChangeRule } from "../../core/risk/rules/model-change/index.js";

const TRIAGE = `name: Support ticket triage
model: openai/gpt-4o-mini
modelParameters:
  temperature: 0.2
messages:
  - role: system
    content: You classify support tickets as billing, technical, account or other.
  - role: user
    content: "Ticket: {{body}}"
`;
const TAGLINE = `---
governance:
  owners: ["acme/marketing"]
---
Write three short taglines for {{product_name}}.
`;

const changes = (templates: TemplateChange[], extra: Partial<ChangeSet> = {}): ChangeSet => ({
  baseSha: "1".repeat(40), headSha: "2".repeat(40), files: templates.map(({ old: _o, new: _n, ...f }) => f), templates, ...extra,
});
const triage = () => templateChangeFromText(TRIAGE, { path: "prompts/support/triage.prompt.yml" });
const tagline = () => templateChangeFromText(TAGLINE, { path: "prompts/marketing/tagline.md" });

/** A file rule that reports one finding per given severity on every template. */
function fileRule(id: string, category: Category, severities: Severity[], line = 1): Rule {
  return {
    id, category, description: "test rule",
    checkFile: ({ change }) => severities.map((severity, i): RawFinding => ({ rule: id, category, severity, file: change.path, line: line + i, column: 1, message: `${id} ${severity}`, evidence: `e${i}` })),
  };
}
const withRules = (rules: Record<string, RuleSettings>, base: ResolvedPolicy = defaultPolicy()): ResolvedPolicy => ({ ...base, rules });

describe("assess: weights and overrides", () => {
  it("weighs each finding by its severity and sums the score", () => {
    const a = assess({ changes: changes([triage()]), policy: defaultPolicy(), rules: [fileRule("pii.email", "pii", ["info", "low", "medium"])] });
    const bySev = Object.fromEntries(a.findings.map((f) => [f.severity, f.weight]));
    expect(bySev).toEqual({ info: 0, low: 5, medium: 20 });
    expect(a.score).toBe(25);
    expect(a.tier).toBe("medium");
    expect(a.failClosed).toEqual([]);
  });

  it("applies category settings (weight, severity, min_tier)", () => {
    const rules = [fileRule("pii.email", "pii", ["low"])];
    const weighted = assess({ changes: changes([triage()]), policy: withRules({ pii: { weight: 60 } }), rules });
    expect(weighted.findings[0]!.weight).toBe(60);
    expect(weighted.tier).toBe("high");

    const resevered = assess({ changes: changes([triage()]), policy: withRules({ pii: { severity: "high" } }), rules });
    expect(resevered.findings[0]).toMatchObject({ severity: "high", weight: 50 });

    const floored = assess({ changes: changes([triage()]), policy: withRules({ pii: { min_tier: "critical" } }), rules });
    expect(floored.score).toBe(5);
    expect(floored.tier).toBe("critical");
    expect(floored.findings[0]!.minTier).toBe("critical");
    expect(floored.reasons.some((r) => r.includes("pii.email") && r.includes("critical"))).toBe(true);
  });

  it("rule-id settings win over category settings", () => {
    const rules = [fileRule("pii.email", "pii", ["medium"]), fileRule("pii.phone", "pii", ["medium"])];
    const a = assess({ changes: changes([triage()]), policy: withRules({ pii: { weight: 40 }, "pii.email": { weight: 1 } }), rules });
    const w = Object.fromEntries(a.findings.map((f) => [f.rule, f.weight]));
    expect(w).toEqual({ "pii.email": 1, "pii.phone": 40 });
    expect(a.score).toBe(41);
  });

  it("settings keyed by a finding's own id apply to a rule that reports several ids (model-change.temperature)", () => {
    const old = TRIAGE;
    const edited = TRIAGE.replace("openai/gpt-4o-mini", "anthropic/claude-3-5-haiku").replace("temperature: 0.2", "temperature: 0.9");
    const change = templateChangeFromText(edited, { old, path: "prompts/support/triage.prompt.yml" });
    const policy = withRules({ "model-change": { weight: 30 }, "model-change.temperature": { weight: 2, min_tier: "high" } });
    const a = assess({ changes: changes([change]), policy, rules: [modelChangeRule] });
    const byRule = Object.fromEntries(a.findings.map((f) => [f.rule, f]));
    expect(byRule["model-change.model"]!.weight).toBe(30);
    expect(byRule["model-change.temperature"]!.weight).toBe(2);
    expect(a.score).toBe(32);
    expect(a.tier).toBe("high");

    const off = assess({ changes: changes([change]), policy: withRules({ "model-change.temperature": { enabled: false } }), rules: [modelChangeRule] });
    expect(off.findings.map((f) => f.rule)).toEqual(["model-change.model"]);

    const onlyTemperature = assess({ changes: changes([change]), policy: withRules({ "model-change": { enabled: false }, "model-change.temperature": { enabled: true } }), rules: [modelChangeRule] });
    expect(onlyTemperature.findings.map((f) => f.rule)).toEqual(["model-change.temperature"]);
  });

  it("enabled: false by category or by rule id switches a rule off; rule id wins", () => {
    const rules = [fileRule("pii.email", "pii", ["high"]), fileRule("pii.phone", "pii", ["high"]), fileRule("secret.aws", "secret", ["critical"])];
    const noPii = assess({ changes: changes([triage()]), policy: withRules({ pii: { enabled: false } }), rules });
    expect(noPii.findings.map((f) => f.rule)).toEqual(["secret.aws"]);
    const onlyEmail = assess({ changes: changes([triage()]), policy: withRules({ pii: { enabled: false }, "pii.email": { enabled: true } }), rules });
    expect(onlyEmail.findings.map((f) => f.rule).sort()).toEqual(["pii.email", "secret.aws"]);
    const noAws = assess({ changes: changes([triage()]), policy: withRules({ "secret.aws": { enabled: false } }), rules });
    expect(noAws.findings.map((f) => f.rule).sort()).toEqual(["pii.email", "pii.phone"]);
    expect(noAws.tier).toBe("critical"); // 50 + 50 = 100, by score alone
  });

  it("hands each rule its merged settings (category, then rule id)", () => {
    const seen: RuleSettings[] = [];
    const spy: Rule = { id: "secret.custom", category: "secret", description: "spy", checkFile: ({ settings }) => (seen.push(settings), []) };
    const policy = withRules({ secret: { allowlist: ["AKIAEXAMPLE"], weight: 10 }, "secret.custom": { weight: 3 } });
    expect(settingsFor(spy, policy)).toEqual({ allowlist: ["AKIAEXAMPLE"], weight: 3 });
    assess({ changes: changes([triage(), tagline()]), policy, rules: [spy] });
    expect(seen).toEqual([{ allowlist: ["AKIAEXAMPLE"], weight: 3 }, { allowlist: ["AKIAEXAMPLE"], weight: 3 }]);
  });
});

describe("assess: score and tier", () => {
  it("caps the score at 100", () => {
    const a = assess({ changes: changes([triage(), tagline()]), policy: defaultPolicy(), rules: [fileRule("secret.aws", "secret", ["critical", "critical"])] });
    expect(a.findings).toHaveLength(4);
    expect(a.score).toBe(100);
    expect(a.tier).toBe("critical");
  });

  it("uses a custom policy's thresholds", () => {
    const { policy, problems } = loadPolicy(`version: 1
tiers:
  low: { min_score: 0, approvals: 0 }
  medium: { min_score: 5, approvals: 1 }
  high: { min_score: 25, approvals: 2 }
  critical: { min_score: 90, approvals: 2 }
`);
    expect(problems).toEqual([]);
    const rules = [fileRule("pii.email", "pii", ["low"])];
    expect(assess({ changes: changes([triage()]), policy, rules }).tier).toBe("medium");
    expect(assess({ changes: changes([triage()]), policy: defaultPolicy(), rules }).tier).toBe("low");
    const two = [fileRule("pii.email", "pii", ["medium", "low"])];
    expect(assess({ changes: changes([triage()]), policy, rules: two }).tier).toBe("high");
    expect(assess({ changes: changes([triage(), tagline()]), policy, rules: [fileRule("secret.x", "secret", ["high"])] }).tier).toBe("critical");
  });

  it("no templates and no findings is low with score 0", () => {
    const a = assess({ changes: changes([]), policy: defaultPolicy(), rules: [fileRule("pii.email", "pii", ["high"])] });
    expect(a).toMatchObject({ tier: "low", score: 0, findings: [], failClosed: [], problems: [] });
  });
});

describe("assess: fail closed", () => {
  const boom: Rule = { id: "toxicity", category: "toxicity", description: "throws", checkFile: () => { throw new Error("lexicon missing"); } };

  it("a rule that throws gives critical, a fail-closed reason and a metadata.rule-failure finding; other rules still run", () => {
    const a = assess({ changes: changes([triage()]), policy: defaultPolicy(), rules: [boom, fileRule("pii.email", "pii", ["low"])] });
    expect(a.tier).toBe("critical");
    expect(a.failClosed).toEqual(["rule `toxicity` failed on prompts/support/triage.prompt.yml"]);
    const failure = a.findings.find((f) => f.rule === "metadata.rule-failure");
    expect(failure).toMatchObject({ category: "metadata", severity: "critical", file: "prompts/support/triage.prompt.yml" });
    // The exception text can quote template content (a secret): it never reaches the report.
    expect(failure!.message).not.toContain("lexicon missing");
    expect(failure!.message).toContain("toxicity");
    expect(a.findings.some((f) => f.rule === "pii.email")).toBe(true);
    expect(a.reasons.some((r) => r.startsWith("fail closed") && r.includes("toxicity"))).toBe(true);
  });

  it("a change-set rule that throws fails closed too", () => {
    const bad: Rule = { id: "policy-change", category: "policy-change", description: "throws", checkChangeSet: () => { throw new TypeError("x is undefined"); } };
    const a = assess({ changes: changes([]), policy: defaultPolicy(), rules: [bad] });
    expect(a.tier).toBe("critical");
    expect(a.failClosed).toHaveLength(1);
    expect(a.findings).toEqual([expect.objectContaining({ rule: "metadata.rule-failure", file: ".github/promptops.yml" })]);
  });

  it("a rule disabled by the policy cannot fail", () => {
    const a = assess({ changes: changes([triage()]), policy: withRules({ toxicity: { enabled: false } }), rules: [boom] });
    expect(a.tier).toBe("low");
    expect(a.failClosed).toEqual([]);
  });

  it("a binary new side fails closed with a metadata.unreadable finding", () => {
    const change: TemplateChange = { path: "prompts/logo.prompt", status: "added", addedLines: [], removedLines: [], new: { unreadable: { reason: "binary" } } };
    const a = assess({ changes: changes([change]), policy: defaultPolicy(), rules: [] });
    expect(a.tier).toBe("critical");
    expect(a.failClosed).toEqual(["prompts/logo.prompt is binary at head"]);
    expect(a.findings).toEqual([expect.objectContaining({ rule: "metadata.unreadable", category: "metadata", severity: "high", file: "prompts/logo.prompt", line: 1 })]);
  });

  it("a too-large old side of a rename fails closed at the old path, with the size", () => {
    const change: TemplateChange = {
      path: "prompts/new.md", previousPath: "prompts/old.md", status: "renamed", addedLines: [], removedLines: [],
      old: { unreadable: { reason: "too-large", size: 5_000_000 } }, new: templateChangeFromText(TAGLINE).new!,
    };
    const a = assess({ changes: changes([change]), policy: defaultPolicy(), rules: [] });
    expect(a.tier).toBe("critical");
    expect(a.failClosed[0]).toContain("prompts/old.md");
    expect(a.failClosed[0]).toContain("5000000 bytes");
    expect(a.failClosed[0]).toContain("at base");
    expect(a.findings[0]).toMatchObject({ rule: "metadata.unreadable", file: "prompts/old.md" });
  });

  it("a parse error on the new side is a high metadata.parse finding at the parser's line and column", () => {
    const broken = TRIAGE.replace("role: user", "role: robot");
    const change = templateChangeFromText(broken, { old: TRIAGE, path: "prompts/support/triage.prompt.yml" });
    expect(change.new!.parseError).toBeDefined();
    const a = assess({ changes: changes([change]), policy: defaultPolicy(), rules: [modelChangeRule] });
    const line = broken.split("\n").findIndex((l) => l.includes("role: robot")) + 1;
    const column = broken.split("\n")[line - 1]!.indexOf("robot") + 1;
    expect(a.findings).toEqual([expect.objectContaining({ rule: "metadata.parse", category: "metadata", severity: "high", line, column, weight: 50 })]);
    expect(a.findings[0]!.message).toContain("robot");
    expect(a.tier).toBe("high");
  });

  it("a parse error on the old side alone is not reported (the base was already broken)", () => {
    const broken = TRIAGE.replace("role: user", "role: robot");
    const change = templateChangeFromText(TRIAGE, { old: broken, path: "prompts/support/triage.prompt.yml" });
    const a = assess({ changes: changes([change]), policy: defaultPolicy(), rules: [] });
    expect(a.findings).toEqual([]);
  });

  it("policy problems fail closed to critical and are carried through", () => {
    const loaded = loadPolicy("version: 1\ntiers:\n  high: { min_score: ten }\n");
    expect(loaded.problems.length).toBeGreaterThan(0);
    const a = assess({ changes: changes([tagline()]), policy: loaded.policy, policyProblems: loaded.problems, rules: [] });
    expect(a.tier).toBe("critical");
    expect(a.problems).toEqual(loaded.problems);
    expect(a.failClosed.join("\n")).toContain(".github/promptops.yml");
  });

  it("an incomplete change set fails closed with its reason", () => {
    const a = assess({ changes: changes([], { incomplete: { reason: "the pull request lists more than 3,000 files" } }), policy: defaultPolicy(), rules: [] });
    expect(a.tier).toBe("critical");
    expect(a.failClosed).toEqual(["the pull request lists more than 3,000 files"]);
  });
});

describe("assess: requirement checks", () => {
  const needRationale: RequirementCheck = (_c, _p, tier) =>
    tier === "low" ? [] : [{ rule: "metadata.rationale", category: "metadata", severity: "high", file: "prompts/support/triage.prompt.yml", line: 1, column: 1, message: "The pull request gives no rationale." }];

  it("produce blocking findings with weight 0 that do not raise the tier", () => {
    const a = assess({ changes: changes([triage()]), policy: defaultPolicy(), rules: [fileRule("pii.email", "pii", ["medium"])], requirementChecks: [needRationale] });
    expect(a.tier).toBe("medium");
    expect(a.score).toBe(20);
    const r = a.findings.find((f) => f.rule === "metadata.rationale");
    expect(r).toMatchObject({ weight: 0, blocking: true, severity: "high" });
    expect(r!.minTier).toBeUndefined();
  });

  it("see the tier the findings decided", () => {
    const tiers: string[] = [];
    const spy: RequirementCheck = (_c, _p, tier) => (tiers.push(tier), []);
    assess({ changes: changes([triage()]), policy: defaultPolicy(), rules: [fileRule("secret.x", "secret", ["high"])], requirementChecks: [spy] });
    assess({ changes: changes([triage()]), policy: defaultPolicy(), rules: [], requirementChecks: [spy, needRationale] });
    expect(tiers).toEqual(["high", "low"]);
  });

  it("a requirement check that throws fails closed", () => {
    const a = assess({ changes: changes([triage()]), policy: defaultPolicy(), rules: [], requirementChecks: [() => { throw new Error("regex timeout"); }] });
    expect(a.tier).toBe("critical");
    expect(a.failClosed[0]).toContain("regex timeout");
  });
});

describe("assess: dedupe and order", () => {
  it("drops exact duplicates before scoring, so they cannot raise the tier", () => {
    const twice: Rule = {
      id: "secret.aws", category: "secret", description: "reports the same thing twice",
      checkFile: ({ change }) => {
        const f: RawFinding = { rule: "secret.aws", category: "secret", severity: "high", file: change.path, line: 4, column: 3, message: "AWS key", evidence: "AK…MPLE" };
        return [f, { ...f }];
      },
    };
    const a = assess({ changes: changes([triage()]), policy: defaultPolicy(), rules: [twice] });
    expect(a.findings).toHaveLength(1);
    expect(a.score).toBe(50);
    expect(a.tier).toBe("high");
    expect(a.reasons[0]).toContain("50");
  });

  it("keeps findings that differ in line, column, evidence or message", () => {
    const r: Rule = {
      id: "pii.email", category: "pii", description: "d",
      checkFile: ({ change }) => {
        const f: RawFinding = { rule: "pii.email", category: "pii", severity: "low", file: change.path, line: 2, column: 1, message: "m", evidence: "a***@e***.org" };
        return [f, { ...f, line: 3 }, { ...f, column: 9 }, { ...f, evidence: "b***@e***.org" }, { ...f, message: "n" }];
      },
    };
    expect(assess({ changes: changes([triage()]), policy: defaultPolicy(), rules: [r] }).findings).toHaveLength(5);
  });

  it("sorts by severity (most severe first), then file, then line", () => {
    const a = assess({
      changes: changes([triage(), tagline()]),
      policy: defaultPolicy(),
      rules: [fileRule("pii.email", "pii", ["low", "high"], 10), fileRule("secret.x", "secret", ["high"], 2)],
    });
    expect(a.findings.map((f) => `${f.severity} ${f.file}:${f.line}`)).toEqual([
      "high prompts/marketing/tagline.md:2",
      "high prompts/marketing/tagline.md:11",
      "high prompts/support/triage.prompt.yml:2",
      "high prompts/support/triage.prompt.yml:11",
      "low prompts/marketing/tagline.md:10",
      "low prompts/support/triage.prompt.yml:10",
    ]);
  });

  it("sortFindings does not mutate its input", () => {
    const fs: Finding[] = [
      { rule: "a", category: "pii", severity: "low", file: "b", line: 1, column: 1, message: "", weight: 5 },
      { rule: "a", category: "pii", severity: "critical", file: "a", line: 1, column: 1, message: "", weight: 80 },
    ];
    const sorted = sortFindings(fs);
    expect(sorted.map((f) => f.severity)).toEqual(["critical", "low"]);
    expect(fs.map((f) => f.severity)).toEqual(["low", "critical"]);
  });
});

describe("addedLines", () => {
  it("returns the head text of the added lines, without CR, ignoring numbers out of range", () => {
    const change: TemplateChange = { path: "p.md", status: "modified", addedLines: [0, 2, 3, 9], removedLines: [], new: { text: "one\r\ntwo\r\nthree" } };
    expect(addedLines(change)).toEqual([{ line: 2, text: "two" }, { line: 3, text: "three" }]);
    expect(addedLines({ ...change, new: { unreadable: { reason: "binary" } } })).toEqual([]);
  });
});
