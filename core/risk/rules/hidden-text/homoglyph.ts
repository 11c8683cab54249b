/**
 * `hidden-text.homoglyph`: words that mix Latin letters with Cyrillic, Greek
 * or Armenian letters that look like Latin ones ("pаypal" with a Cyrillic а),
 * the trick that slips a keyword past filters and reviewers. Words written
 * entirely in one script are fine ("привет", "λόγος"), and so is a mixed
 * word whose non-Latin letters look nothing like Latin ("Яndex", "μg").
 */
import type { Rule } from "../../rule.js";
import { linesMatching } from "../../regex-guard.js";
import type { RawFinding } from "../../finding.js";
import { clip } from "../../mask.js";
import { escapeHidden, hiddenFinding, NON_ASCII } from "./codepoints.js";

/** Non-Latin letters commonly confused with a Latin letter (from Unicode's confusables data), with that letter. */
const LOOKALIKE: ReadonlyMap<number, string> = new Map(
  Object.entries({
    // Cyrillic
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j", "ԁ": "d",
    "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "ѵ": "v", "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H",
    "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ԛ": "Q", "Ԝ": "W", "Ү": "Y",
    "Ӏ": "I", "Ԁ": "D",
    // Greek
    "ο": "o", "ρ": "p", "ϲ": "c", "ϳ": "j", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K",
    "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    // Armenian
    "օ": "o", "ս": "u", "հ": "h", "ո": "n", "ց": "g", "զ": "q",
  }).map(([k, v]) => [k.codePointAt(0)!, v]),
);

const CANDIDATE = /[\u0370-\u03FF\u0400-\u052F\u0530-\u058F]/g;
const MAX_WORDS_SHOWN = 3;

function isWordChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) ||
    (c >= 0x300 && c <= 0x58f)
  );
}
const isAsciiLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);

export interface MixedWord {
  index: number;
  word: string;
}

/** Mixed-script look-alike words in a line, left to right. */
export function findMixedWords(text: string): MixedWord[] {
  const out: MixedWord[] = [];
  let done = 0;
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(text); m; m = CANDIDATE.exec(text)) {
    if (m.index < done) continue;
    let s = m.index;
    while (s > done && isWordChar(text.charCodeAt(s - 1))) s--;
    let e = m.index;
    while (e < text.length && isWordChar(text.charCodeAt(e))) e++;
    done = e;
    CANDIDATE.lastIndex = e;
    let latin = false;
    let lookalike = false;
    for (let i = s; i < e && !(latin && lookalike); i++) {
      const c = text.charCodeAt(i);
      if (isAsciiLetter(c)) latin = true;
      else if (LOOKALIKE.has(c)) lookalike = true;
    }
    if (latin && lookalike) out.push({ index: s, word: text.slice(s, e) });
  }
  return out;
}

export const homoglyphRule: Rule = {
  id: "hidden-text.homoglyph",
  category: "hidden-text",
  description: "Words mixing Latin letters with Cyrillic, Greek or Armenian look-alikes.",
  checkFile(input) {
    const out: RawFinding[] = [];
    const allow = new Set(input.settings.allowlist ?? []);
    for (const { line, text } of linesMatching(input.added, NON_ASCII)) {
      CANDIDATE.lastIndex = 0;
      if (!CANDIDATE.test(text)) continue;
      const words = findMixedWords(text).filter((w) => !allow.has(w.word));
      if (words.length === 0) continue;
      // Non-ASCII letters shown as escapes: the reviewer sees which letters are foreign.
      const shown = words.slice(0, MAX_WORDS_SHOWN).map((w) => escapeHidden(w.word, (cp) => cp > 0x7f));
      const first = [...words[0]!.word].find((ch) => LOOKALIKE.has(ch.codePointAt(0)!))!;
      out.push(
        hiddenFinding(input, {
          rule: "hidden-text.homoglyph",
          line,
          index: words[0]!.index,
          severity: "medium",
          message: `${words.length === 1 ? "A word mixes" : `${words.length} words mix`} Latin letters with look-alikes from another script (e.g. U+${first.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")} looks like "${LOOKALIKE.get(first.codePointAt(0)!)}"), so it reads as one word but matches as another.`,
          remediation: "Retype the word in one script; if the mix is intended (a brand name), add the word to this rule's allowlist in the policy.",
          evidence: clip(shown.join(", "), 160),
        }),
      );
    }
    return out;
  },
};
