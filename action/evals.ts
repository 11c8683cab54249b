import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { err, type Problem, type Result } from "../core/errors/problem.js";
import { parseEvalResults, type EvalReport, type EvalTemplateRef } from "../core/governance/accuracy.js";

/** Where an eval-results input points: relative to the workspace, or absolute (e.g. under `runner.temp`). */
export const evalResultsPath = (path: string, workspace: string): string => resolve(workspace, path);

const problem = (input: string, file: string, message: string): Problem => ({ code: "eval.input", message: `input \`${input}\`: ${message}`, file });

/**
 * Reads and parses one evaluation results file for the changed templates.
 * A file that is missing, unreadable, not JSON or in neither known format is
 * an error naming the input and the file: results the workflow meant to give
 * must never be silently dropped (the pass-rate requirement would then pass).
 */
export function readEvalResults(input: string, path: string, workspace: string, templates: readonly EvalTemplateRef[], promptFile?: string): Result<EvalReport> {
  const file = evalResultsPath(path, workspace);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "does not exist" : code === "EISDIR" ? "is a directory" : `cannot be read (${code ?? String(e)})`;
    return err(problem(input, file, `the evaluation results file ${file} ${why}; did the evaluation step run and write it there?`));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return err(problem(input, file, `the evaluation results file ${file} is not JSON (${e instanceof Error ? e.message : String(e)})`));
  }
  const parsed = parseEvalResults(json, { templates, ...(promptFile ? { file: promptFile } : {}) });
  if (!parsed.ok) return err(problem(input, file, `the evaluation results file ${file} cannot be read: ${parsed.error.message}`));
  return parsed;
}
