import { describe, it, expect } from "@jest/globals";
import { accuracyDelta, evalTemplateRefs, parseEvalResults, passRateCheck, type EvalReport } from "../../core/governance/accuracy.js";
import { added, changeSetOf, fixture, jsonFixture, policyOf } from "./change-set.js";

const GREETING = "Say hello to {{name}} politely.\n";
const changes = changeSetOf([
  added("prompts/product-qa.prompty", fixture("templates/product-qa.prompty")),
  added("prompts/greeting.txt", GREETING),
  added("prompts/support/support-reply.prompt.yml", fixture("templates/support-reply.prompt.yml")),
]);
const templates = evalTemplateRefs(changes);

function parsed(json: unknown, file?: string): EvalReport {
  const r = parseEvalResults(json, { templates, ...(file ? { file } : {}) });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe("parseEvalResults: promptfoo", () => {
  it("attributes results by file-path label and by Prompty name, counting errors as failures", () => {
    const r = parsed(jsonFixture("evals/promptfoo-head.json"));
    expect(r.tool).toBe("promptfoo");
    expect(r.rates).toEqual([
      { path: "prompts/greeting.txt", passed: 2, total: 3, rate: 2 / 3 },
      { path: "prompts/product-qa.prompty", passed: 3, total: 4, rate: 0.75 },
    ]);
    expect(r.unmatched).toEqual([{ key: "prompts/unrelated.txt: Unrelated prompt", passed: 1, total: 1 }]);
  });

  it("reads a bare EvaluateSummary (node API) too", () => {
    const out = jsonFixture("evals/promptfoo-head.json") as { results: unknown };
    expect(parsed(out.results).rates.map((x) => x.path)).toEqual(["prompts/greeting.txt", "prompts/product-qa.prompty"]);
  });

  it("matches a label holding an absolute or file:// path, preferring the longest path", () => {
    const refs = [{ path: "reply.prompty" }, { path: "prompts/support/reply.prompty" }];
    const json = { results: { version: 3, results: [
      { success: true, prompt: { raw: "x", label: "file:///home/runner/work/app/app/prompts/support/reply.prompty" }, provider: { id: "openai:gpt-4o" } },
      { success: false, prompt: { raw: "x", label: "/home/runner/work/app/app/prompts/support/reply.prompty" }, provider: { id: "openai:gpt-4o" } },
    ], stats: {} } };
    const r = parseEvalResults(json, { templates: refs });
    expect(r.ok && r.value.rates).toEqual([{ path: "prompts/support/reply.prompty", passed: 1, total: 2, rate: 0.5 }]);
  });

  it("matches a prompt whose raw text is the file", () => {
    const json = { results: { results: [{ success: true, prompt: { raw: GREETING.trim(), label: "greeting" }, provider: "openai:gpt-4o-mini" }] } };
    expect(parsed(json).rates).toEqual([{ path: "prompts/greeting.txt", passed: 1, total: 1, rate: 1 }]);
  });

  it("does not match a path that only appears inside a longer name", () => {
    const json = { results: { results: [{ success: true, prompt: { raw: "x", label: "old-prompts/greeting.txt.bak: x" }, provider: {} }] } };
    expect(parsed(json).rates).toEqual([]);
  });

  it("reports a malformed result as a value, not an exception", () => {
    const r = parseEvalResults({ results: { results: [{ prompt: {} }] } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: "eval.format" });
  });
});

describe("parseEvalResults: gh models eval", () => {
  it("attributes a single run by the prompt file it evaluated", () => {
    const r = parsed(jsonFixture("evals/gh-models-eval.json"), "prompts/support/support-reply.prompt.yml");
    expect(r).toEqual({ tool: "gh-models", rates: [{ path: "prompts/support/support-reply.prompt.yml", passed: 3, total: 4, rate: 0.75 }], unmatched: [] });
  });

  it("attributes a run by the prompt file's name: when no file is given", () => {
    expect(parsed(jsonFixture("evals/gh-models-eval.json")).rates[0]!.path).toBe("prompts/support/support-reply.prompt.yml");
  });

  it("reads several runs keyed by prompt file", () => {
    const run = jsonFixture("evals/gh-models-eval.json") as Record<string, unknown>;
    const keyed = { "prompts/support/support-reply.prompt.yml": run, "prompts/other.prompt.yml": { ...run, name: "Other" } };
    const r = parsed(keyed);
    expect(r.rates.map((x) => x.path)).toEqual(["prompts/support/support-reply.prompt.yml"]);
    expect(r.unmatched).toEqual([{ key: "prompts/other.prompt.yml", passed: 3, total: 4 }]);
  });

  it("counts tests from testResults when the summary is missing (every evaluator must pass)", () => {
    const run = jsonFixture("evals/gh-models-eval.json") as Record<string, unknown>;
    delete run.summary;
    expect(parsed([run]).rates[0]).toMatchObject({ passed: 3, total: 4 });
  });

  it("rejects JSON that is neither format", () => {
    expect(parseEvalResults({ hello: "world" }).ok).toBe(false);
    expect(parseEvalResults([]).ok).toBe(false);
    expect(parseEvalResults(null).ok).toBe(false);
  });
});

describe("accuracyDelta", () => {
  it("compares head with base per template", () => {
    const head = parsed(jsonFixture("evals/promptfoo-head.json"));
    const base = parsed(jsonFixture("evals/promptfoo-base.json"));
    const rows = accuracyDelta(head, base);
    expect(rows.map((r) => [r.path, r.rate, r.baseRate])).toEqual([
      ["prompts/greeting.txt", 2 / 3, 1],
      ["prompts/product-qa.prompty", 0.75, 1],
    ]);
    expect(rows[1]!.delta).toBeCloseTo(-0.25, 12);
    expect(accuracyDelta(head).every((r) => r.baseRate === undefined && r.delta === undefined)).toBe(true);
  });
});

describe("passRateCheck", () => {
  const head = parsed(jsonFixture("evals/promptfoo-head.json"));
  const policy = policyOf({ require: { min_pass_rate: { tier: "medium", rate: 0.7 } } });

  it("blocks templates below the rate from the tier up", () => {
    const check = passRateCheck(head);
    expect(check(changes, policy, "low")).toEqual([]);
    const findings = check(changes, policy, "medium");
    expect(findings).toEqual([expect.objectContaining({ rule: "metadata.pass-rate", category: "metadata", file: "prompts/greeting.txt", evidence: "2/3 passed" })]);
    expect(findings[0]!.message).toContain("at least 70%");
    expect(findings[0]!.message).toContain("66.7%");
  });

  it("ignores templates without results, and policies without the requirement", () => {
    expect(passRateCheck(head)(changes, policyOf({ require: { min_pass_rate: { tier: "low", rate: 0.5 } } }), "critical")).toEqual([]);
    expect(passRateCheck(head)(changes, policyOf(), "critical")).toEqual([]);
  });
});

describe("parseEvalResults without a template list", () => {
  it("reports prompts under the file path their label or key names", () => {
    const r = parseEvalResults(jsonFixture("evals/promptfoo-head.json"));
    expect(r.ok && r.value.rates.map((x) => [x.path, x.passed, x.total])).toEqual([
      ["prompts/greeting.txt", 2, 3],
      ["prompts/unrelated.txt", 1, 1],
    ]);
    // Prompty's label is its `name`, not a path: it stays unmatched
    expect(r.ok && r.value.unmatched.map((u) => u.key)).toEqual(["Product QA"]);
    const gh = parseEvalResults(jsonFixture("evals/gh-models-eval.json"), { file: "./prompts/support/support-reply.prompt.yml" });
    expect(gh.ok && gh.value.rates.map((x) => x.path)).toEqual(["prompts/support/support-reply.prompt.yml"]);
  });
});
