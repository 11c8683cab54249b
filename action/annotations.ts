import type { AnnotationProperties } from "@actions/core";
import type { Problem } from "../core/errors/problem.js";
import type { RiskReport } from "../core/report/risk-report.js";

export type AnnotationLevel = "error" | "warning" | "notice";

export interface Annotation {
  level: AnnotationLevel;
  message: string;
  properties: AnnotationProperties;
}

/**
 * GitHub shows at most this many annotations of each level per step
 * (and 50 per job); workflow commands beyond them are dropped silently.
 * https://github.com/actions/toolkit/blob/main/docs/problem-matchers.md#limitations
 */
export const STEP_ANNOTATION_LIMITS: Readonly<Record<AnnotationLevel, number>> = { error: 10, warning: 10, notice: 10 };

type ReportFinding = RiskReport["findings"][number];

const LEVEL: Record<ReportFinding["severity"], AnnotationLevel> = { critical: "error", high: "error", medium: "warning", low: "notice", info: "notice" };

/** One finding as an annotation on its file and line; the evidence is the report's, already masked. */
export function findingAnnotation(f: ReportFinding): Annotation {
  const lines = [f.message];
  if (f.remediation) lines.push(`How to resolve: ${f.remediation}`);
  if (f.evidence) lines.push(`Evidence (masked): ${f.evidence}`);
  if (f.blocking) lines.push("This blocks approval until it is fixed.");
  return {
    level: LEVEL[f.severity],
    message: lines.join("\n"),
    properties: {
      title: `PromptOps ${f.severity}: ${f.category} (${f.rule})`,
      ...(f.file ? { file: f.file, startLine: Math.max(1, f.line), ...(f.column > 0 ? { startColumn: f.column } : {}) } : {}),
    },
  };
}

/** A policy error at its file and line. */
export function problemAnnotation(p: Problem): Annotation {
  return {
    level: "error",
    message: `${p.message}${p.path ? ` (at ${p.path})` : ""} [${p.code}]`,
    properties: {
      title: "PromptOps: invalid policy",
      ...(p.file ? { file: p.file, ...(p.line ? { startLine: p.line, ...(p.column ? { startColumn: p.column } : {}) } : {}) } : {}),
    },
  };
}

export interface AnnotationPlan {
  annotations: Annotation[];
  /** Findings that got no annotation because of GitHub's per-step limits. */
  omitted: number;
}

/**
 * The findings (most severe first, as the report orders them) that fit in
 * GitHub's per-step limits, after `reserved` slots (the step's own failure
 * message is an error annotation too), and, when some do not fit, a notice
 * saying how many were left out — that notice takes a slot of its own.
 */
export function planAnnotations(findings: readonly ReportFinding[], reserved: Partial<Record<AnnotationLevel, number>> = {}, limits = STEP_ANNOTATION_LIMITS): AnnotationPlan {
  const room = (level: AnnotationLevel) => Math.max(0, limits[level] - (reserved[level] ?? 0));
  const used: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  const kept: Annotation[] = [];
  let omitted = 0;
  for (const f of findings) {
    const a = findingAnnotation(f);
    if (used[a.level] < room(a.level)) {
      kept.push(a);
      used[a.level]++;
    } else omitted++;
  }
  if (omitted === 0) return { annotations: kept, omitted };
  // The note about what was left out needs a notice slot: give up the least severe kept notice if they are all taken.
  if (used.notice >= room("notice")) {
    const last = kept.map((a) => a.level).lastIndexOf("notice");
    if (last >= 0) {
      kept.splice(last, 1);
      omitted++;
    } else return { annotations: kept, omitted };
  }
  kept.push({
    level: "notice",
    message: `${omitted} more finding${omitted === 1 ? " is" : "s are"} not annotated: GitHub shows at most ${limits.error} errors, ${limits.warning} warnings and ${limits.notice} notices per step. The job summary, the PR comment and the JSON report list them all.`,
    properties: { title: `PromptOps: ${omitted} more finding${omitted === 1 ? "" : "s"}` },
  });
  return { annotations: kept, omitted };
}
