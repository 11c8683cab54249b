/**
 * The one rendering of an approval decision into the `PromptOps approval`
 * check run: conclusion, title, Markdown summary (GitHub's 65,535-character
 * limit) and annotations. Deterministic, so an unchanged decision is
 * recognised and not written again.
 */
import { markdownTable } from "markdown-table";
import type { ApprovalResult } from "../core/approvals/model.js";
import type { Problem } from "../core/errors/problem.js";
import { cell, code, GITHUB_BODY_LIMIT, renderMarkdown } from "../core/report/markdown.js";
import type { ReportRequirement } from "../core/report/risk-report.js";
import type { TierName } from "../core/policy/resolved.js";
import type { RiskStage } from "./risk-stage.js";

export const CHECK_NAME = "PromptOps approval";
/** GitHub accepts at most 50 annotations per check-run request. */
const ANNOTATIONS_PER_REQUEST = 50;

/**
 * `success` only when approved. A change still waiting for reviewers is
 * `action_required`: completed (the decision is made, and it may wait days for
 * people) but not passing, so a required check keeps the merge button shut and
 * GitHub shows it as needing action rather than as running or broken.
 * Blocked, broken-policy and could-not-evaluate states are `failure`.
 */
export type Conclusion = "success" | "action_required" | "failure";

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "notice" | "warning" | "failure";
  title: string;
  message: string;
}

export interface CheckOutput {
  conclusion: Conclusion;
  title: string;
  summary: string;
  annotations: Annotation[];
}

