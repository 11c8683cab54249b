/**
 * One entry point for every template format (DESIGN §3). Never throws: a file
 * that does not parse is a `Problem` with the parser's line and column, so
 * the engine reports it as a finding instead of stopping the run.
 */
import { err, type Result } from "../errors/problem.js";
import { parseDotprompt } from "./formats/dotprompt.js";
import { parseGithubModels } from "./formats/github-models.js";
import { parseMarkdown } from "./formats/markdown.js";
import { parsePrompty } from "./formats/prompty.js";
import { LineIndex } from "./line-index.js";
import type { PromptTemplate, TemplateFormat } from "./model.js";
import { templateProblem } from "./template-problem.js";
import type { YamlReader } from "./yaml-document.js";

function parseFormat(format: TemplateFormat, path: string, lines: LineIndex, reader: YamlReader): Result<PromptTemplate> {
  switch (format) {
    case "github-models":
      return parseGithubModels(path, lines, reader);
    case "prompty":
      return parsePrompty(path, lines, reader);
    case "dotprompt":
      return parseDotprompt(path, lines, reader);
    case "markdown":
    case "text":
      return parseMarkdown(path, lines, format, reader);
  }
}

function attempt<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

const MARKDOWN_EXTENSIONS = [".md", ".markdown", ".mdx"];
const TEXT_EXTENSIONS = [".txt", ".text", ".j2", ".jinja", ".jinja2", ".tmpl", ".tpl", ".mustache", ".hbs", ".handlebars"];

/**
 * The format a path's name says, or `undefined` when it says none (such files,
 * when a policy glob selects them, are read as plain text).
 */
export function detectFormat(path: string): TemplateFormat | undefined {
  const name = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1).toLowerCase();
  if (name.endsWith(".prompt.yml") || name.endsWith(".prompt.yaml")) return "github-models";
  if (name.endsWith(".prompty")) return "prompty";
  if (name.endsWith(".prompt")) return "dotprompt";
  if (MARKDOWN_EXTENSIONS.some((e) => name.endsWith(e))) return "markdown";
  if (TEXT_EXTENSIONS.some((e) => name.endsWith(e))) return "text";
  return undefined;
}

export interface ParseOptions {
  /** `full` skips the fast YAML reader (tests compare the two). */
  yaml?: YamlReader;
}

export function parseTemplate(path: string, text: string, opts: ParseOptions = {}): Result<PromptTemplate> {
  try {
    if (!/\S/.test(text)) return err(templateProblem("template.structure", "The template is empty.", path, { line: 1, column: 1 }));
    const lines = new LineIndex(text);
    const format = detectFormat(path) ?? "text";
    if (opts.yaml === "full") return parseFormat(format, path, lines, "full");
    // A template that fails, or trips a bug of the fast path, is parsed again by the full YAML
    // parser, which words and places every problem.
    const fast = attempt(() => parseFormat(format, path, lines, "fast"));
    return fast?.ok ? fast : parseFormat(format, path, lines, "full");
  } catch (e) {
    // A parser bug must still surface as a finding on this file, not end the run.
    return err(templateProblem("template.parse", `The template could not be parsed: ${e instanceof Error ? e.message : String(e)}`, path, { line: 1, column: 1 }));
  }
}
