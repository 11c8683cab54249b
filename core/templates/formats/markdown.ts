/**
 * Markdown and plain text (`*.md`, `*.txt`, `*.j2`, and any other file a
 * policy glob selects): optional YAML front matter, then the body.
 *
 * Messages: a heading whose whole text is a role (`# System`, `## User:`,
 * `### assistant`, outside code fences) starts a message of that role. Text
 * before the first such heading, or the whole body when there is none, is one
 * message with the front matter's `role` (default `user`). Model and
 * parameters come from front matter `model` (string or `{provider, name}`)
 * and `parameters` / `modelParameters` / `config`. Variables: Jinja2 / Mustache.
 */
import { isScalar } from "yaml";
import { err, ok, type Result } from "../../errors/problem.js";
import { readFrontMatter } from "../front-matter.js";
import type { YamlReader } from "../yaml-document.js";
import { declaredInputs } from "../inputs.js";
import type { LineIndex } from "../line-index.js";
import { MESSAGE_ROLES, segmentsToMessages, type RoleSegment } from "../messages.js";
import type { PromptTemplate, TemplateFormat } from "../model.js";
import { modelFromValue, normalizeParameters } from "../parameters.js";
import { templateProblem } from "../template-problem.js";
import { newScope, placeVariables, type VariableHit } from "../variables/hits.js";
import { scanJinjaVariables } from "../variables/jinja.js";
import { findPair, nodePosition } from "../yaml-document.js";

const ROLE_HEADING = /^#{1,6}[ \t]+(system|user|assistant|developer|tool)[ \t]*:?[ \t]*#*$/i;
const FENCE = /^(`{3,}|~{3,})/;
const MAX_HEADING = 40;

export function parseMarkdown(path: string, lines: LineIndex, format: Extract<TemplateFormat, "markdown" | "text">, reader: YamlReader = "fast"): Result<PromptTemplate> {
  const fm = readFrontMatter(path, lines, reader);
  if (!fm.ok) return fm;
  const { data, metadataLines, bodyStart, root, region } = fm.value;
  const text = lines.text;

  let defaultRole = "user";
  if ("role" in data) {
    const written = typeof data.role === "string" ? data.role.trim().toLowerCase() : undefined;
    if (!written || !MESSAGE_ROLES.has(written)) {
      const pair = root ? findPair(root, "role") : undefined;
      const at = region && pair ? nodePosition(region, pair.value ?? pair.key) : { line: metadataLines["/role"] ?? 1, column: 1 };
      const shown = pair && isScalar(pair.value) ? JSON.stringify(pair.value.value) : "a non-text value";
      return err(templateProblem("template.structure", `Front matter role ${shown} is not one of ${[...MESSAGE_ROLES].join(", ")}.`, path, at, "/role"));
    }
    defaultRole = written;
  }

  const segments: RoleSegment[] = [];
  let current: RoleSegment = { role: defaultRole, start: bodyStart, end: text.length };
  if (bodyStart < text.length) {
    let fence: string | undefined;
    for (let line = lines.line(bodyStart); line <= lines.lineCount; line++) {
      const ls = lines.lineStart(line);
      const le = lines.lineEnd(line);
      if (le - ls > 200) continue;
      const t = text.slice(ls, le).trim();
      const f = FENCE.exec(t);
      if (f) {
        if (fence === undefined) fence = f[1]![0]!.repeat(3);
        else if (t.startsWith(fence)) fence = undefined;
        continue;
      }
      if (fence !== undefined || t.length > MAX_HEADING || t[0] !== "#") continue;
      const m = ROLE_HEADING.exec(t);
      if (!m) continue;
      current.end = ls;
      segments.push(current);
      current = { role: m[1]!.toLowerCase(), start: line < lines.lineCount ? lines.lineStart(line + 1) : text.length, end: text.length };
    }
  }
  segments.push(current);
  const { messages, spans } = segmentsToMessages(lines, segments);
  if (messages.length === 0) {
    return err(templateProblem("template.structure", "The template has no text.", path, lines.position(Math.min(bodyStart, text.length))));
  }

  const hits: VariableHit[] = [];
  scanJinjaVariables(text, bodyStart, text.length, newScope(), hits);
  const model = modelFromValue(data.model);
  const inputs = declaredInputs(data.inputs);
  return ok({
    path,
    format,
    metadata: data,
    metadataLines,
    ...(model ? { model } : {}),
    parameters: normalizeParameters(data.modelParameters, data.parameters, data.config),
    messages,
    variables: placeVariables(hits, spans, lines),
    ...(inputs ? { inputs } : {}),
    source: text,
  });
}
