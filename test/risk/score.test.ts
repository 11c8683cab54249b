import { describe, it, expect } from "@jest/globals";
import { SEVERITY_WEIGHT, SCORE_CAP, scoreOf, tierFor } from "../../core/risk/score.js";
import type { Finding, Severity } from "../../core/risk/finding.js";
import { defaultPolicy, type TierName } from "../../core/policy/resolved.js";
import { loadPolicy } from "../../core/policy/load.js";

const finding = (severity: Severity, extra: Partial<Finding> = {}): Finding => ({
  rule: `test.${severity}`, category: "metadata", severity, file: "prompts/a.md", line: 1, column: 1, message: "m", weight: SEVERITY_WEIGHT[severity], ...extra,
});

describe("severity weights", () => {
  it("put one finding of severity S alone in tier S under the default policy", () => {
    const policy = defaultPolicy();
    for (const s of ["low", "medium", "high", "critical"] as const) {
      const f = finding(s);
      expect(f.weight).toBe(policy.tiers[s].min_score === 0 ? f.weight : policy.tiers[s].min_score);
      expect(tierFor(scoreOf([f]), [f], policy, []).tier).toBe(s);
    }
    expect(SEVERITY_WEIGHT.info).toBe(0);
    expect(SEVERITY_WEIGHT.low).toBeGreaterThan(0);
    expect(SEVERITY_WEIGHT.low).toBeLessThan(SEVERITY_WEIGHT.medium);
  });

  it("add smaller findings up towards the next tier", () => {
    const four = [finding("low"), finding("low"), finding("low"), finding("low")];
    expect(scoreOf(four)).toBe(20);
    expect(tierFor(20, four, defaultPolicy(), []).tier).toBe("medium");
    expect(tierFor(scoreOf(four.slice(1)), four.slice(1), defaultPolicy(), []).tier).toBe("low");
  });
});

describe("scoreOf", () => {
  it("caps the score", () => {
    const fs = [finding("critical"), finding("critical"), finding("high")];
    expect(scoreOf(fs)).toBe(SCORE_CAP);
    expect(SCORE_CAP).toBe(100);
  });
  it("is 0 with no findings", () => expect(scoreOf([])).toBe(0));
});

describe("tierFor", () => {
  const custom = loadPolicy(`version: 1
tiers:
  low: { min_score: 0, approvals: 0 }
  medium: { min_score: 10, approvals: 1 }
  high: { min_score: 30, approvals: 2 }
  critical: { min_score: 60, approvals: 3 }
`);

  it("uses a custom policy's thresholds, inclusive at the boundary", () => {
    expect(custom.problems).toEqual([]);
    const at = (score: number): TierName => tierFor(score, [], custom.policy, []).tier;
    expect(at(0)).toBe("low");
    expect(at(9)).toBe("low");
    expect(at(10)).toBe("medium");
    expect(at(29)).toBe("medium");
    expect(at(30)).toBe("high");
    expect(at(59)).toBe("high");
    expect(at(60)).toBe("critical");
    // The same score lands lower under the default policy.
    expect(tierFor(30, [], defaultPolicy(), []).tier).toBe("medium");
  });

  it("raises the tier to a finding's min_tier and says which rule did it", () => {
    const f = finding("low", { rule: "pii.email", minTier: "high" });
    const d = tierFor(5, [f], defaultPolicy(), []);
    expect(d.tier).toBe("high");
    expect(d.reasons.join("\n")).toContain("pii.email");
  });

  it("never lowers the tier for a min_tier below the score's tier", () => {
    const f = finding("critical", { minTier: "medium" });
    const d = tierFor(80, [f], defaultPolicy(), []);
    expect(d.tier).toBe("critical");
    expect(d.reasons).toHaveLength(1);
  });

  it("fails closed to critical, with each reason", () => {
    const d = tierFor(0, [], defaultPolicy(), ["rule `x` failed", "listing incomplete"]);
    expect(d.tier).toBe("critical");
    expect(d.reasons.filter((r) => r.startsWith("fail closed"))).toHaveLength(2);
    expect(d.reasons.join("\n")).toContain("listing incomplete");
  });

  it("states the score and threshold that decided the tier", () => {
    const d = tierFor(35, [], custom.policy, []);
    expect(d.reasons[0]).toContain("35");
    expect(d.reasons[0]).toContain("high");
    expect(d.reasons[0]).toContain("30");
  });
});
