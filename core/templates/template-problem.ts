import type { Problem } from "../errors/problem.js";
import type { Position } from "./line-index.js";

/**
 * Codes of the problems a template can have. `template.parse` is the umbrella
 * adapters may match on with `startsWith("template.")`.
 */
export type TemplateProblemCode =
  | "template.parse"
  | "template.yaml"
  | "template.front-matter"
  | "template.structure";

export function templateProblem(code: TemplateProblemCode, message: string, file: string, at: Position, path?: string): Problem {
  return { code, message, file, line: at.line, column: at.column, ...(path !== undefined ? { path } : {}) };
}
