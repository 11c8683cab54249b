/**
 * `hidden-text.invisible`: zero-width and other invisible characters (ZWSP,
 * word joiner, soft hyphen, invisible math operators, Hangul fillers, a BOM
 * anywhere but the start of the file…). They split words so filters and
 * reviewers miss them and can carry zero-width steganography.
 *
 * Legitimate uses are skipped: ZWJ (U+200D) between emoji (👨‍👩‍👧, 🏳️‍🌈) and
 * ZWJ/ZWNJ (U+200C) between letters of scripts that need them (Arabic and
 * Persian, Syriac, the Indic scripts, Sinhala, Myanmar, Khmer, Mongolian);
 * Mongolian free variation selectors after Mongolian letters.
 */
import type { Rule } from "../../rule.js";
import { linesMatching } from "../../regex-guard.js";
import type { RawFinding } from "../../finding.js";
import { allowedCodePoints, codePointAt, codePointBefore, contextAround, hex, hiddenFinding, NON_ASCII, REMOVE_HIDDEN } from "./codepoints.js";

const INVISIBLE = /[\u00AD\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180E\u200B-\u200D\u2028\u2029\u2060-\u2064\u206A-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB]|\uD834[\uDD73-\uDD7A]/g;
const PICTOGRAPHIC = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}/u;

/** Scripts whose orthography uses ZWJ/ZWNJ between letters. */
function joiningScript(cp: number): boolean {
  return (
    (cp >= 0x0600 && cp <= 0x06ff) || (cp >= 0x0700 && cp <= 0x074f) || (cp >= 0x0750 && cp <= 0x077f) ||
    (cp >= 0x08a0 && cp <= 0x08ff) || (cp >= 0x0900 && cp <= 0x0dff) || (cp >= 0x1000 && cp <= 0x109f) ||
    (cp >= 0x1780 && cp <= 0x17ff) || (cp >= 0x1800 && cp <= 0x18af) || (cp >= 0xa8e0 && cp <= 0xa8ff) ||
    (cp >= 0xfb50 && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfefc)
  );
}

function isEmojiPart(cp: number): boolean {
  return cp >= 0 && PICTOGRAPHIC.test(String.fromCodePoint(cp));
}

/** Whether the invisible character at `i` is doing a legitimate job where it stands. */
function legitimate(text: string, i: number, cp: number, lineNo: number): boolean {
  if (cp === 0xfeff) return lineNo === 1 && i === 0; // byte order mark at file start
  if (cp === 0x200d || cp === 0x200c) {
    let before = codePointBefore(text, i);
    // An emoji's own variation selector (❤️, 🏳️) sits between it and the joiner.
    if (before === 0xfe0f && i >= 2) before = codePointBefore(text, i - 1);
    const after = codePointAt(text, i + 1);
    if (cp === 0x200d && isEmojiPart(before) && isEmojiPart(after)) return true;
    return joiningScript(before) && joiningScript(after);
  }
  if (cp >= 0x180b && cp <= 0x180d) {
    const before = codePointBefore(text, i);
    return before >= 0x1800 && before <= 0x18af;
  }
  return false;
}

export const invisibleRule: Rule = {
  id: "hidden-text.invisible",
  category: "hidden-text",
  description: "Zero-width and other invisible characters (emoji ZWJ sequences and script joiners excepted).",
  checkFile(input) {
    const out: RawFinding[] = [];
    const allowed = allowedCodePoints(input.settings.allowlist);
    for (const { line, text } of linesMatching(input.added, NON_ASCII)) {
      INVISIBLE.lastIndex = 0;
      if (!INVISIBLE.test(text)) continue;
      INVISIBLE.lastIndex = 0;
      let first = -1;
      let count = 0;
      const kinds = new Set<string>();
      for (let m = INVISIBLE.exec(text); m; m = INVISIBLE.exec(text)) {
        const cp = codePointAt(text, m.index);
        if (allowed.has(cp) || legitimate(text, m.index, cp, line)) continue;
        if (first === -1) first = m.index;
        count++;
        if (kinds.size < 6) kinds.add(hex(cp));
      }
      if (first === -1) continue;
      out.push(
        hiddenFinding(input, {
          rule: "hidden-text.invisible",
          line,
          index: first,
          severity: "medium",
          message: `${count} invisible character${count === 1 ? "" : "s"} (${[...kinds].join(", ")}) hide${count === 1 ? "s" : ""} inside this line: they can split words past filters and reviewers or carry hidden data.`,
          remediation: REMOVE_HIDDEN,
          evidence: contextAround(text, first),
        }),
      );
    }
    return out;
  },
};
