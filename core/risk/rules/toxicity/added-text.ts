/**
 * The added lines of one change, prepared once and shared by the content rules
 * (the engine hands every rule the same `added` array, so a WeakMap keyed by it
 * is a per-change cache that needs no clean-up).
 *
 * Most prompt text is plain prose: for it, one lower-cased copy and native
 * regex scans are enough to tell that nothing is there. Only lines that could
 * hide a word (see OBFUSCATION), and lines a cue word points at, take the
 * per-character normal form of `normalised-text.ts`.
 */
import type { LineView } from "../../rule.js";
import { normalise, quickNormal, type NormalisedText } from "./normalised-text.js";

/**
 * Lines that may hide a word from a plain lower-case scan: leet symbols or
 * digits inside or ending a word ("sh1t", "b!tch", "f*ck", "whor3", "p1$$",
 * "$hit", "1diot"), letters from scripts that look Latin (Greek, Cyrillic,
 * full-width, circled, mathematical), or single letters spaced out
 * ("f u c k", "k.y.s"). Repeated letters need no signal: the cue atoms are
 * `x+`. Kept narrow on purpose so ordinary text (versions, "3rd", "gpt-4",
 * curly quotes, accents) stays on the fast path, and every branch starts on a
 * rare character (the look-behinds come second) so V8 skips most positions.
 */
const OBFUSCATION = new RegExp(
  [
    "[0134579@$!|*](?:(?<=[a-z].)[0134579@$!|*]*[a-z]|(?<![a-z0-9].)[a-z]{3})",
    // A word ending in a leet digit or @/$ ("whor3", "p1$$"); not "!" — "hello!" is punctuation.
    "[0134579@$](?:(?<=[a-z]{2}.)(?![a-z0-9])|(?<=[a-z].)[0134579@$]+(?![a-z0-9]))",
    "[@$](?<![a-z0-9].)[a-z]{2}",
    "[\\u0370-\\u03ff\\u0400-\\u04ff\\uff00-\\uffef\\u2460-\\u24ff]|\\ud835[\\udc00-\\udfff]|\\ud83c[\\udd00-\\uddff]",
    "[ .*_-](?<=(?:^|[^a-z0-9])[a-z][ .*_-])[ .*_-]{0,2}[a-z][ .*_-]{1,3}[a-z](?![a-z0-9])",
  ].join("|"),
  "g",
);

export interface AddedText {
  lines: readonly LineView[];
  /** The lines lower-cased and joined with "\n", same offsets as the source. */
  lower: string;
  /** Offset of each line in `lower`. */
  starts: Int32Array;
  /** 1 for a line that must be read through its normal form. */
  obfuscated: Uint8Array;
  /** The normal form of line `i` (computed on demand, cached). */
  normalised(i: number): NormalisedText;
  /**
   * A cheap stand-in for `normalised(i).text`, good enough to decide whether
   * a phrase can match at all: the full normal form for lines that may hide
   * words, `quickNormal` of the lower-cased line for the rest.
   */
  screen(i: number): string;
}

const cache = new WeakMap<readonly LineView[], AddedText>();

/**
 * `whole` is the head text when every line of it is added (a new file): it
 * saves joining the lines again. It is used only when its length agrees.
 */
export function addedText(lines: readonly LineView[], whole?: string): AddedText {
  const hit = cache.get(lines);
  if (hit) return hit;
  const starts = new Int32Array(lines.length);
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    starts[i] = offset;
    offset += lines[i]!.text.length + 1;
  }
  const parts = (): string[] => lines.map((l) => l.text);
  const contiguous = lines.length > 0 && lines[0]!.line === 1 && lines[lines.length - 1]!.line === lines.length;
  const joined = contiguous && whole !== undefined && (whole.length === offset - 1 || (whole.length === offset && whole.endsWith("\n"))) ? whole : parts().join("\n");
  let lower = joined.toLowerCase();
  // A few characters change length when lower-cased ("İ"); they are non-ASCII,
  // so their lines go through the normal form, and blanking them here keeps offsets.
  if (lower.length !== joined.length) lower = parts().map((p) => { const l = p.toLowerCase(); return l.length === p.length ? l : " ".repeat(p.length); }).join("\n");
  const obfuscated = new Uint8Array(lines.length);
  forEachHitLine(lower, starts, OBFUSCATION, (i) => { obfuscated[i] = 1; });
  const memo = new Map<number, NormalisedText>();
  const value: AddedText = {
    lines,
    lower,
    starts,
    obfuscated,
    normalised(i) {
      let n = memo.get(i);
      if (!n) memo.set(i, (n = normalise(lines[i]!.text)));
      return n;
    },
    screen(i) {
      const line = lower.slice(starts[i]!, starts[i]! + lines[i]!.text.length);
      // Accented letters fold to ASCII only in the full normal form ("fück").
      return obfuscated[i] || /[^\x00-\x7f]/.test(line) ? this.normalised(i).text : quickNormal(line);
    },
  };
  cache.set(lines, value);
  return value;
}

/** Index of the line containing offset `at`. */
function lineIndexOf(starts: Int32Array, at: number): number {
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= at) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/** Calls `fn` once for each line where the global regex `re` matches, scanning each line at most up to its first hit. */
function forEachHitLine(text: string, starts: Int32Array, re: RegExp, fn: (line: number) => void): void {
  if (!starts.length) return;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const i = lineIndexOf(starts, m.index);
    fn(i);
    if (i + 1 >= starts.length) break;
    re.lastIndex = starts[i + 1]!;
  }
}

/**
 * Indices of lines where `cue` (a global regex over lower-case text) matches
 * the plain lower-cased line or, for lines that may hide words,
 * `normalisedCue` matches their normal form. Sorted ascending.
 */
export function cueLines(t: AddedText, cue: RegExp | RegExp[], normalisedCue: RegExp = Array.isArray(cue) ? cue[0]! : cue): number[] {
  const found = new Set<number>();
  // Several simple scans beat one alternation of them: a branch that is not anchored at a word start slows every other branch.
  for (const re of Array.isArray(cue) ? cue : [cue]) { forEachHitLine(t.lower, t.starts, re, (i) => found.add(i)); re.lastIndex = 0; }
  for (let i = 0; i < t.obfuscated.length; i++) {
    if (!t.obfuscated[i] || found.has(i)) continue;
    normalisedCue.lastIndex = 0;
    if (normalisedCue.test(t.normalised(i).text)) found.add(i);
  }
  normalisedCue.lastIndex = 0;
  return [...found].sort((a, b) => a - b);
}

// Keyed by the added lines (one array per change, dropped after the rules ran), not by the change: the
// split text would otherwise stay in memory for as long as the check result does.
const headCache = new WeakMap<readonly LineView[], { change: object; lines: string[] }>();
/**
 * The whole head text of a change split in lines (index = line − 1), for the
 * context around a hit; falls back to the added lines alone.
 */
export function headLines(change: { new?: { text?: string } }, added: readonly LineView[]): string[] {
  const cached = headCache.get(added);
  let lines = cached?.change === change ? cached.lines : undefined;
  if (!lines) {
    const text = change.new?.text;
    if (text !== undefined) lines = text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
    else {
      lines = [];
      for (const l of added) lines[l.line - 1] = l.text;
      for (let i = 0; i < lines.length; i++) lines[i] ??= "";
    }
    headCache.set(added, { change, lines });
  }
  return lines;
}
