import { markdownTable } from "markdown-table";
import { cell } from "../core/report/markdown.js";
import type { SlaOutcome, SlaSweepResult } from "./sla.js";

const OUTCOME: Record<SlaOutcome, string> = {
  draft: "draft: no clock yet",
  "no-templates": "no template changed",
  "no-sla": "no review SLA for this change",
  "within-sla": "within its SLA",
  approved: "approved",
  blocked: "blocked on the author (a blocking finding)",
  "notified-before": "past its SLA; commented on an earlier run",
  breach: "⏰ **past its SLA: commented and escalated**",
  error: "⚠️ error",
};

const utc = (iso: string): string => iso.replace("T", " ").replace(/:\d\d(?:\.\d+)?Z$/, " UTC");

/** The job summary of an `sla` run: every open pull request that touches templates, with its SLA, deadline and what was done. */
export function renderSlaSummary(result: SlaSweepResult, now: Date, dryRun: boolean): string {
  const out = [`## PromptOps review SLAs`, "", `Checked at ${utc(now.toISOString())}. ${result.breaches.length} new breach${result.breaches.length === 1 ? "" : "es"}${dryRun ? " (dry-run: no comment, no review request)" : ""}.`, ""];
  const shown = result.pulls.filter((p) => p.outcome !== "no-templates" && p.outcome !== "draft");
  if (shown.length === 0) {
    out.push("No open pull request touches a prompt template.");
    return out.join("\n") + "\n";
  }
  const rows = shown.map((p) => {
    const who = p.requested ? [...p.requested.users.map((u) => `@${u}`), ...p.requested.teams.map((t) => `team ${t}`)] : [];
    const outcome = p.outcome === "breach" && dryRun ? "⏰ **past its SLA** (dry-run)" : OUTCOME[p.outcome];
    return [`#${p.number} ${cell(p.title)}`, p.tier ?? "—", p.sla ?? "—", p.deadline ? utc(p.deadline) : "—", `${outcome}${who.length ? ` → ${cell(who.join(", "))}` : ""}${p.detail ? `: ${cell(p.detail)}` : ""}`];
  });
  out.push(markdownTable([["Pull request", "Tier", "SLA", "Due", "Status"], ...rows], { alignDelimiters: false }));
  return out.join("\n") + "\n";
}
