import type { LineIndex } from "../line-index.js";
import type { TemplateVariable } from "../model.js";
import { boundedMemo } from "../../bounded-memo.js";

/** One variable occurrence found by a scanner: the name as written and the file offset of its first character. */
export interface VariableHit {
  name: string;
  offset: number;
}

/** Names a template binds itself (loop variables, `set` targets, block params): not inputs. */
export interface Scope {
  bound: Set<string>;
}

export const newScope = (): Scope => ({ bound: new Set() });

export interface Span {
  start: number;
  end: number;
}

/**
 * Hits (in file order) → variables with line, column and the index of the
 * message span that contains them. One forward walk: hits and spans are both sorted.
 */
export function placeVariables(hits: readonly VariableHit[], spans: readonly Span[], lines: LineIndex): TemplateVariable[] {
  const out: TemplateVariable[] = [];
  let m = 0;
  for (const h of hits) {
    while (m < spans.length && spans[m]!.end <= h.offset) m++;
    const inside = m < spans.length && spans[m]!.start <= h.offset;
    const { line, column } = lines.position(h.offset);
    const name = shared(h.name);
    out.push(inside ? { name, line, column, message: m } : { name, line, column });
  }
  return out;
}

// The same few names recur in every template of a change (42,000 occurrences at GitHub's limit in the
// benchmark): each distinct name is kept once, as the string first seen.
const shared = boundedMemo((name: string) => name, 4096);

/**
 * Finds the `{{ … }}`-style constructs in `s` and hands each to `visit`
 * with the inner range. An opening that is never closed before the next
 * opening is prose (`{{ oops … {{ ok }}`): the scan restarts at the later one,
 * so text in between is never read as an expression. Linear in `s`.
 */
export function eachBraced(
  s: string,
  open: string,
  close: string,
  visit: (innerStart: number, innerEnd: number) => number | void,
): void {
  let i = 0;
  for (;;) {
    const j = s.indexOf(open, i);
    if (j === -1) return;
    const c = s.indexOf(close, j + open.length);
    if (c === -1) return;
    let o = s.lastIndexOf(open, c - open.length);
    // `{{{x}}}`: the last `{{` before the close sits inside a run of braces that starts at j.
    while (o > j && s[o - 1] === open[0]) o--;
    if (o > j) {
      i = o;
      continue;
    }
    const next = visit(j + open.length, c);
    i = typeof next === "number" && next > j ? next : c + close.length;
  }
}