/** The tier and requirements the change would get under the policy the pull request proposes. */
export interface DryRun {
  path: string;
  removed: boolean;
  tier: TierName;
  score: number;
  requirements: ReportRequirement[];
  problems: Problem[];
  failClosed: string[];
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
const shortSha = (sha: string): string => sha.slice(0, 7);

function titleOf(risk: RiskStage, approval: ApprovalResult): string {
  const policyProblems = risk.policyProblems;
  if (policyProblems.length > 0) {
    const p = policyProblems[0]!;
    return `Policy error: ${p.file ?? "the policy"}${p.line ? ` line ${p.line}` : ""}`;
  }
  switch (approval.status) {
    case "approved":
      if (!approval.automated) return "Approved";
      return risk.report.templates.length === 0 && risk.report.findings.length === 0 ? "No prompt templates changed" : "Automated route (low risk)";
    case "blocked":
      if (approval.changesRequested.length > 0) return `Blocked: changes requested by ${approval.changesRequested.map((c) => `@${c.reviewer}`).join(", ")}`;
      return `Blocked: ${plural(risk.assessment.findings.filter((f) => f.blocking).length, "requirement")} of the policy not met`;
    case "pending": {
      const total = approval.requirements.find((r) => r.id === "approvals") ?? approval.requirements[0]!;
      // Per-principal requirements name who is still missing (`require_all_teams`); the total alone names nobody.
      const named = approval.requirements.filter((r) => r.missing > 0 && r !== total).flatMap((r) => r.who.map((p) => (p === "owners" ? "the owners" : `@${p}`)));
      return `Waiting for approvals (tier ${approval.tier}): ${total.have.length} of ${total.needed}${named.length ? `, missing ${named.join(", ")}` : ""}`;
    }
  }
}

function reviewsSection(approval: ApprovalResult): string {
  const lines: string[] = ["### Reviews", ""];
  if (approval.eligible.length === 0 && approval.ignored.length === 0 && approval.changesRequested.length === 0) {
    lines.push("No reviews yet.");
    return lines.join("\n");
  }
  if (approval.eligible.length > 0) {
    lines.push(markdownTable([["Counted approval", "Review", "Commit", "Submitted"], ...approval.eligible.map((e) => [`@${cell(e.reviewer)}`, `#${e.reviewId}`, code(shortSha(e.commit)), e.submittedAt ?? "—"])], { alignDelimiters: false }));
    lines.push("");
  }
  for (const c of approval.changesRequested) lines.push(`- ⛔ @${cell(c.reviewer)} requested changes (review #${c.reviewId}): this blocks until they approve or the review is dismissed.`);
  if (approval.ignored.length > 0) {
    lines.push("", "**Not counted:**", "");
    for (const i of approval.ignored) lines.push(`- @${cell(i.reviewer)} (review #${i.reviewId}) ${cell(i.reason)}.`);
  }
  return lines.join("\n");
}

function dryRunSection(d: DryRun): string {
  const lines = [`### Dry run: the policy this pull request proposes (${code(d.path)})`, ""];
  if (d.removed) lines.push("This pull request **removes** the policy file: after merging, the safe defaults apply.", "");
  lines.push(`Not in force: this change is still evaluated under the base branch's policy. Under the proposed policy it would be tier **${d.tier}** (score ${d.score}).`, "");
  if (d.problems.length > 0) {
    lines.push("The proposed policy has errors; after merging, every change would fail closed:", "");
    for (const p of d.problems.slice(0, 20)) lines.push(`- ${code(`${p.file ?? d.path}${p.line ? `:${p.line}` : ""}`)} ${cell(p.message)}`);
    lines.push("");
  }
  if (d.requirements.length === 0) lines.push("It would need no approvals (automated route).");
  else lines.push(markdownTable([["Requirement (proposed)", "Needed"], ...d.requirements.map((r) => [cell(r.description), String(r.needed)])], { alignDelimiters: false }));
  return lines.join("\n");
}

function annotationsOf(risk: RiskStage): Annotation[] {
  const out: Annotation[] = [];
  for (const p of risk.policyProblems) {
    out.push({ path: p.file ?? risk.policyPath, start_line: p.line ?? 1, end_line: p.line ?? 1, annotation_level: "failure", title: "PromptOps policy error", message: `${p.message}${p.path ? ` (at ${p.path})` : ""} [${p.code}]` });
  }
  for (const f of risk.assessment.findings) {
    if (!f.blocking) continue;
    out.push({ path: f.file, start_line: f.line, end_line: f.line, annotation_level: "failure", title: `PromptOps: ${f.rule}`, message: `${f.message}${f.remediation ? `\n${f.remediation}` : ""}` });
  }
  return out.slice(0, ANNOTATIONS_PER_REQUEST);
}

export function approvalCheckOutput(risk: RiskStage, approval: ApprovalResult): CheckOutput {
  const dryRun = risk.dryRun;
  const conclusion: Conclusion = approval.status === "approved" ? "success" : approval.status === "pending" ? "action_required" : "failure";
  const title = titleOf(risk, approval);
  const statusLine = `**${approval.status === "approved" ? "✅" : approval.status === "pending" ? "⏳" : "⛔"} ${cell(title)}**`;
  const why = ["### Why", "", ...approval.reasons.map((r) => `- ${cell(r)}`)].join("\n");
  const sections = [why, reviewsSection(approval), ...(dryRun ? [dryRunSection(dryRun)] : [])];
  const report = { ...risk.report, requirements: approval.requirements };
  const body = renderMarkdown(report, { title: "PromptOps approval", sections, limit: GITHUB_BODY_LIMIT - statusLine.length - 2 });
  return { conclusion, title, summary: `${statusLine}\n\n${body}`, annotations: annotationsOf(risk) };
}

/** The path of a request URL without its query (which may carry anything). */
function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "";
  }
}

/** What a failed evaluation leaves behind: never green, and it says how to try again. */
export function errorCheckOutput(error: unknown): CheckOutput {
  const e = error as { name?: string; status?: number; message?: string; request?: { method?: string; url?: string } };
  const what = [e.status ? `HTTP ${e.status}` : (e.name ?? "error"), e.request?.method && e.request.url ? `on ${e.request.method} ${pathOf(e.request.url)}` : ""].filter(Boolean).join(" ");
  const summary = [
    "**⛔ PromptOps could not evaluate this pull request**",
    "",
    `The evaluation failed (${cell(what)}), after GitHub API retries. Until an evaluation succeeds this check stays failing: a pull request is never let through because PromptOps could not look at it.`,
    "",
    "It is evaluated again on the next push, review or edit; or re-run this check.",
  ].join("\n");
  return { conclusion: "failure", title: "PromptOps could not evaluate", summary, annotations: [] };
}
