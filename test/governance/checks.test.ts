import { describe, it, expect } from "@jest/globals";
import { GOVERNANCE_CHECKS, GOVERNANCE_RULES, governanceChecks } from "../../core/governance/checks.js";
import { evalTemplateRefs, parseEvalResults } from "../../core/governance/accuracy.js";
import { assess } from "../../core/risk/engine.js";
import { breakingVariablesRule } from "../../core/risk/rules/breaking-variables/index.js";
import { added, changeSetOf, fixture, jsonFixture, modified, policyOf, pullRequest } from "./change-set.js";

const SUPPORT = fixture("templates/support-reply.prompt.yml");

describe("governance checks in the engine", () => {
  const policy = policyOf({
    require: { owners: true, rationale: "low", provenance: "low", version_bump: true, min_pass_rate: { tier: "low", rate: 0.9 } },
    cost: { max_token_increase: 20 },
  });
  const grown = SUPPORT.replace("{{customer_name}}", "{{customer_full_name}}").replace(
    "never reveal internal notes.",
    `never reveal internal notes. ${"Always restate the refund policy in full before answering. ".repeat(4)}`,
  );
  const changes = changeSetOf(
    [modified("prompts/support/support-reply.prompt.yml", SUPPORT, grown), added("prompts/greeting.txt", "Say hello to {{name}} politely.\n")],
    { pullRequest: pullRequest("## Summary\nMore refund guidance.\n") },
  );
  const evals = parseEvalResults(jsonFixture("evals/promptfoo-head.json"), { templates: evalTemplateRefs(changes) });
  if (!evals.ok) throw new Error(evals.error.message);

  it("blocks with weight 0 on each unmet requirement, and the cost rule adds to the score", () => {
    const a = assess({ changes, policy, rules: [...GOVERNANCE_RULES, breakingVariablesRule], requirementChecks: governanceChecks({ evals: evals.value }) });
    const blocking = a.findings.filter((f) => f.blocking).map((f) => [f.rule, f.file, f.weight]);
    expect(blocking.sort()).toEqual(
      [
        ["metadata.migration", "prompts/support/support-reply.prompt.yml", 0],
        ["metadata.owners", "prompts/greeting.txt", 0],
        ["metadata.pass-rate", "prompts/greeting.txt", 0],
        ["metadata.provenance", "prompts/greeting.txt", 0],
        ["metadata.rationale", "prompts/support/support-reply.prompt.yml", 0],
        ["metadata.version-bump", "prompts/support/support-reply.prompt.yml", 0],
      ].sort(),
    );
    const cost = a.findings.find((f) => f.rule === "model-change.token-increase");
    expect(cost).toMatchObject({ category: "model-change", weight: 5 });
    expect(cost!.blocking).toBeUndefined();
    expect(a.failClosed).toEqual([]);
  });

  it("has nothing to block once the author supplies what the policy asks", () => {
    const fixedUp = grown.replace("version: 1.4.0", "version: 1.5.0");
    const greeting = "---\ngovernance:\n  owners: [alice]\n  provenance:\n    datasets: [greetings-v1]\n    model: { name: gpt-4o-mini }\n    version: 1.0.0\n---\nSay hello to {{name}} politely.\n";
    const ok = changeSetOf(
      [modified("prompts/support/support-reply.prompt.yml", SUPPORT, fixedUp), added("prompts/greeting.txt", greeting)],
      { pullRequest: pullRequest("## Rationale\nTickets show customers ask about refunds first.\n\n## Migration\nCallers pass `customer_full_name` from v1.5.\n") },
    );
    const a = assess({ changes: ok, policy: policyOf({ require: { owners: true, rationale: "low", provenance: "low", version_bump: true } }), rules: [], requirementChecks: GOVERNANCE_CHECKS });
    expect(a.findings.filter((f) => f.blocking)).toEqual([]);
  });
});
