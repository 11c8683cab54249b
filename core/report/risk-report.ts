import type { RiskReport } from "../generated/risk-report.js";
import type { ChangeSet } from "../diff/model.js";
import type { ResolvedPolicy } from "../policy/resolved.js";
import type { Assessment } from "../risk/engine.js";
import type { Requirement } from "../policy/requirements.js";

export type { RiskReport };
export type ReportRequirement = RiskReport["requirements"][number];

/** A requirement as the engine reports it before any approvals are counted (CLI, Action). */
export const unmet = (r: Requirement): ReportRequirement => ({ id: r.id, description: r.description, who: r.who, needed: r.needed, have: [], missing: r.needed });

/** The stable JSON contract (schemas/risk-report.schema.json) from an assessment. */
export function toRiskReport(a: Assessment, changes: ChangeSet | undefined, policy: ResolvedPolicy, requirements: ReportRequirement[], extra: Partial<RiskReport> = {}): RiskReport {
  const byCategory: Record<string, number> = {};
  const bySeverity: Record<string, number> = {};
  for (const f of a.findings) {
    byCategory[f.category] = (byCategory[f.category] ?? 0) + 1;
    bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
  }
  return {
    version: 1,
    tier: a.tier,
    score: a.score,
    ...(changes ? { base: changes.baseSha, head: changes.headSha } : {}),
    policy: { path: policy.origin.path, ...(policy.origin.blobSha ? { blob: policy.origin.blobSha } : {}), default: policy.origin.isDefault },
    templates: (changes?.templates ?? []).map((t) => ({
      path: t.path,
      ...(t.previousPath ? { previous_path: t.previousPath } : {}),
      status: t.status,
      format: (t.new?.template ?? t.old?.template)?.format ?? "unknown",
    })),
    findings: a.findings.map((f) => ({
      rule: f.rule, category: f.category, severity: f.severity, weight: f.weight, file: f.file, line: f.line, column: f.column,
      message: f.message, ...(f.remediation ? { remediation: f.remediation } : {}), evidence: f.evidence ?? "", ...(f.blocking ? { blocking: true } : {}),
    })),
    requirements,
    reasons: a.reasons,
    fail_closed: a.failClosed,
    problems: a.problems.map((p) => ({ code: p.code, message: p.message, ...(p.file ? { file: p.file } : {}), ...(p.line ? { line: p.line } : {}), ...(p.column ? { column: p.column } : {}), ...(p.path ? { path: p.path } : {}) })),
    summary: { by_category: byCategory, by_severity: bySeverity, blocking: a.findings.filter((f) => f.blocking).length },
    ...extra,
  };
}
