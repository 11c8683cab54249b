import { describe, it, expect } from "@jest/globals";
import { parseEvalResults, evalTemplateRefs, type EvalReport } from "../../core/governance/accuracy.js";
import { governanceJson, governanceSection, governanceSummary, usd } from "../../core/governance/report.js";
import { PRICES_AS_OF } from "../../core/governance/pricing.js";
import { added, changeSetOf, fixture, jsonFixture, modified, policyOf } from "./change-set.js";

const SUPPORT = fixture("templates/support-reply.prompt.yml");
const SUPPORT_V2 = SUPPORT.replace("version: 1.4.0", "version: 1.5.0").replace(
  "never reveal internal notes.",
  "never reveal internal notes.\n      Mention the refund policy when money is involved.",
);
const QA = fixture("templates/product-qa.prompty");

function scenario() {
  const changes = changeSetOf(
    [
      modified("prompts/support/support-reply.prompt.yml", SUPPORT, SUPPORT_V2),
      added("prompts/product-qa.prompty", QA),
      added("prompts/summarize.prompt", fixture("templates/summarize.prompt")),
      added("prompts/triage.md", fixture("templates/triage.md")),
    ],
    { codeowners: { path: ".github/CODEOWNERS", text: fixture("CODEOWNERS") } },
  );
  const policy = policyOf({ tiers: { medium: { min_score: 20, review_sla: "3d" } } });
  return { changes, policy };
}

