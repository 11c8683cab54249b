import { describe, it, expect } from "@jest/globals";
import { stripVTControlCharacters } from "node:util";
import { renderTerminal } from "../../core/report/terminal.js";
import type { RiskReport } from "../../core/report/risk-report.js";
import type { Severity } from "../../core/risk/finding.js";

type ReportFinding = RiskReport["findings"][number];
const finding = (severity: Severity, extra: Partial<ReportFinding> = {}): ReportFinding => ({
  rule: `test.${severity}`, category: "pii", severity, weight: 5, file: "prompts/support/triage.prompt.yml", line: 12, column: 7,
  message: `A ${severity} thing.`, remediation: "Fix it.", evidence: "j***@e***.org", ...extra,
});
const report = (extra: Partial<RiskReport> = {}): RiskReport => ({
  version: 1, tier: "high", score: 55,
  templates: [
    { path: "prompts/support/triage.prompt.yml", status: "modified", format: "github-models" },
    { path: "prompts/new.md", previous_path: "prompts/old.md", status: "renamed", format: "markdown" },
  ],
  findings: (["critical", "high", "medium", "low", "info"] as Severity[]).map((s) => finding(s)),
  requirements: [{ id: "approvals", description: "2 approvals from the templates' owners", who: ["owners"], needed: 2, have: ["dana"], missing: 1 }],
  fail_closed: [], problems: [],
  ...extra,
});

describe("renderTerminal", () => {
  it("without colour has no escape sequence at all", () => {
    const out = renderTerminal(report(), { color: false });
    expect(out).not.toContain("\x1b");
  });

  it("with colour uses ANSI codes and, stripped of them, is the plain text", () => {
    const plain = renderTerminal(report(), { color: false });
    const coloured = renderTerminal(report(), { color: true });
    expect(coloured).toMatch(/\x1b\[31m/);
    expect(coloured).not.toBe(plain);
    expect(stripVTControlCharacters(coloured)).toBe(plain);
  });

  it("escape sequences in report text cannot colour or drive the terminal", () => {
    const hostile = report({
      findings: [finding("high", { evidence: "\x1b[2J\x1b[31mred", message: "bell\x07 and \x1b]8;;https://evil.example\x07link\x1b]8;;\x07", file: "prompts/\x1b[1mx.md" })],
      templates: [{ path: "prompts/\x9b31mx.md", status: "added", format: "markdown" }],
      fail_closed: ["prompts/\x1b[0mx.md is binary at head"],
    });
    const out = renderTerminal(hostile, { color: false });
    expect(out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(out).toContain("red");
    const coloured = renderTerminal(hostile, { color: true });
    expect(coloured).not.toContain("\x1b[2J");
    expect(coloured).not.toContain("\x1b]8;;");
  });

  it("lists tier, score, templates (with moves), findings with location, evidence and fix, and approvals", () => {
    const out = renderTerminal(report(), { color: false });
    expect(out.split("\n")[0]).toBe("PromptOps risk: HIGH (score 55)");
    expect(out).toContain("prompts/old.md -> prompts/new.md");
    expect(out).toContain("[github-models]");
    expect(out).toContain("prompts/support/triage.prompt.yml:12:7");
    expect(out).toContain("evidence: j***@e***.org");
    expect(out).toContain("fix: Fix it.");
    expect(out).toMatch(/2 × 2 approvals from the templates' owners \(have: dana\) — 1 missing/);
  });

  it("aligns the finding columns whatever the severity", () => {
    const lines = renderTerminal(report(), { color: false }).split("\n").filter((l) => l.includes("triage.prompt.yml:12:7"));
    expect(lines).toHaveLength(5);
    expect(new Set(lines.map((l) => l.indexOf("prompts/")))).toEqual(new Set([11]));
  });

  it("shows fail-closed reasons and policy errors with their location", () => {
    const out = renderTerminal(report({
      tier: "critical", fail_closed: ["rule `toxicity` failed"],
      problems: [{ code: "policy.type", message: "must be a number", file: ".github/promptops.yml", line: 9, column: 14 }],
    }), { color: false });
    expect(out).toContain("fail closed: rule `toxicity` failed");
    expect(out).toContain("policy error: .github/promptops.yml:9:14 must be a number");
  });

  it("says when nothing changed and nothing is needed", () => {
    const out = renderTerminal(report({ tier: "low", score: 0, templates: [], findings: [], requirements: [] }), { color: false });
    expect(out).toContain("No prompt templates changed.");
    expect(out).toContain("No findings.");
    expect(out).toContain("none: automated route");
    expect(out.endsWith("\n")).toBe(true);
  });
});
