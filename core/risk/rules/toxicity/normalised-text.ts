/**
 * One normal form for phrase matching, so that "F U C K", "fuuuck", "sh1t",
 * "k.y.s" and "1gn0re" all reach the phrase lists as plain words. Every
 * character of the normal form remembers where it came from, so findings
 * point at the original column.
 *
 * The normal form: lower case; Unicode confusables folded with obscenity's own
 * table (the same one its matcher uses); leetspeak resolved inside words only
 * ("sh1t" → "shit", but "2024" and "idiot!" stay as they are); runs of the same
 * letter collapsed ("fuuuck" → "fuck", "killll" → "kill": phrase patterns go
 * through the same collapse, see `collapseRepeats`); any run of other
 * characters → one space; `*` inside a word kept as a wildcard ("f*ck"); and
 * three or more single letters separated by spaces or dots joined into words,
 * a wider gap marking a word break ("f u c k" → "fuck", "k i l l   y o u" →
 * "kill you").
 */
import type { SimpleTransformerContainer } from "obscenity";
import { obscenity } from "./obscenity.js";

export interface NormalisedText {
  text: string;
  /** `at[i]` is the index in the source string of `text[i]`. */
  at: Int32Array;
}

const SEP = 0, LETTER = 1, DIGIT = 2, SYMBOL = 3;
/**
 * Letters whose doubles English needs to tell words apart ("ass"/"as",
 * "boob"/"bob", "kill"): runs of these collapse to two, all others to one —
 * the thresholds obscenity's English preset uses, so both read text alike.
 */
export const KEEP_TWO_LETTERS = "beglos";
const KEEP_TWO = new Uint8Array(128);
for (const ch of KEEP_TWO_LETTERS) KEEP_TWO[ch.charCodeAt(0)] = 1;
const SPACE = 32;

/** Leetspeak, as obscenity's English preset reads it. */
const LEET: Record<string, string> = { "@": "a", "4": "a", "(": "c", "3": "e", "6": "g", "1": "i", "!": "i", "|": "i", "/": "l", "0": "o", "$": "s", "5": "s", "7": "t", "2": "z" };
const LEET_CODE = new Int32Array(128).fill(-1);
for (const [k, v] of Object.entries(LEET)) LEET_CODE[k.charCodeAt(0)] = v.charCodeAt(0);

const ASCII_KIND = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) ASCII_KIND[c] = LETTER;
  else if (c >= 48 && c <= 57) ASCII_KIND[c] = DIGIT;
  else if (LEET_CODE[c]! >= 0) ASCII_KIND[c] = SYMBOL;
  else ASCII_KIND[c] = SEP;
}
/** `*` inside a word stands for a hidden letter ("f*ck"): it stays, so a wildcard can match it. */
const STAR = 42;
ASCII_KIND[STAR] = SYMBOL;

// Loaded with obscenity on the first non-ASCII character: most prompt text never needs it.
let confusablesFold: SimpleTransformerContainer["transform"] | undefined;
const confusables = (cp: number): number | undefined =>
  (confusablesFold ??= (obscenity().resolveConfusablesTransformer() as SimpleTransformerContainer).transform)(cp);
/** Non-ASCII code point → folded code point (a letter) or -1 (a separator); memoised, most texts use few. */
const foldMemo = new Map<number, number>();
const LETTER_RE = /\p{L}/u;
function foldNonAscii(cp: number): number {
  let r = foldMemo.get(cp);
  if (r !== undefined) return r;
  const t = confusables(cp);
  if (t !== undefined && t < 128) {
    const k = ASCII_KIND[t]!;
    r = k === LETTER ? t | 0x20 : k === DIGIT ? (LEET_CODE[t]! >= 0 ? LEET_CODE[t]! : t) : k === SYMBOL ? LEET_CODE[t]! : -1;
  } else {
    const ch = String.fromCodePoint(t ?? cp);
    if (LETTER_RE.test(ch)) {
      const lower = ch.toLowerCase();
      r = lower.length === ch.length ? lower.codePointAt(0)! : cp;
    } else r = -1;
  }
  foldMemo.set(cp, r);
  return r;
}

const kindOf = (c: number): number => (c < 128 ? ASCII_KIND[c]! : LETTER);
const isWordChar = (c: number): boolean => { const k = kindOf(c); return k === LETTER || k === DIGIT; };

/** Join runs of ≥3 one-letter words whose gaps are short ("f u c k", "k.y.s"). */
function joinSpacedLetters(codes: Uint16Array, at: Int32Array, n: number): number {
  const isSingleAt = (p: number) =>
    p < n && codes[p] !== SPACE && (p === 0 || codes[p - 1] === SPACE) && (p + 1 === n || codes[p + 1] === SPACE) && codes[p]! >= 97 && codes[p]! <= 122;
  let w = 0;
  let i = 0;
  while (i < n) {
    if (isSingleAt(i)) {
      let j = i;
      let count = 1;
      let narrowest = Infinity;
      while (j + 2 < n && codes[j + 1] === SPACE && isSingleAt(j + 2) && at[j + 2]! - at[j]! <= 4) {
        narrowest = Math.min(narrowest, at[j + 2]! - at[j]!);
        j += 2;
        count++;
      }
      if (count >= 3) {
        // A gap wider than the narrowest one is a word break: "k i l l   y o u" → "kill you".
        for (let p = i; p <= j; p += 2) {
          const c = codes[p]!;
          if (p > i && at[p]! - at[p - 2]! > narrowest) { codes[w] = SPACE; at[w++] = at[p - 1]!; }
          else if (w > 0 && codes[w - 1] === c && (KEEP_TWO[c] !== 1 || (w > 1 && codes[w - 2] === c))) continue;
          codes[w] = c;
          at[w++] = at[p]!;
        }
        i = j + 1;
        continue;
      }
    }
    codes[w] = codes[i]!;
    at[w++] = at[i]!;
    i++;
  }
  return w;
}

