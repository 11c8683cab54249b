import type { RiskReport } from "./risk-report.js";

const LEVEL: Record<string, "none" | "note" | "warning" | "error"> = { info: "note", low: "note", medium: "warning", high: "error", critical: "error" };
const SECURITY_SEVERITY: Record<string, string> = { info: "0.0", low: "3.0", medium: "5.0", high: "8.0", critical: "9.5" };

/** SARIF's `uri` must be a valid URI reference: each path segment percent-encoded (spaces, `%`, `#`, `?`). */
const uriOf = (path: string): string => path.split("/").map(encodeURIComponent).join("/");

/** SARIF 2.1.0 for GitHub code scanning; evidence stays masked, rules carry their category as a tag. */
export function renderSarif(r: RiskReport, toolVersion: string): object {
  const ruleIds = [...new Set(r.findings.map((f) => f.rule))].sort();
  const first = new Map(r.findings.map((f) => [f.rule, f] as const));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "PromptOps",
            informationUri: "https://github.com/promptops/promptops",
            version: toolVersion,
            rules: ruleIds.map((id) => {
              const f = [...r.findings].reverse().find((x) => x.rule === id) ?? first.get(id)!;
              return {
                id,
                shortDescription: { text: `${f.category}: ${id}` },
                help: { text: f.remediation ?? f.message },
                properties: { tags: ["security", "prompt", f.category], "security-severity": SECURITY_SEVERITY[f.severity] },
              };
            }),
          },
        },
        results: r.findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: ruleIds.indexOf(f.rule),
          level: LEVEL[f.severity],
          message: { text: `${f.message}${f.evidence ? ` (evidence: ${f.evidence})` : ""}${f.remediation ? ` ${f.remediation}` : ""}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(f.file), uriBaseId: "%SRCROOT%" }, region: { startLine: f.line, startColumn: f.column } } }],
          partialFingerprints: { "promptops/v1": `${f.rule}:${f.file}:${f.evidence || f.line}` },
        })),
      },
    ],
  };
}
