/**
 * YAML with source positions (eemeli/yaml's CST-backed documents), for the
 * GitHub Models file and for front matter. A region is YAML text that starts
 * at `base` in the file, so every node position is reported as a file line.
 */
import { parseDocument, isMap, isSeq, isScalar, type Document, type Node as YamlNode, type Pair, type YAMLMap } from "yaml";
import { err, ok, type Result, type Problem } from "../errors/problem.js";
import type { LineIndex, Position } from "./line-index.js";
import { templateProblem } from "./template-problem.js";
import { readYamlFast } from "./yaml-fast-reader.js";

export interface YamlRegion {
  /** The document's root node, with ranges relative to `base`; `null` for an empty document. */
  root: YamlNode | null;
  /** File offset of the region's first character (always a line start). */
  base: number;
  lines: LineIndex;
  file: string;
  /** Where the plain-JS value comes from: made by the fast reader, or converted from the full document on request. */
  source: { reader: "fast"; value: unknown } | { reader: "full"; doc: Document.Parsed };
}

/**
 * `fast` tries js-yaml first (see yaml-fast-reader.ts) and falls back to the
 * full parser; `full` always uses eemeli/yaml. Format parsers run `fast` and
 * repeat a failure with `full`, so problems are worded and placed by one parser.
 */
export type YamlReader = "fast" | "full";

/** Aliases expand on conversion; a small cap keeps "billion laughs" files from exhausting memory. */
const MAX_ALIAS_COUNT = 100;
/** Deeper nesting than this is not metadata anyone writes by hand; stop walking it. */
const MAX_DEPTH = 64;

export function parseYamlRegion(file: string, lines: LineIndex, base: number, end: number, reader: YamlReader = "fast"): Result<YamlRegion> {
  const src = lines.text.slice(base, end);
  if (reader === "fast") {
    const fast = readYamlFast(src);
    if (fast) return ok({ root: fast.root, base, lines, file, source: { reader: "fast", value: fast.value } });
  }
  // prettyErrors would format context for every error of a garbage file; only the first is
  // reported, and its offset through the file's line index gives the same line/column as linePos.
  const doc = parseDocument(src, { prettyErrors: false, uniqueKeys: true, logLevel: "error" });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const at: Position = lines.position(base + Math.max(0, Math.min(e.pos?.[0] ?? 0, src.length)));
    return err(templateProblem("template.yaml", `YAML: ${firstLine(e.message)}`, file, at));
  }
  return ok({ root: doc.contents, base, lines, file, source: { reader: "full", doc } });
}

/** yaml's pretty messages repeat the position and quote the source; keep the sentence. */
function firstLine(message: string): string {
  const line = message.split("\n", 1)[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, "");
}

/** The plain-JS value of the region's root; alias bombs become a problem, not a hang. */
export function regionValue(region: YamlRegion): Result<unknown> {
  const source = region.source;
  if (source.reader === "fast") return ok(source.value);
  try {
    return ok(source.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
  } catch (e) {
    const at = region.root ? nodePosition(region, region.root) : region.lines.position(region.base);
    return err(templateProblem("template.yaml", `YAML: ${(e as Error).message}`, region.file, at));
  }
}

export function nodeOffset(region: YamlRegion, node: YamlNode | null | undefined): number {
  const start = node?.range?.[0];
  return region.base + (start ?? 0);
}

export function nodePosition(region: YamlRegion, node: YamlNode | null | undefined): Position {
  return region.lines.position(nodeOffset(region, node));
}

/** The pair whose key is the plain scalar `key`, with its key node for positions. */
export function findPair(map: YAMLMap.Parsed | YAMLMap, key: string): Pair<YamlNode, YamlNode | null> | undefined {
  for (const p of map.items as Pair<unknown, unknown>[]) {
    if (isScalar(p.key) && String(p.key.value) === key) return p as Pair<YamlNode, YamlNode | null>;
  }
  return undefined;
}

const escapePointer = (key: string): string => key.replace(/~/g, "~0").replace(/\//g, "~1");

/**
 * Line of every key path under `node` (`/model`, `/governance/owners`,
 * `/tools/0`). `skipTop` leaves out top-level keys that are not metadata.
 */
export function collectKeyLines(region: YamlRegion, node: unknown, out: Record<string, number>, skipTop: ReadonlySet<string> = new Set()): void {
  walk(region, node, "", out, 0, skipTop);
}

function walk(region: YamlRegion, node: unknown, prefix: string, out: Record<string, number>, depth: number, skipTop: ReadonlySet<string>): void {
  if (depth > MAX_DEPTH) return;
  if (isMap(node)) {
    for (const p of node.items) {
      if (!isScalar(p.key)) continue;
      const key = String(p.key.value);
      if (depth === 0 && skipTop.has(key)) continue;
      const path = `${prefix}/${escapePointer(key)}`;
      if (!(path in out)) out[path] = region.lines.line(nodeOffset(region, p.key as YamlNode));
      walk(region, p.value, path, out, depth + 1, skipTop);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const path = `${prefix}/${i}`;
      if (item && typeof item === "object" && "range" in item) out[path] = region.lines.line(nodeOffset(region, item as YamlNode));
      walk(region, item, path, out, depth + 1, skipTop);
    });
  }
}
