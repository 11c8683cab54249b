/**
 * GitHub Models prompt files (`*.prompt.yml` / `*.prompt.yaml`): one YAML
 * mapping with name, description, model, modelParameters, messages[{role,
 * content}], testData, evaluators. Variables are `{{name}}`.
 */
import { isMap, isScalar, isSeq, type Node as YamlNode, type Scalar } from "yaml";
import { err, ok, type Result } from "../../errors/problem.js";
import type { LineIndex } from "../line-index.js";
import { MESSAGE_ROLES } from "../messages.js";
import type { PromptTemplate, TemplateMessage } from "../model.js";
import { isRecord, modelFromValue, normalizeParameters } from "../parameters.js";
import { templateProblem } from "../template-problem.js";
import { placeVariables, type Span, type VariableHit } from "../variables/hits.js";
import { scanPlainVariables } from "../variables/plain.js";
import { collectKeyLines, findPair, nodeOffset, nodePosition, parseYamlRegion, regionValue, type YamlReader, type YamlRegion } from "../yaml-document.js";

const ROLE_LIST = [...MESSAGE_ROLES].join(", ");
const isBlock = (n: Scalar): boolean => n.type === "BLOCK_LITERAL" || n.type === "BLOCK_FOLDED";
/** An empty value (`messages:`) has no text of its own: point at its key. */
const valueOrKey = (pair: { key: YamlNode; value: YamlNode | null }): YamlNode =>
  pair.value === null || (isScalar(pair.value) && pair.value.value === null && pair.value.source === "") ? pair.key : pair.value;

export function parseGithubModels(path: string, lines: LineIndex, reader: YamlReader = "fast"): Result<PromptTemplate> {
  const parsed = parseYamlRegion(path, lines, 0, lines.text.length, reader);
  if (!parsed.ok) return parsed;
  const region = parsed.value;
  const root = region.root;
  const structure = (message: string, node: YamlNode | null | undefined, keyPath?: string) =>
    err(templateProblem("template.structure", message, path, node ? nodePosition(region, node) : { line: 1, column: 1 }, keyPath));

  if (!isMap(root)) return structure("A GitHub Models prompt file must be a mapping with a `messages` list.", root);
  const messagesPair = findPair(root, "messages");
  if (!messagesPair) return structure("The prompt file has no `messages` list.", root, "/messages");
  const seq = messagesPair.value;
  if (!isSeq(seq)) return structure("`messages` must be a list of `{ role, content }` entries.", valueOrKey(messagesPair), "/messages");
  if (seq.items.length === 0) return structure("`messages` is empty: a prompt needs at least one message.", seq, "/messages");

  const messages: TemplateMessage[] = [];
  const spans: Span[] = [];
  const hits: VariableHit[] = [];
  for (let i = 0; i < seq.items.length; i++) {
    const item = seq.items[i] as YamlNode | null;
    const at = `/messages/${i}`;
    if (!isMap(item)) return structure(`Message ${i + 1} must be a mapping with \`role\` and \`content\`.`, item ?? seq, at);
    const rolePair = findPair(item, "role");
    if (!rolePair) return structure(`Message ${i + 1} has no \`role\`.`, item, `${at}/role`);
    const role = rolePair.value;
    if (!isScalar(role) || typeof role.value !== "string" || !MESSAGE_ROLES.has(role.value)) {
      const shown = isScalar(role) ? JSON.stringify(role.value) : "a non-text value";
      return structure(`Message ${i + 1} has role ${shown}; expected one of ${ROLE_LIST}.`, valueOrKey(rolePair), `${at}/role`);
    }
    const contentPair = findPair(item, "content");
    if (!contentPair) return structure(`Message ${i + 1} has no \`content\`.`, item, `${at}/content`);
    const content = contentPair.value;
    if (!isScalar(content) || typeof content.value !== "string") {
      return structure(`Message ${i + 1}: \`content\` must be text.`, valueOrKey(contentPair), `${at}/content`);
    }
    const span = contentSpan(region, content);
    messages.push({ role: role.value, text: content.value, startLine: lines.line(span.start) });
    spans.push(span);
    scanPlainVariables(lines.text, span.start, span.end, hits);
  }

  const value = regionValue(region);
  if (!value.ok) return value;
  const { messages: _messages, ...metadata }: Record<string, unknown> = isRecord(value.value) ? value.value : {};
  const metadataLines: Record<string, number> = {};
  collectKeyLines(region, root, metadataLines, new Set(["messages"]));
  const model = modelFromValue(metadata.model);
  return ok({
    path,
    format: "github-models",
    metadata,
    metadataLines,
    ...(model ? { model } : {}),
    parameters: normalizeParameters(metadata.modelParameters, "responseFormat" in metadata ? { responseFormat: metadata.responseFormat } : undefined),
    messages,
    variables: placeVariables(hits, spans, lines),
    source: lines.text,
  });
}

/**
 * Where the content text is in the file: for a block scalar (`content: |`)
 * from the first content line (the header line holds only indicators and
 * comments), otherwise the scalar itself.
 */
function contentSpan(region: YamlRegion, node: Scalar): Span {
  const start = nodeOffset(region, node);
  const end = region.base + (node.range?.[1] ?? node.range?.[0] ?? 0);
  if (!isBlock(node)) return { start, end };
  const lines = region.lines;
  const headerLine = lines.line(start);
  const first = headerLine < lines.lineCount ? lines.lineStart(headerLine + 1) : end;
  return { start: Math.min(first, end), end };
}