let codesBuf = new Uint16Array(1024);
let atBuf = new Int32Array(1024);
const decoder = new TextDecoder("utf-16le");

export function normalise(source: string): NormalisedText {
  const n = source.length;
  if (codesBuf.length < n + 1) { codesBuf = new Uint16Array(n + 1024); atBuf = new Int32Array(n + 1024); }
  const codes = codesBuf;
  const at = atBuf;
  let len = 0;
  let last = SPACE;
  let run = 0;
  let singles = 0;
  let sawSpacedRun = false;
  let i = 0;
  while (i < n) {
    let c = source.charCodeAt(i);
    if (c < 128 ? ASCII_KIND[c] === SEP : foldNonAscii(source.codePointAt(i)!) < 0) {
      if (last !== SPACE) { codes[len] = SPACE; at[len++] = i; last = SPACE; run = 1; }
      i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
      continue;
    }
    // A token: letters, digits and leet symbols. Leet resolves only inside a token that has a letter.
    let j = i;
    let hasLetter = false;
    while (j < n) {
      const d = source.charCodeAt(j);
      if (d < 128) {
        const k = ASCII_KIND[d]!;
        if (k === SEP) break;
        if (k === LETTER) hasLetter = true;
        j++;
      } else {
        const cp = source.codePointAt(j)!;
        if (foldNonAscii(cp) < 0) break;
        hasLetter = true;
        j += cp > 0xffff ? 2 : 1;
      }
    }
    const before = len;
    for (let k = i; k < j; ) {
      c = source.charCodeAt(k);
      let out: number;
      let step = 1;
      if (c >= 128) {
        const cp = source.codePointAt(k)!;
        out = foldNonAscii(cp);
        // Astral letters are rare in prompts; a placeholder keeps one code unit per position.
        if (out > 0xffff) out = 0xfffd;
        if (cp > 0xffff) step = 2;
      } else {
        const kind = ASCII_KIND[c]!;
        if (kind === LETTER) out = c | 0x20;
        else if (kind === DIGIT) out = hasLetter && LEET_CODE[c]! >= 0 ? LEET_CODE[c]! : c;
        else {
          // Symbols read as letters only where a word continues: "sh!t", "a$$", "$hit", but not "idiot!" or "(you".
          if (c === STAR) {
            out = hasLetter && k > i && k + 1 < j && isWordChar(source.charCodeAt(k - 1)) && isWordChar(source.charCodeAt(k + 1)) ? STAR : SPACE;
            if (out !== last) { codes[len] = out; at[len++] = k; last = out; run = 1; }
            k++;
            continue;
          }
          let maps = false;
          if (hasLetter) {
            if (c === 64 || c === 36) maps = true; // @ $
            else {
              const nextLetter = k + 1 < j && isWordChar(source.charCodeAt(k + 1));
              if (c === 33 || c === 124) maps = nextLetter; // ! |
              else maps = nextLetter && k > i && isWordChar(source.charCodeAt(k - 1));
            }
          }
          out = maps ? LEET_CODE[c]! : SPACE;
        }
      }
      if (out !== last) { codes[len] = out; at[len++] = k; last = out; run = 1; }
      else if (run === 1 && KEEP_TWO[out] === 1) { codes[len] = out; at[len++] = k; run = 2; }
      k += step;
    }
    const produced = len - before;
    if (produced === 1 && codes[before]! >= 97 && codes[before]! <= 122) {
      if (++singles >= 3) sawSpacedRun = true;
    } else if (produced > 0) singles = 0;
    i = j;
  }
  if (sawSpacedRun) len = joinSpacedLetters(codes, at, len);
  return { text: decoder.decode(codes.subarray(0, len)), at: at.slice(0, len) };
}

/**
 * The normal form without the position map, for a lower-cased line with
 * nothing hidden in it (no leet inside words, no spaced letters, no look-alike
 * scripts): three native replaces instead of a loop over characters. Used to
 * decide whether a phrase can match at all; a hit is then located with
 * `normalise`.
 */
export function quickNormal(lower: string): string {
  return lower.replace(/[^a-z0-9\u00c0-\u024f]+/g, " ").replace(/([ac-dfh-kmnp-rt-z])\1+/g, "$1").replace(/([beglos])\1{2,}/g, "$1$1");
}

/** Source span [start, end) of normal-form span [from, to). */
export function sourceSpan(n: NormalisedText, from: number, to: number, source: string): { start: number; end: number } {
  const start = n.at[from] ?? 0;
  const lastAt = n.at[Math.max(from, to - 1)] ?? start;
  // Extend over the repeated letters the collapse swallowed, so evidence shows the whole word.
  let end = lastAt + 1;
  while (end < source.length && /[\p{L}\p{N}@$]/u.test(source[end]!) && (source[end]!.toLowerCase() === source[lastAt]!.toLowerCase())) end++;
  return { start, end };
}

/**
 * Collapse repeated letters in a phrase pattern's source the way `normalise`
 * collapses them in text ("shoot" stays, "shiiit" → "shit", "better" →
 * "beter"), leaving escapes such as `\b` alone.
 */
export function collapseRepeats(patternSource: string): string {
  return patternSource.replace(/(?<!\\)([a-z])\1+/g, (_run, ch: string) => (KEEP_TWO[ch.charCodeAt(0)] === 1 ? ch + ch : ch));
}
