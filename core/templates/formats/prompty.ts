/**
 * Prompty (`*.prompty`): YAML front matter (name, description, version,
 * authors, model{api, configuration, parameters}, inputs, sample, template)
 * and a body where a line `system:` / `user:` / `assistant:` (optionally
 * `# user:`, any case) starts a message, as Prompty's own chat parser splits
 * it. Text before the first role line is a system message, as in Prompty;
 * role `function` is read as `tool`. Variables: Jinja2 or Mustache.
 */
import { err, ok, type Result } from "../../errors/problem.js";
import { readFrontMatter } from "../front-matter.js";
import type { YamlReader } from "../yaml-document.js";
import { declaredInputs } from "../inputs.js";
import type { LineIndex } from "../line-index.js";
import { segmentsToMessages, type RoleSegment } from "../messages.js";
import type { ModelRef, PromptTemplate } from "../model.js";
import { isRecord, modelFromString, normalizeParameters } from "../parameters.js";
import { templateProblem } from "../template-problem.js";
import { newScope, placeVariables, type VariableHit } from "../variables/hits.js";
import { scanJinjaVariables } from "../variables/jinja.js";

const ROLE_LINE = /^#?\s*(system|user|assistant|developer|tool|function)\s*:$/i;
/** Longest trimmed line that can be a role marker (`# developer :` with some spaces). */
const MAX_ROLE_LINE = 40;

/** The role a line introduces, if it is a role marker. */
export function roleMarker(line: string): string | undefined {
  const t = line.trim();
  if (t.length > MAX_ROLE_LINE || t.length < 4) return undefined;
  const m = ROLE_LINE.exec(t);
  if (!m) return undefined;
  const role = m[1]!.toLowerCase();
  return role === "function" ? "tool" : role;
}

export function parsePrompty(path: string, lines: LineIndex, reader: YamlReader = "fast"): Result<PromptTemplate> {
  const fm = readFrontMatter(path, lines, reader);
  if (!fm.ok) return fm;
  const { data, metadataLines, bodyStart } = fm.value;
  const text = lines.text;

  const segments: RoleSegment[] = [];
  let current: RoleSegment = { role: "system", start: bodyStart, end: text.length };
  if (bodyStart < text.length) {
    for (let line = lines.line(bodyStart); line <= lines.lineCount; line++) {
      const ls = lines.lineStart(line);
      const le = lines.lineEnd(line);
      if (le - ls > MAX_ROLE_LINE + 20) continue;
      const role = roleMarker(text.slice(ls, le));
      if (!role) continue;
      current.end = ls;
      segments.push(current);
      current = { role, start: line < lines.lineCount ? lines.lineStart(line + 1) : text.length, end: text.length };
    }
  }
  segments.push(current);
  const { messages, spans } = segmentsToMessages(lines, segments);
  if (messages.length === 0) {
    return err(templateProblem("template.structure", "The Prompty file has no message text after its front matter.", path, lines.position(Math.min(bodyStart, text.length))));
  }

  const hits: VariableHit[] = [];
  scanJinjaVariables(text, bodyStart, text.length, newScope(), hits);
  const model = promptyModel(data.model);
  const inputs = declaredInputs(data.inputs);
  return ok({
    path,
    format: "prompty",
    metadata: data,
    metadataLines,
    ...(model ? { model } : {}),
    parameters: isRecord(data.model) ? normalizeParameters(data.model.parameters ?? data.model.options) : {},
    messages,
    variables: placeVariables(hits, spans, lines),
    ...(inputs ? { inputs } : {}),
    source: text,
  });
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);

/**
 * `model.configuration.type` is the provider (`azure_openai`, `openai`…);
 * the deployment (`azure_deployment`) or model `name` is the name. Prompty 2
 * style `model: { id, provider }` and a bare string are understood too.
 */
function promptyModel(v: unknown): ModelRef | undefined {
  if (typeof v === "string") return modelFromString(v);
  if (!isRecord(v)) return undefined;
  const conf = isRecord(v.configuration) ? v.configuration : isRecord(v.connection) ? v.connection : {};
  const provider = str(conf.type) ?? str(v.provider);
  const name = str(conf.azure_deployment) ?? str(conf.name) ?? str(conf.model) ?? str(conf.deployment) ?? str(v.id) ?? str(v.name);
  if (!provider && !name) return undefined;
  return { ...(provider ? { provider } : {}), ...(name ? { name } : {}) };
}
