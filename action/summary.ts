import * as core from "@actions/core";
import { renderMarkdown } from "../core/report/markdown.js";
import type { RiskReport } from "../core/report/risk-report.js";

/** The job summary: the same Markdown report and sections as the comment, then notes (GitHub caps a step's summary at 1 MiB; the report stays under 64 KiB). */
export async function writeJobSummary(report: RiskReport, notes: readonly string[] = [], extraSections: readonly string[] = []): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info("GITHUB_STEP_SUMMARY is not set: no job summary written.");
    return;
  }
  const sections = [...extraSections, ...(notes.length ? [notes.map((n) => `> ${n}`).join("\n>\n")] : [])];
  await core.summary.addRaw(renderMarkdown(report, { sections, fullReportHint: "The `report` output (a JSON file) has every finding." }), true).write();
}
