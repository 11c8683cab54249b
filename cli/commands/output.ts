import { writeFileSync } from "node:fs";
import { renderMarkdown } from "../../core/report/markdown.js";
import { renderTerminal } from "../../core/report/terminal.js";
import { renderSarif } from "../../core/report/sarif.js";
import type { RiskReport } from "../../core/report/risk-report.js";
import type { CliIO } from "../io.js";
import { VERSION } from "../version.js";

import type { Format } from "./formats.js";
export { FORMATS, type Format } from "./formats.js";

export function renderReport(report: RiskReport, format: Format, color: boolean, sections: string[] = []): string {
  switch (format) {
    case "json": return JSON.stringify(report, null, 2) + "\n";
    case "sarif": return JSON.stringify(renderSarif(report, VERSION), null, 2) + "\n";
    case "markdown": return renderMarkdown(report, { sections: sections.filter(Boolean) }) + "\n";
    default: return renderTerminal(report, { color });
  }
}

export function writeReport(report: RiskReport, format: Format, io: CliIO, file?: string, sections: string[] = []): void {
  const text = renderReport(report, format, !file && io.stdoutIsTTY && !io.env.NO_COLOR, sections);
  if (file) writeFileSync(file, text);
  else io.stdout(text);
}
