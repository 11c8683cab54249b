import { describe, it, expect } from "@jest/globals";
import { governanceFor } from "../../core/policy/governance.js";
import { loadPolicy } from "../../core/policy/load.js";
import { defaultPolicy } from "../../core/policy/resolved.js";

const { policy, problems: policyProblems } = loadPolicy(`version: 1
governance:
  "prompts/**":
    owners: ["acme/prompt-team"]
    review_sla: 72h
    provenance: { model: { provider: openai, name: gpt-4o } }
  "prompts/health/**":
    domain: health
    data_classes: [phi]
    review_sla: 24h
    provenance: { model: { name: gpt-4o-mini }, datasets: [triage-v2] }
`);

describe("governanceFor", () => {
  it("the policy is valid", () => expect(policyProblems).toEqual([]));

  it("no folder block and no own block: empty governance", () => {
    expect(governanceFor("prompts/x.prompt", defaultPolicy(), undefined)).toEqual({ governance: {}, problems: [] });
  });

  it("merges every matching folder block in order, later wins field by field (nested too)", () => {
    expect(governanceFor("prompts/health/triage.prompty", policy, undefined)).toEqual({
      governance: {
        owners: ["acme/prompt-team"],
        review_sla: "24h",
        domain: "health",
        data_classes: ["phi"],
        provenance: { model: { provider: "openai", name: "gpt-4o-mini" }, datasets: ["triage-v2"] },
      },
      problems: [],
    });
    expect(governanceFor("prompts/billing/refund.prompt.yml", policy, undefined).governance).toEqual({
      owners: ["acme/prompt-team"],
      review_sla: "72h",
      provenance: { model: { provider: "openai", name: "gpt-4o" } },
    });
  });

  it("the template's own block wins; lists are replaced, not concatenated", () => {
    const own = { owners: ["@dr-ruth"], data_classes: ["phi", "pii"], provenance: { version: "1.2.0", model: { revision: "2024-08-06" } } };
    const { governance, problems } = governanceFor("prompts/health/triage.prompty", policy, own);
    expect(problems).toEqual([]);
    expect(governance).toEqual({
      owners: ["@dr-ruth"],
      review_sla: "24h",
      domain: "health",
      data_classes: ["phi", "pii"],
      provenance: { model: { provider: "openai", name: "gpt-4o-mini", revision: "2024-08-06" }, datasets: ["triage-v2"], version: "1.2.0" },
    });
    // the policy's blocks are not modified by the merge
    expect(policy.governance["prompts/health/**"]?.provenance?.model).toEqual({ name: "gpt-4o-mini" });
  });

  it("validates the template's own block: problems under /governance with lines, invalid parts left out", () => {
    const own = { owners: ["alice", "not a team"], review_sla: "2 days", domain: "health", oner: ["bob"] };
    const lines = { "/governance": 3, "/governance/owners": 4, "/governance/review_sla": 5, "/governance/oner": 7 };
    const { governance, problems } = governanceFor("prompts/x.prompt", defaultPolicy(), own, lines);
    expect(problems).toEqual([
      { code: "governance.invalid", file: "prompts/x.prompt", path: "/governance/oner", line: 7, message: "unknown key `oner` in /governance (did you mean `owners`?)" },
      {
        code: "governance.invalid",
        file: "prompts/x.prompt",
        path: "/governance/owners/1",
        line: 4,
        message: "`owners[1]` must be a user (`alice`, `@alice`) or a team (`org/team`), got `not a team`",
      },
      { code: "governance.invalid", file: "prompts/x.prompt", path: "/governance/review_sla", line: 5, message: "`review_sla` must be a duration such as `24h`, `3d` or `1w`, got `2 days`" },
    ]);
    expect(governance).toEqual({ owners: ["alice"], domain: "health" });
  });

  it("an own block that is not a mapping is one problem and contributes nothing", () => {
    const { governance, problems } = governanceFor("prompts/health/a.md", policy, ["alice"], { "/governance": 2 });
    expect(problems).toEqual([
      { code: "governance.invalid", file: "prompts/health/a.md", path: "/governance", line: 2, message: "`governance` must be a mapping, got list" },
    ]);
    expect(governance.domain).toBe("health");
  });

  it("problems have no line when the caller has no source lines", () => {
    const { problems } = governanceFor("a.prompt", defaultPolicy(), { domain: "" });
    expect(problems).toEqual([{ code: "governance.invalid", file: "a.prompt", path: "/governance/domain", message: "`domain` must not be empty" }]);
  });
});
