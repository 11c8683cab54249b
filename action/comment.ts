import { GITHUB_BODY_LIMIT, renderMarkdown } from "../core/report/markdown.js";
import type { RiskReport } from "../core/report/risk-report.js";

/** Hidden marker that identifies PromptOps' one report comment on a pull request. */
export const REPORT_MARKER = "<!-- promptops:report -->";

/** The PR comment: marker, then the Markdown report with its extra sections (governance), within GitHub's comment size limit. */
export function reportCommentBody(report: RiskReport, footer?: string, sections: readonly string[] = []): string {
  const tail = footer ? `\n\n${footer}` : "";
  const markdown = renderMarkdown(report, {
    limit: GITHUB_BODY_LIMIT - REPORT_MARKER.length - 1 - tail.length,
    fullReportHint: "The job summary's JSON report (the `report` output) has every finding.",
    sections: [...sections],
  });
  return `${REPORT_MARKER}\n${markdown}${tail}`;
}
