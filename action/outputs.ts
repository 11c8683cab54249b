import * as core from "@actions/core";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { RiskReport } from "../core/report/risk-report.js";
import { renderSarif } from "../core/report/sarif.js";

/** Writes the JSON report (the CLI's `--format json` contract) under RUNNER_TEMP and returns its path. */
export function writeReportFile(report: RiskReport, env: NodeJS.ProcessEnv = process.env): string {
  const dir = join(env.RUNNER_TEMP || tmpdir(), "promptops");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "risk-report.json");
  writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
  return file;
}

/** Writes SARIF 2.1.0 to `path` (relative to the workspace) and returns the absolute path. */
export function writeSarifFile(report: RiskReport, path: string, version: string, env: NodeJS.ProcessEnv = process.env): string {
  const file = resolve(env.GITHUB_WORKSPACE || process.cwd(), path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(renderSarif(report, version), null, 2) + "\n");
  return file;
}

/** The step's outputs (names as in action.yml). */
export function setReportOutputs(report: RiskReport, reportPath: string): void {
  core.setOutput("tier", report.tier);
  core.setOutput("score", String(report.score));
  core.setOutput("findings", String(report.findings.length));
  core.setOutput("report", reportPath);
  core.setOutput("requirements", JSON.stringify(report.requirements));
}

/** The `sla` mode's output: the pull requests with a new SLA breach this run, as a JSON array of numbers. */
export function setSlaOutputs(breaches: readonly number[]): void {
  core.setOutput("breaches", JSON.stringify(breaches));
}
