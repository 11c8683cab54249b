import { describe, it, expect } from "@jest/globals";
import policySchema from "../../schemas/policy.schema.json" with { type: "json" };
import governanceSchema from "../../schemas/governance.schema.json" with { type: "json" };
import { PATTERN_DESCRIPTIONS, pointer, segmentsOf } from "../../core/policy/schema-errors.js";
import { closest } from "../../core/policy/closest.js";
import { globMatches, globProblem } from "../../core/policy/globs.js";
import { regexProblem } from "../../core/policy/regex.js";

function patternsIn(schema: unknown, out: string[] = []): string[] {
  if (Array.isArray(schema)) schema.forEach((s) => patternsIn(s, out));
  else if (schema !== null && typeof schema === "object") {
    for (const [k, v] of Object.entries(schema)) {
      if (k === "pattern" && typeof v === "string") out.push(v);
      else patternsIn(v, out);
    }
  }
  return out;
}

describe("schema error wording", () => {
  it("every `pattern` in the schemas has a human description", () => {
    const patterns = [...patternsIn(policySchema), ...patternsIn(governanceSchema)];
    expect(patterns.length).toBeGreaterThan(0);
    expect(patterns.filter((p) => !(p in PATTERN_DESCRIPTIONS))).toEqual([]);
  });

  it("JSON pointers escape `/` and `~` in keys and round-trip", () => {
    const segs = ["owners", "prompts/**", "a~b"];
    expect(pointer(segs)).toBe("/owners/prompts~1**/a~0b");
    expect(segmentsOf(pointer(segs))).toEqual(segs);
    expect(segmentsOf("")).toEqual([]);
  });
});

describe("closest", () => {
  it("suggests plausible typos only", () => {
    const keys = ["min_score", "approvals", "reviewers", "require_all_teams", "review_sla", "escalation"];
    expect(closest("reviewer", keys)).toBe("reviewers");
    expect(closest("aprovals", keys)).toBe("approvals");
    expect(closest("min_socre", keys)).toBe("min_score");
    expect(closest("oner", ["owners", "domain"])).toBe("owners");
    expect(closest("owners", keys)).toBeUndefined();
    expect(closest("x", keys)).toBeUndefined();
  });
});

describe("glob and regex formats", () => {
  it("accepts ordinary globs", () => {
    for (const g of ["prompts/**", "**/*.prompt.yml", "!prompts/archive/**", "prompts/{a,b}/*.md", ".github/prompts/*"]) {
      expect(globProblem(g)).toBeUndefined();
    }
  });

  it("rejects empty, absolute, climbing and unbalanced globs, saying why", () => {
    expect(globProblem("  ")).toMatch(/empty/);
    expect(globProblem("/etc/**")).toMatch(/relative/);
    expect(globProblem("C:\\prompts\\*")).toMatch(/relative/);
    expect(globProblem("prompts/../secrets/**")).toMatch(/\.\./);
    expect(globProblem("../**")).toMatch(/\.\./);
    expect(globProblem("prompts/[abc")).toMatch(/closing/);
    expect(globProblem("prompts/{a,b")).toMatch(/closing/);
  });

  it("matches repository paths, dotfiles included", () => {
    expect(globMatches("prompts/**", "prompts/health/triage.prompty")).toBe(true);
    expect(globMatches("**/*.prompt.yml", ".github/prompts/x.prompt.yml")).toBe(true);
    expect(globMatches("prompts/*", "prompts/health/triage.prompty")).toBe(false);
  });

  it("regexes are compiled with the `u` flag", () => {
    expect(regexProblem("^Why:\\s+\\S")).toBeUndefined();
    expect(regexProblem("a(")).toMatch(/Unterminated group/);
    // valid without `u`, an error with it: the engine runs patterns with `u`
    expect(() => new RegExp("\\-")).not.toThrow();
    expect(regexProblem("\\-")).toBeDefined();
  });
});
