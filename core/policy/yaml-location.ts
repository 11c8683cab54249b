/**
 * Where a JSON-pointer path of the parsed value sits in the YAML source, so
 * every policy problem points at a line and column.
 */
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from "yaml";
import { segmentsOf, type Anchor } from "./schema-errors.js";

export interface Position {
  line: number;
  column: number;
}

const keyText = (pair: Pair): string | undefined => (isScalar(pair.key) ? String(pair.key.value) : undefined);

interface Step {
  node: Node | null;
  /** The key node of the pair this step went through (absent for sequence items and the root). */
  key?: Node;
}

/** The chain of nodes from the root along `segments`, as far as the document has them. */
function walk(doc: Document, segments: readonly string[]): Step[] {
  const steps: Step[] = [{ node: doc.contents as Node | null }];
  let node = doc.contents as Node | null;
  for (const seg of segments) {
    if (isMap(node)) {
      // The last pair with this key is the one that became the value (duplicates are reported separately).
      const pair = [...node.items].reverse().find((p) => keyText(p) === seg);
      if (!pair) break;
      node = (pair.value as Node | null) ?? null;
      steps.push({ node, key: pair.key as Node });
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)] as Node | undefined;
      if (item === undefined) break;
      node = item;
      steps.push({ node });
    } else break;
  }
  return steps;
}

function startOf(n: Node | null | undefined): number | undefined {
  return n?.range ? n.range[0] : undefined;
}

/**
 * `value`: the node at `path`; `key`: the key naming it; `parent`: the mapping
 * that should hold it, shown at the key that introduces that mapping (the
 * `high:` line for a tier), or at the mapping itself for the root.
 */
export function locate(doc: Document, lc: LineCounter, path: string, anchor: Anchor): Position {
  const segs = segmentsOf(path);
  const target = anchor === "parent" ? segs.slice(0, -1) : segs;
  const steps = walk(doc, target);
  const found = steps.length === target.length + 1;
  const last = steps.at(-1)!;
  let offset: number | undefined;
  if (found && anchor === "value") offset = startOf(last.node) ?? startOf(last.key);
  else offset = startOf(last.key) ?? startOf(last.node);
  // A path the document does not have (it came from merged defaults) falls back to the deepest ancestor found.
  if (offset === undefined) offset = 0;
  const { line, col } = lc.linePos(offset);
  return { line, column: col };
}

/** Every key that appears twice in the same mapping, with the path and position of the repeat. */
export function duplicateKeys(doc: Document, lc: LineCounter): { key: string; path: string[]; position: Position }[] {
  const out: { key: string; path: string[]; position: Position }[] = [];
  const visit = (node: unknown, path: string[]): void => {
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const k = keyText(pair);
        if (k !== undefined) {
          if (seen.has(k)) {
            const { line, col } = lc.linePos(startOf(pair.key as Node) ?? 0);
            out.push({ key: k, path, position: { line, column: col } });
          }
          seen.add(k);
        }
        visit(pair.value, k === undefined ? path : [...path, k]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item, [...path, String(i)]));
    }
  };
  visit(doc.contents, []);
  return out;
}
