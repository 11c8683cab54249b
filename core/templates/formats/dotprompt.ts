/**
 * Dotprompt (`*.prompt`, partials `_name.prompt`): optional YAML front matter
 * (model, config, input.schema, output, tools, variant, version…) and a
 * Handlebars body. `{{role "system"}}` markers start messages; text before the
 * first marker is a `user` message (Dotprompt's default). Role `model` is read
 * as `assistant`. `{{history}}` stays in the text of the message it is in.
 */
import { err, ok, type Result } from "../../errors/problem.js";
import { readFrontMatter } from "../front-matter.js";
import type { YamlReader } from "../yaml-document.js";
import { picoschemaInputs } from "../inputs.js";
import type { LineIndex } from "../line-index.js";
import { MESSAGE_ROLES, segmentsToMessages, type RoleSegment } from "../messages.js";
import type { PromptTemplate } from "../model.js";
import { isRecord, modelFromValue, normalizeParameters } from "../parameters.js";
import { templateProblem } from "../template-problem.js";
import { newScope, placeVariables, type VariableHit } from "../variables/hits.js";
import { scanHandlebarsVariables } from "../variables/handlebars.js";

const ROLE_MARKER = /\{\{~?\s*role\s+(?:"([^"\n]*)"|'([^'\n]*)')\s*~?\}\}/g;
const ROLE_ALIASES: Record<string, string> = { model: "assistant" };

export function parseDotprompt(path: string, lines: LineIndex, reader: YamlReader = "fast"): Result<PromptTemplate> {
  const fm = readFrontMatter(path, lines, reader);
  if (!fm.ok) return fm;
  const { data, metadataLines, bodyStart } = fm.value;
  const text = lines.text;

  const segments: RoleSegment[] = [];
  let current: RoleSegment = { role: "user", start: bodyStart, end: text.length };
  ROLE_MARKER.lastIndex = bodyStart;
  for (let m = ROLE_MARKER.exec(text); m; m = ROLE_MARKER.exec(text)) {
    const written = (m[1] ?? m[2] ?? "").trim();
    const role = ROLE_ALIASES[written] ?? written;
    if (!MESSAGE_ROLES.has(role)) {
      return err(templateProblem("template.structure", `Unknown role ${JSON.stringify(written)}; expected system, user, model, assistant, developer or tool.`, path, lines.position(m.index)));
    }
    current.end = m.index;
    segments.push(current);
    current = { role, start: afterMarker(text, m.index + m[0].length), end: text.length };
  }
  segments.push(current);
  const { messages, spans } = segmentsToMessages(lines, segments);
  if (messages.length === 0) {
    return err(templateProblem("template.structure", "The Dotprompt file has no message text after its front matter.", path, lines.position(Math.min(bodyStart, text.length))));
  }

  const hits: VariableHit[] = [];
  scanHandlebarsVariables(text, bodyStart, text.length, newScope(), hits);
  const model = modelFromValue(data.model);
  const output = isRecord(data.output) ? data.output : undefined;
  const inputs = isRecord(data.input) ? picoschemaInputs(data.input.schema) : undefined;
  return ok({
    path,
    format: "dotprompt",
    metadata: data,
    metadataLines,
    ...(model ? { model } : {}),
    parameters: normalizeParameters(
      data.config,
      "tools" in data ? { tools: data.tools } : undefined,
      output && "format" in output ? { response_format: output.format } : undefined,
    ),
    messages,
    variables: placeVariables(hits, spans, lines),
    ...(inputs ? { inputs } : {}),
    source: text,
  });
}

/** Text after a marker starts on the marker's line if anything follows it there, else on the next line. */
function afterMarker(text: string, i: number): number {
  let k = i;
  while (k < text.length && (text[k] === " " || text[k] === "\t")) k++;
  if (text[k] === "\r" && text[k + 1] === "\n") return k + 2;
  if (text[k] === "\n") return k + 1;
  return k;
}
