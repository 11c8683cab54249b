import { markdownTable } from "markdown-table";
import type { RiskReport } from "./risk-report.js";

/** GitHub's limit for a comment, check-run summary or job summary body. */
export const GITHUB_BODY_LIMIT = 65_535;

const TIER_BADGE: Record<string, string> = { low: "🟢 low", medium: "🟡 medium", high: "🟠 high", critical: "🔴 critical" };
const SEV_BADGE: Record<string, string> = { info: "ℹ️ info", low: "low", medium: "**medium**", high: "**high**", critical: "**critical**" };

/**
 * Inline code that cannot break out: backticks replaced, newlines folded,
 * pipes escaped for the table parser (a backslash right before a pipe is
 * replaced too, so `\\|` can never turn the pipe back into a cell border).
 * Evidence is always shown as code so that a hostile URL in a template never
 * renders as an image or link in a PR comment (which would fetch it).
 */
export function code(s: string): string {
  if (!s) return "";
  const clean = s.replace(/[\r\n]+/g, " ").replace(/`/g, "ˋ").replace(/\\(?=\|)/g, "⧵").replace(/\|/g, "\\|");
  return `\`${clean}\``;
}
/**
 * Plain text in a table cell or list item: no pipes, no line breaks, no HTML,
 * no link or image syntax, no autolinks. Messages quote file paths and
 * template text, which a pull request's author chooses.
 */
export function cell(s: string): string {
  return s
    .replace(/[\r\n]+/g, " ")
    .replace(/\\/g, "\\\\")
    .replace(/[|[\]!]/g, "\\$&")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    // Literal autolinks (`https://…`, `www.…`): an escaped `:` or `.` keeps them plain text.
    .replace(/([A-Za-z][A-Za-z0-9+.-]*):(?=\/)/g, "$1\\:")
    .replace(/\b(www)\./gi, "$1\\.");
}

export interface MarkdownOptions {
  /** Title line, default "PromptOps risk report". */
  title?: string;
  /** Maximum length in characters (default GitHub's 65,535). */
  limit?: number;
  /** A line appended to the truncation note: where the full report is. */
  fullReportHint?: string;
  /** Extra sections (governance, approvals status) rendered after the findings. */
  sections?: string[];
}

/** The one Markdown rendering of a report: PR comment, job summary and check run all use it. */
export function renderMarkdown(r: RiskReport, opts: MarkdownOptions = {}): string {
  const limit = opts.limit ?? GITHUB_BODY_LIMIT;
  const head: string[] = [];
  head.push(`## ${opts.title ?? "PromptOps risk report"}: ${TIER_BADGE[r.tier]} (score ${r.score})`);
  head.push("");
  if (r.fail_closed?.length) {
    head.push(`> [!CAUTION]\n> PromptOps could not fully decide and requires the highest tier:\n${r.fail_closed.map((w) => `> - ${cell(w)}`).join("\n")}`);
    head.push("");
  }
  if (r.problems?.length) {
    head.push("**Policy errors** (fix these on the base branch):");
    for (const p of r.problems) head.push(`- ${p.file ? `${code(`${p.file}${p.line ? `:${p.line}` : ""}`)} ` : ""}${cell(p.message)}`);
    head.push("");
  }
  if (r.templates.length) {
    head.push(`**${r.templates.length} template${r.templates.length > 1 ? "s" : ""} changed**`);
    head.push("");
    // A pull request can touch thousands of templates: the list gets at most a third of the body.
    const rows: string[][] = [];
    let used = 0;
    for (const t of r.templates) {
      const row = [code(t.previous_path ? `${t.previous_path} → ${t.path}` : t.path), t.status, t.format];
      used += row.join(" | ").length + 8;
      if (used > limit / 3) break;
      rows.push(row);
    }
    head.push(markdownTable([["Template", "Change", "Format"], ...rows], { alignDelimiters: false }));
    if (rows.length < r.templates.length) head.push(`\n_${r.templates.length - rows.length} more template${r.templates.length - rows.length > 1 ? "s" : ""} not listed._`);
    head.push("");
  } else {
    head.push("No prompt templates changed.");
    head.push("");
  }

  const tail: string[] = [];
  tail.push("### Approvals this change needs");
  tail.push("");
  if (r.requirements.length === 0) tail.push("None: **automated route** (low risk).");
  else
    tail.push(markdownTable([["Requirement", "Needed", "Approved by", "Missing"], ...r.requirements.map((q) => [cell(q.description), String(q.needed), q.have.length ? q.have.map((h) => `@${cell(h)}`).join(", ") : "—", String(q.missing)])]));
  tail.push("");
  for (const s of opts.sections ?? []) { tail.push(s); tail.push(""); }
  if (r.reasons?.length) {
    tail.push("<details><summary>Why this tier</summary>\n");
    for (const why of r.reasons) tail.push(`- ${cell(why)}`);
    tail.push("\n</details>");
  }

  // Findings go in the middle and are what gets cut when the body would exceed GitHub's limit.
  const fixed = head.join("\n").length + tail.join("\n").length + 600;
  const rows: string[][] = [];
  let used = 0;
  let shown = 0;
  for (const f of r.findings) {
    const row = [SEV_BADGE[f.severity]!, f.category, code(`${f.file}:${f.line}`), cell(f.message) + (f.remediation ? `<br>↳ ${cell(f.remediation)}` : "") + (f.blocking ? " **(blocking)**" : ""), code(f.evidence)];
    // Rows are not padded to a common width (alignDelimiters: false), so this is the row's real length.
    const len = row.join(" | ").length + 8;
    if (fixed + used + len > limit) break;
    rows.push(row);
    used += len;
    shown++;
  }
  const mid: string[] = [];
  if (r.findings.length) {
    mid.push(`### Findings (${r.findings.length})`);
    mid.push("");
    mid.push(markdownTable([["Severity", "Category", "Where", "Why it matters / how to resolve", "Evidence (masked)"], ...rows], { alignDelimiters: false }));
    if (shown < r.findings.length) mid.push(`\n_${r.findings.length - shown} more finding${r.findings.length - shown > 1 ? "s" : ""} not shown: the report is at GitHub's size limit.${opts.fullReportHint ? ` ${opts.fullReportHint}` : ""}_`);
    mid.push("");
  } else {
    mid.push("No findings.");
    mid.push("");
  }
  let out = [...head, ...mid, ...tail].join("\n");
  // Last resort (thousands of fail-closed reasons): cut at a line end, never inside a character or a table row.
  if (out.length > limit) out = out.slice(0, Math.max(0, out.lastIndexOf("\n", limit - 80))) + "\n\n_…truncated at GitHub's size limit._";
  return out;
}
