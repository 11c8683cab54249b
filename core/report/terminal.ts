import type { RiskReport } from "./risk-report.js";

export interface TerminalOptions { color: boolean }

const CODES = { red: 31, yellow: 33, green: 32, magenta: 35, dim: 2, bold: 1, cyan: 36 } as const;

/**
 * Report text (paths, messages, evidence) comes from the pull request: control
 * characters are shown as `\xNN` so they can neither colour the output nor
 * drive the terminal (clear the screen, forge hyperlinks).
 */
const t = (s: string): string =>
  s.replace(/[\r\n]+/g, " ").replace(/[\x00-\x1f\x7f-\x9f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`);

/** Plain-text report for a terminal; colour only when asked (the CLI asks only on a TTY). */
export function renderTerminal(r: RiskReport, opts: TerminalOptions): string {
  const c = (k: keyof typeof CODES, s: string) => (opts.color ? `\x1b[${CODES[k]}m${s}\x1b[0m` : s);
  const tierColor = ({ low: "green", medium: "yellow", high: "magenta", critical: "red" } as const)[r.tier];
  const out: string[] = [];
  out.push(`${c("bold", "PromptOps")} risk: ${c(tierColor, c("bold", r.tier.toUpperCase()))} (score ${r.score})`);
  for (const why of r.fail_closed ?? []) out.push(c("red", `  fail closed: ${t(why)}`));
  for (const p of r.problems ?? []) out.push(c("red", `  policy error: ${t(p.file ?? "")}${p.line ? `:${p.line}` : ""}${p.column ? `:${p.column}` : ""} ${t(p.message)}`));
  out.push("");
  if (r.templates.length) {
    out.push(c("bold", `Templates (${r.templates.length})`));
    for (const tp of r.templates) out.push(`  ${tp.status.padEnd(8)} ${tp.previous_path ? `${t(tp.previous_path)} -> ` : ""}${t(tp.path)} ${c("dim", `[${tp.format}]`)}`);
  } else out.push("No prompt templates changed.");
  out.push("");
  if (r.findings.length) {
    out.push(c("bold", `Findings (${r.findings.length})`));
    for (const f of r.findings) {
      // Pad before colouring: escape codes have no width on screen.
      const padded = f.severity.padEnd(8);
      const sev = f.severity === "critical" || f.severity === "high" ? c("red", padded) : f.severity === "medium" ? c("yellow", padded) : padded;
      out.push(`  ${sev} ${t(f.file)}:${f.line}:${f.column} ${c("cyan", f.category)} ${t(f.message)}${f.blocking ? c("red", " (blocking)") : ""}`);
      if (f.evidence) out.push(`           ${c("dim", `evidence: ${t(f.evidence)}`)}`);
      if (f.remediation) out.push(`           ${c("dim", `fix: ${t(f.remediation)}`)}`);
    }
  } else out.push("No findings.");
  out.push("");
  out.push(c("bold", "Approvals needed"));
  if (!r.requirements.length) out.push("  none: automated route (low risk)");
  for (const q of r.requirements) out.push(`  ${q.needed} × ${t(q.description)}${q.have.length ? ` (have: ${t(q.have.join(", "))})` : ""}${q.missing ? c("yellow", ` — ${q.missing} missing`) : ""}`);
  return out.join("\n") + "\n";
}
