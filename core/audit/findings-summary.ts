/**
 * The findings part of an audit predicate: counts by category and severity
 * and the most severe findings, with evidence that was already masked by the
 * rules (core/risk/mask.ts) and is clipped again here, so an entry never
 * carries more than a short masked hint.
 */
import type { AuditFindingsSummary } from "../generated/audit-predicate.js";
import { severityRank, type Finding } from "../risk/finding.js";
import { clip } from "../risk/mask.js";

export const TOP_FINDINGS = 10;

export function summarizeFindings(findings: readonly Finding[], top = TOP_FINDINGS): AuditFindingsSummary {
  const by_category: Record<string, number> = {};
  const by_severity: Record<string, number> = {};
  for (const f of findings) {
    by_category[f.category] = (by_category[f.category] ?? 0) + 1;
    by_severity[f.severity] = (by_severity[f.severity] ?? 0) + 1;
  }
  const ranked = [...findings].sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || b.weight - a.weight || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line,
  );
  return {
    total: findings.length,
    by_category,
    by_severity,
    top: ranked.slice(0, Math.min(top, 20)).map((f) => ({
      rule: f.rule,
      category: f.category,
      severity: f.severity,
      weight: f.weight,
      file: f.file,
      line: f.line,
      message: clip(f.message, 300),
      ...(f.evidence ? { evidence: clip(f.evidence, 120) } : {}),
    })),
  };
}
