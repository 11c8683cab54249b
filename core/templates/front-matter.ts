/**
 * YAML front matter between `---` lines at the top of a file (Prompty,
 * Dotprompt, Markdown/text). Positions stay file positions: the YAML region
 * is parsed in place with its file offset.
 */
import { isMap, type YAMLMap } from "yaml";
import { err, ok, type Result } from "../errors/problem.js";
import type { LineIndex } from "./line-index.js";
import { templateProblem } from "./template-problem.js";
import { collectKeyLines, nodePosition, parseYamlRegion, regionValue, type YamlReader, type YamlRegion } from "./yaml-document.js";

export interface FrontMatter {
  /** The parsed front matter; `{}` when there is none or it is empty. */
  data: Record<string, unknown>;
  /** The YAML root mapping with positions, when there is front matter. */
  root?: YAMLMap.Parsed;
  region?: YamlRegion;
  metadataLines: Record<string, number>;
  /** File offset where the body starts. */
  bodyStart: number;
}

const isDelimiter = (line: string, marks: readonly string[]): boolean => marks.includes(line.replace(/[ \t\r]+$/, ""));

export function readFrontMatter(file: string, lines: LineIndex, reader: YamlReader = "fast"): Result<FrontMatter> {
  const text = lines.text;
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const first = text.slice(bom, lines.lineEnd(1));
  if (!isDelimiter(first, ["---"])) return ok({ data: {}, metadataLines: {}, bodyStart: 0 });

  let close = 0;
  for (let line = 2; line <= lines.lineCount; line++) {
    if (isDelimiter(text.slice(lines.lineStart(line), lines.lineEnd(line)), ["---", "..."])) {
      close = line;
      break;
    }
  }
  if (close === 0) {
    return err(templateProblem("template.front-matter", "Front matter opened on line 1 is never closed by a `---` line.", file, { line: 1, column: 1 }));
  }
  const start = lines.lineCount >= 2 ? lines.lineStart(2) : text.length;
  const end = lines.lineStart(close);
  const bodyStart = close < lines.lineCount ? lines.lineStart(close + 1) : text.length;

  const parsed = parseYamlRegion(file, lines, start, end, reader);
  if (!parsed.ok) return parsed;
  const region = parsed.value;
  const contents = region.root;
  if (contents === null || contents === undefined) return ok({ data: {}, metadataLines: {}, bodyStart, region });
  if (!isMap(contents)) {
    return err(templateProblem("template.front-matter", "Front matter must be a mapping of keys to values.", file, nodePosition(region, contents)));
  }
  const value = regionValue(region);
  if (!value.ok) return value;
  const metadataLines: Record<string, number> = {};
  collectKeyLines(region, contents, metadataLines);
  return ok({ data: value.value as Record<string, unknown>, root: contents as YAMLMap.Parsed, region, metadataLines, bodyStart });
}