const evalsFor = (changes: ReturnType<typeof scenario>["changes"], file: string): EvalReport => {
  const r = parseEvalResults(jsonFixture(file), { templates: evalTemplateRefs(changes) });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe("governanceSummary", () => {
  it("brings owners, provenance, cost, SLA and accuracy together per template", () => {
    const { changes, policy } = scenario();
    const s = governanceSummary(changes, policy, { tier: "medium", reviewStartedAt: "2026-11-02T09:00:00Z", evals: evalsFor(changes, "evals/promptfoo-head.json") });
    expect(s.sla).toEqual({ sla: "48h", ms: 48 * 3_600_000, source: "prompts/support/support-reply.prompt.yml", deadline: "2026-11-04T09:00:00.000Z" });
    expect(s.templates.map((t) => [t.path, t.owners.source, t.owners.owners])).toEqual([
      ["prompts/support/support-reply.prompt.yml", "governance", ["support-lead", "acme/support-ai"]],
      ["prompts/product-qa.prompty", "codeowners", ["alice"]],
      ["prompts/summarize.prompt", "governance", ["acme/docs"]],
      ["prompts/triage.md", "codeowners", ["acme/prompt-eng"]],
    ]);
    expect(s.templates[0]!.provenance).toMatchObject({ version: "1.5.0", previousVersion: "1.4.0" });
    expect(s.templates[1]!.accuracy).toMatchObject({ passed: 3, total: 4 });
    expect(s.accuracy).toEqual({ tool: "promptfoo", unmatched: 2, hasBase: false });
    expect(s.cost.delta).toBe(s.templates.reduce((n, t) => n + (t.cost?.delta ?? 0), 0));
  });

  it("has no SLA without a tier, and no deadline without a start", () => {
    const { changes, policy } = scenario();
    expect(governanceSummary(changes, policy).sla).toBeUndefined();
    expect(governanceSummary(changes, policy, { tier: "low" }).sla).toEqual({ sla: "48h", ms: 48 * 3_600_000, source: "prompts/support/support-reply.prompt.yml" });
  });
});

describe("governanceSection", () => {
  it("renders the SLA deadline, cost line and one row per template", () => {
    const { changes, policy } = scenario();
    const head = evalsFor(changes, "evals/promptfoo-head.json");
    const base = evalsFor(changes, "evals/promptfoo-base.json");
    const md = governanceSection(changes, policy, { tier: "medium", reviewStartedAt: "2026-11-02T09:00:00Z", evals: head, baseEvals: base });
    const s = governanceSummary(changes, policy, {});
    const lines = md.split("\n");
    expect(lines[0]).toBe("### Governance");
    expect(md).toContain("- **Review SLA:** 48h (from `prompts/support/support-reply.prompt.yml`) · review due **2026-11-04 09:00 UTC**");
    expect(md).toContain(`- **Cost per call:** +${s.cost.delta} tokens of fixed text, ${usd(s.cost.usdPer1kCallsDelta!, true)} per 1,000 calls`);
    const support = lines.find((l) => l.startsWith("| `prompts/support/support-reply.prompt.yml`"))!;
    expect(support).toContain("@support-lead, @acme/support-ai");
    expect(support).toContain("1.4.0 → 1.5.0");
    expect(support).toContain("`openai/gpt-4o-mini @ 2024-07-18`");
    expect(support).toContain("`support-tickets-2025q2`, `refunds-golden-set`");
    expect(support).toContain("no results");
    const qa = lines.find((l) => l.startsWith("| `prompts/product-qa.prompty`"))!;
    expect(qa).toContain("@alice (.github/CODEOWNERS:7)");
    expect(qa).toContain("75% (3/4) ▼ −25 pts");
    const triage = lines.find((l) => l.startsWith("| `prompts/triage.md`"))!;
    expect(triage).toMatch(/0 → \d+ \(\+\d+\)\*/); // Anthropic: an estimate
    expect(md).toContain("_\\* estimate:");
    expect(md).toContain(`as of ${PRICES_AS_OF}`);
    expect(md).toContain("_2 evaluated prompts matched no changed template._");
  });

  it("leaves out the pass-rate column without evaluation results", () => {
    const { changes, policy } = scenario();
    const md = governanceSection(changes, policy);
    expect(md).not.toContain("Pass rate");
    expect(md).not.toContain("Review SLA");
  });

  it("escapes what template authors control", () => {
    const evil = "---\nmodel: 'x|y`z'\ngovernance:\n  owners: [alice]\n  provenance:\n    datasets: ['a|b', '![img](https://evil.example/x.png)']\n    version: '1.0|<b>'\n---\nHello {{ name }}\n";
    const md = governanceSection(changeSetOf([added("prompts/a|b.md", evil)]), policyOf());
    const row = md.split("\n").find((l) => l.includes("prompts/a"))!;
    // every pipe in a cell is escaped: the row has exactly the table's 8 borders
    expect(row.split(/(?<!\\)\|/).length - 1).toBe(8);
    expect(row).not.toContain("<b>");
    // shown as code, never as an image that GitHub would fetch
    expect(row).toContain("`![img](https://evil.example/x.png)`");
  });

  it("caps the table and points at the JSON report", () => {
    const many = changeSetOf(Array.from({ length: 7 }, (_, i) => added(`prompts/t${i}.md`, `Hello {{ name }} #${i}\n`)));
    const md = governanceSection(many, policyOf(), { maxRows: 5 });
    expect(md.split("\n").filter((l) => l.startsWith("| `prompts/t")).length).toBe(5);
    expect(md).toContain("_2 more templates in the JSON report._");
  });

  it("says when no template changed", () => {
    expect(governanceSection(changeSetOf([]), policyOf())).toBe("### Governance\n\nNo prompt templates changed.");
  });
});

describe("governanceJson", () => {
  it("gives the report's governance field in snake_case, with every template", () => {
    const { changes, policy } = scenario();
    const j = governanceJson(changes, policy, { tier: "medium", reviewStartedAt: "2026-11-02T09:00:00Z", evals: evalsFor(changes, "evals/promptfoo-head.json") }) as {
      sla: unknown;
      cost: Record<string, unknown>;
      accuracy: unknown;
      templates: Array<Record<string, unknown>>;
    };
    expect(j.sla).toEqual({ sla: "48h", source: "prompts/support/support-reply.prompt.yml", deadline: "2026-11-04T09:00:00.000Z" });
    expect(j.cost).toMatchObject({ prices_as_of: PRICES_AS_OF, estimate: true, priced_templates: 4 });
    expect(j.accuracy).toEqual({ tool: "promptfoo", unmatched_prompts: 2, base_given: false });
    expect(j.templates).toHaveLength(4);
    expect(j.templates[0]).toMatchObject({
      path: "prompts/support/support-reply.prompt.yml",
      owners: ["support-lead", "acme/support-ai"],
      owners_source: "governance",
      provenance: { version: "1.5.0", previous_version: "1.4.0", datasets: ["support-tickets-2025q2", "refunds-golden-set"] },
      cost: { model: "openai/gpt-4o-mini", encoding: "o200k_base", estimate: false },
    });
    expect(j.templates[1]).toMatchObject({ owners_source: "codeowners", owners_detail: ".github/CODEOWNERS:7", accuracy: { passed: 3, total: 4, rate: 0.75 } });
    // plain data: survives a JSON round trip unchanged
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
  });
});

describe("usd", () => {
  it("keeps two significant digits below a cent", () => {
    expect(usd(0.0015, true)).toBe("+$0.0015");
    expect(usd(-0.000123456, true)).toBe("−$0.00012");
    expect(usd(12.345)).toBe("$12.35");
    expect(usd(0, true)).toBe("±$0");
  });
});
