import type { RiskReport } from "./risk-report.js";

export interface TerminalOptions { color: boolean }

const CODES = { red: 31, yellow: 33, green: 32, magenta: 35, dim: 2, bold: 1, cyan: 36 } as const;

/** Plain-text report for a terminal; colour only when asked (the CLI asks only on a TTY). */
export function renderTerminal(r: RiskReport, opts: TerminalOptions): string {
  const c = (k: keyof typeof CODES, s: string) => (opts.color ? `\x1b[${CODES[k]}m${s}\x1b[0m` : s);
  const tierColor = ({ low: "green", medium: "yellow", high: "magenta", critical: "red" } as const)[r.tier];
  const out: string[] = [];
  out.push(`${c("bold", "PromptOps")} risk: ${c(tierColor, c("bold", r.tier.toUpperCase()))} (score ${r.score})`);
  for (const why of r.fail_closed ?? []) out.push(c("red", `  fail closed: ${why}`));
  for (const p of r.problems ?? []) out.push(c("red", `  policy error: ${p.file ?? ""}${p.line ? `:${p.line}` : ""}${p.column ? `:${p.column}` : ""} ${p.message}`));
  out.push("");
  if (r.templates.length) {
    out.push(c("bold", `Templates (${r.templates.length})`));
    for (const t of r.templates) out.push(`  ${t.status.padEnd(8)} ${t.previous_path ? `${t.previous_path} -> ` : ""}${t.path} ${c("dim", `[${t.format}]`)}`);
  } else out.push("No prompt templates changed.");
  out.push("");
  if (r.findings.length) {
    out.push(c("bold", `Findings (${r.findings.length})`));
    for (const f of r.findings) {
      const sev = f.severity === "critical" || f.severity === "high" ? c("red", f.severity) : f.severity === "medium" ? c("yellow", f.severity) : f.severity;
      out.push(`  ${sev.padEnd(opts.color ? 17 : 8)} ${f.file}:${f.line}:${f.column} ${c("cyan", f.category)} ${f.message}${f.blocking ? c("red", " (blocking)") : ""}`);
      if (f.evidence) out.push(`           ${c("dim", `evidence: ${f.evidence}`)}`);
      if (f.remediation) out.push(`           ${c("dim", `fix: ${f.remediation}`)}`);
    }
  } else out.push("No findings.");
  out.push("");
  out.push(c("bold", "Approvals needed"));
  if (!r.requirements.length) out.push("  none: automated route (low risk)");
  for (const q of r.requirements) out.push(`  ${q.needed} × ${q.description}${q.have.length ? ` (have: ${q.have.join(", ")})` : ""}${q.missing ? c("yellow", ` — ${q.missing} missing`) : ""}`);
  return out.join("\n") + "\n";
}
