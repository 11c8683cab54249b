/**
 * Sentence boundaries in prompt text, which is half prose and half lists:
 * a sentence ends at `.`, `!`, `?` or `;` before a space, at a blank line, at
 * a list item, and at a line break unless the line plainly runs on (it ends
 * in a lower-case word or a comma and the next begins in lower case — a
 * wrapped line in a YAML block).
 */
export interface Span {
  start: number;
  end: number;
}

const ABBREVIATIONS = new Set(["e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "no", "approx", "cf", "incl"]);
const LIST_ITEM = /^[ \t]*(?:[-*•+]|\d{1,3}[.)])[ \t]+/;

const isSpace = (c: number) => c === 32 || c === 9 || c === 13;

/** Whether the line break at `nl` ends a sentence. */
function breaksAt(text: string, nl: number): boolean {
  let p = nl - 1;
  while (p >= 0 && isSpace(text.charCodeAt(p))) p--;
  if (p < 0 || text.charCodeAt(p) === 10) return true;
  const prev = text[p]!;
  let q = nl + 1;
  while (q < text.length && isSpace(text.charCodeAt(q))) q++;
  if (q >= text.length || text.charCodeAt(q) === 10) return true;
  const next = text[q]!;
  const lineEnd = text.indexOf("\n", q);
  if (LIST_ITEM.test(text.slice(q, lineEnd < 0 ? text.length : Math.min(lineEnd, q + 8)))) return true;
  const runsOn = (/[a-z,(\-]/.test(prev)) && /[a-z(]/.test(next);
  return !runsOn;
}

export function sentenceSpans(text: string): Span[] {
  const out: Span[] = [];
  let start = 0;
  const push = (end: number) => {
    let s = start, e = end;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e > s) out.push({ start: s, end: e });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (breaksAt(text, i)) { push(i); start = i + 1; }
    } else if ((c === 46 || c === 33 || c === 63 || c === 59) && (i + 1 >= text.length || isSpace(text.charCodeAt(i + 1)) || text.charCodeAt(i + 1) === 10)) {
      if (c === 46) {
        let w = i;
        while (w > start && /[A-Za-z.]/.test(text[w - 1]!)) w--;
        if (ABBREVIATIONS.has(text.slice(w, i).toLowerCase())) continue;
      }
      push(i + 1);
      start = i + 1;
    }
  }
  push(text.length);
  return out;
}

/** The sentence that contains offset `at` (or the nearest one). */
export function sentenceAround(text: string, at: number): Span {
  // Only the neighbourhood matters: a sentence longer than this is not prose.
  const from = Math.max(0, at - 400);
  const to = Math.min(text.length, at + 400);
  const spans = sentenceSpans(text.slice(from, to));
  for (const s of spans) if (s.start + from <= at && at < s.end + from) return { start: s.start + from, end: s.end + from };
  return { start: at, end: at };
}
