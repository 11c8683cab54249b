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
  const gov = governanceLines(r);
  if (gov.length) { out.push(""); out.push(c("bold", "Governance")); out.push(...gov); }
  out.push("");
  out.push(c("bold", "Approvals needed"));
  if (!r.requirements.length) out.push("  none: automated route (low risk)");
  for (const q of r.requirements) out.push(`  ${q.needed} × ${t(q.description)}${q.have.length ? ` (have: ${t(q.have.join(", "))})` : ""}${q.missing ? c("yellow", ` — ${q.missing} missing`) : ""}`);
  return out.join("\n") + "\n";
}

interface GovernanceTemplate { path: string; owners?: string[]; owners_source?: string; provenance?: { version?: string; previous_version?: string }; cost?: { tokens_before: number; tokens_after: number; delta: number; usd_per_1k_calls_delta?: number; estimate?: boolean } }

/** Owners, version and token/cost delta per template, and the SLA: what a reviewer asks about next. */
function governanceLines(r: RiskReport): string[] {
  const g = (r.governance ?? {}) as { sla?: { sla: string; deadline?: string }; cost?: { delta: number; usd_per_1k_calls_delta?: number }; templates?: GovernanceTemplate[] };
  const out: string[] = [];
  if (g.sla) out.push(`  review SLA ${g.sla.sla}${g.sla.deadline ? `, due ${g.sla.deadline}` : ""}`);
  for (const tpl of g.templates ?? []) {
    const owners = tpl.owners?.length ? tpl.owners.join(", ") : "no owners";
    const v = tpl.provenance?.version ? ` v${tpl.provenance.previous_version && tpl.provenance.previous_version !== tpl.provenance.version ? `${tpl.provenance.previous_version}→` : ""}${tpl.provenance.version}` : "";
    const cost = tpl.cost ? `, tokens ${tpl.cost.tokens_before}→${tpl.cost.tokens_after} (${tpl.cost.delta >= 0 ? "+" : ""}${tpl.cost.delta})${tpl.cost.usd_per_1k_calls_delta !== undefined ? `, ${tpl.cost.usd_per_1k_calls_delta >= 0 ? "+" : "-"}$${Math.abs(tpl.cost.usd_per_1k_calls_delta).toFixed(4)}/1k calls` : ""}` : "";
    out.push(`  ${t(tpl.path)}: ${t(owners)}${tpl.owners_source ? ` (${tpl.owners_source})` : ""}${v}${cost}`);
  }
  if (g.cost && (g.templates?.length ?? 0) > 1) out.push(`  total token delta ${g.cost.delta >= 0 ? "+" : ""}${g.cost.delta}${g.cost.usd_per_1k_calls_delta !== undefined ? `, ${g.cost.usd_per_1k_calls_delta >= 0 ? "+" : "-"}$${Math.abs(g.cost.usd_per_1k_calls_delta).toFixed(4)} per 1,000 calls` : ""}`);
  return out;
}
