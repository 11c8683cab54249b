import { describe, it, expect } from "@jest/globals";
import { renderSarif } from "../../core/report/sarif.js";
import type { RiskReport } from "../../core/report/risk-report.js";
import type { Severity } from "../../core/risk/finding.js";

type ReportFinding = RiskReport["findings"][number];
const finding = (rule: string, severity: Severity, extra: Partial<ReportFinding> = {}): ReportFinding => ({
  rule, category: rule.split(".")[0] as ReportFinding["category"], severity, weight: 5, file: "prompts/support/triage.prompt.yml", line: 12, column: 7,
  message: `Finding of ${rule}.`, remediation: "Fix it.", evidence: "sk-…Q2x9", ...extra,
});
const report = (findings: ReportFinding[]): RiskReport => ({ version: 1, tier: "high", score: 50, templates: [], findings, requirements: [] });

interface SarifResult { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn?: number } } }[]; partialFingerprints?: Record<string, string> }
interface SarifLog { $schema: string; version: string; runs: { tool: { driver: { name: string; version: string; rules: { id: string; shortDescription: { text: string }; help: { text: string }; properties: { tags: string[]; "security-severity": string } }[] } }; results: SarifResult[] }[] }

/** The structural rules of SARIF 2.1.0 that GitHub code scanning enforces on upload. */
function expectWellFormed(log: SarifLog) {
  expect(log.version).toBe("2.1.0");
  expect(log.$schema).toMatch(/sarif-2\.1\.0/);
  expect(log.runs).toHaveLength(1);
  const { driver } = log.runs[0]!.tool;
  expect(driver.name).toBe("PromptOps");
  const ids = driver.rules.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const res of log.runs[0]!.results) {
    expect(driver.rules[res.ruleIndex]!.id).toBe(res.ruleId);
    expect(["none", "note", "warning", "error"]).toContain(res.level);
    expect(res.message.text.length).toBeGreaterThan(0);
    expect(res.locations).toHaveLength(1);
    const loc = res.locations[0]!.physicalLocation;
    expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
    expect(loc.artifactLocation.uri).not.toMatch(/^\//);
    expect(() => new URL(loc.artifactLocation.uri, "file:///repo/")).not.toThrow();
  }
  for (const r of driver.rules) expect(Number(r.properties["security-severity"])).toBeGreaterThanOrEqual(0);
}

describe("renderSarif", () => {
  const findings = [
    finding("secret.openai", "critical", { line: 3, column: 15 }),
    finding("pii.email", "medium", { file: "prompts/a.md", line: 8 }),
    finding("secret.openai", "critical", { file: "prompts/b.md", line: 1, column: 1 }),
    finding("model-change.model", "high"),
    finding("metadata.parse", "low"),
  ];
  const log = renderSarif(report(findings), "1.2.3") as SarifLog;

  it("is well-formed SARIF 2.1.0 whose rules match its results by id and index", () => {
    expectWellFormed(log);
    expect(log.runs[0]!.tool.driver.version).toBe("1.2.3");
    expect(log.runs[0]!.tool.driver.rules.map((r) => r.id)).toEqual(["metadata.parse", "model-change.model", "pii.email", "secret.openai"]);
    expect(log.runs[0]!.results).toHaveLength(findings.length);
  });

  it("keeps each finding's location and maps severities to levels", () => {
    const results = log.runs[0]!.results;
    expect(results.map((r) => [r.ruleId, r.level, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region.startLine, r.locations[0]!.physicalLocation.region.startColumn])).toEqual([
      ["secret.openai", "error", "prompts/support/triage.prompt.yml", 3, 15],
      ["pii.email", "warning", "prompts/a.md", 8, 7],
      ["secret.openai", "error", "prompts/b.md", 1, 1],
      ["model-change.model", "error", "prompts/support/triage.prompt.yml", 12, 7],
      ["metadata.parse", "note", "prompts/support/triage.prompt.yml", 12, 7],
    ]);
    expect(results.every((r) => r.locations[0]!.physicalLocation.artifactLocation.uriBaseId === "%SRCROOT%")).toBe(true);
  });

  it("carries masked evidence and the category as a tag, and distinct fingerprints per place", () => {
    const results = log.runs[0]!.results;
    expect(results[0]!.message.text).toContain("sk-…Q2x9");
    const rule = log.runs[0]!.tool.driver.rules.find((r) => r.id === "pii.email")!;
    expect(rule.properties.tags).toContain("pii");
    expect(rule.properties["security-severity"]).toBe("5.0");
    const fps = results.map((r) => r.partialFingerprints!["promptops/v1"]);
    expect(new Set(fps).size).toBe(fps.length);
  });

  it("percent-encodes paths that are not valid URI references as written", () => {
    const out = renderSarif(report([finding("pii.email", "low", { file: "prompts/team a/100% sure#1.md" })]), "1.0.0") as SarifLog;
    expectWellFormed(out);
    const uri = out.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri;
    expect(uri).toBe("prompts/team%20a/100%25%20sure%231.md");
    expect(decodeURIComponent(uri)).toBe("prompts/team a/100% sure#1.md");
  });

  it("with no findings has an empty rules list and no results", () => {
    const out = renderSarif(report([]), "1.0.0") as SarifLog;
    expectWellFormed(out);
    expect(out.runs[0]!.tool.driver.rules).toEqual([]);
    expect(out.runs[0]!.results).toEqual([]);
  });
});
