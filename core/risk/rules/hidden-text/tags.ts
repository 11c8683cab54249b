/**
 * `hidden-text.tag-characters`: Unicode tag characters (U+E0000–U+E007F).
 * They render as nothing, but a model reads them as the ASCII letters they
 * shadow (U+E0041 → "A"), which makes them the classic way to smuggle
 * instructions past a reviewer. The one legitimate use, emoji subdivision
 * flags (🏴 + tag letters + U+E007F CANCEL TAG, e.g. England), is skipped.
 */
import type { Rule } from "../../rule.js";
import { linesMatching } from "../../regex-guard.js";
import type { RawFinding } from "../../finding.js";
import { allowedCodePoints, hiddenFinding, NON_ASCII, REMOVE_HIDDEN } from "./codepoints.js";

const BLACK_FLAG_HI = 0xd83c;
const BLACK_FLAG_LO = 0xdff4; // U+1F3F4
const TAG_HI = 0xdb40;

/** Tag code points (minus 0xE0000) of the run starting at UTF-16 index `i`, and where it ends. */
function readRun(text: string, i: number): { codes: number[]; end: number } {
  const codes: number[] = [];
  while (i + 1 < text.length && text.charCodeAt(i) === TAG_HI) {
    const lo = text.charCodeAt(i + 1);
    if (lo < 0xdc00 || lo > 0xdc7f) break;
    codes.push(lo - 0xdc00);
    i += 2;
  }
  return { codes, end: i };
}

/** 🏴 + 2–7 tag letters/digits + CANCEL TAG: an emoji subdivision flag (gbeng, gbsct, gbwls, usca…). */
function isFlagSequence(text: string, start: number, codes: number[]): boolean {
  if (start < 2 || text.charCodeAt(start - 2) !== BLACK_FLAG_HI || text.charCodeAt(start - 1) !== BLACK_FLAG_LO) return false;
  if (codes.length < 3 || codes.length > 8 || codes[codes.length - 1] !== 0x7f) return false;
  for (let k = 0; k < codes.length - 1; k++) {
    const c = codes[k]!;
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39))) return false;
  }
  return true;
}

/** The ASCII a run of tag characters spells. */
export function decodeTags(codes: readonly number[]): string {
  let s = "";
  for (const c of codes) {
    if (c >= 0x20 && c <= 0x7e) s += String.fromCharCode(c);
    else if (c === 0x7f) s += "<CANCEL TAG>";
    else if (c === 0x01) s += "<LANGUAGE TAG>";
    else s += `<U+E00${c.toString(16).toUpperCase().padStart(2, "0")}>`;
  }
  return s;
}

const MAX_DECODED = 120;

export const tagCharactersRule: Rule = {
  id: "hidden-text.tag-characters",
  category: "hidden-text",
  description: "Unicode tag characters (U+E0000–U+E007F) outside emoji flag sequences, decoded to the ASCII they hide.",
  checkFile(input) {
    const out: RawFinding[] = [];
    const allowed = allowedCodePoints(input.settings.allowlist);
    for (const { line, text } of linesMatching(input.added, NON_ASCII)) {
      let i = text.indexOf("\uDB40");
      let first = -1;
      let count = 0;
      let decoded = "";
      while (i !== -1) {
        const { codes, end } = readRun(text, i);
        if (codes.length > 0 && !isFlagSequence(text, i, codes) && !codes.every((c) => allowed.has(0xe0000 + c))) {
          if (first === -1) first = i;
          count += codes.length;
          if (decoded.length < MAX_DECODED) decoded += (decoded ? " … " : "") + decodeTags(codes.slice(0, MAX_DECODED));
        }
        i = text.indexOf("\uDB40", Math.max(end, i + 1));
      }
      if (first === -1) continue;
      const shown = decoded.length > MAX_DECODED ? `${decoded.slice(0, MAX_DECODED - 1)}…` : decoded;
      out.push(
        hiddenFinding(input, {
          rule: "hidden-text.tag-characters",
          line,
          index: first,
          severity: "high",
          message: `${count} invisible Unicode tag character${count === 1 ? "" : "s"} spell out text the model reads but a reviewer cannot see (ASCII smuggling).`,
          remediation: REMOVE_HIDDEN,
          evidence: `hidden text: "${shown}"`,
        }),
      );
    }
    return out;
  },
};
