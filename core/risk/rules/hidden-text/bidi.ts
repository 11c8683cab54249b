/**
 * `hidden-text.bidi`: bidirectional control characters. Embeddings,
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder how text is
 * displayed, so a reviewer reads something other than what the model gets
 * ("Trojan Source"): high. The marks LRM/RLM/ALM (U+200E, U+200F, U+061C)
 * only nudge neutral characters: low, and not a finding at all on a line
 * that contains right-to-left script, where they are ordinary typography.
 */
import type { Rule } from "../../rule.js";
import { linesMatching } from "../../regex-guard.js";
import type { RawFinding, Severity } from "../../finding.js";
import { allowedCodePoints, contextAround, hex, hiddenFinding, NON_ASCII, REMOVE_HIDDEN } from "./codepoints.js";

const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
const RTL_LETTERS = /[\u0590-\u05FF\u0600-\u06FF\u0700-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/;

export const bidiRule: Rule = {
  id: "hidden-text.bidi",
  category: "hidden-text",
  description: "Bidirectional control characters that make displayed text differ from what the model reads.",
  checkFile(input) {
    const out: RawFinding[] = [];
    const allowed = allowedCodePoints(input.settings.allowlist);
    for (const { line, text } of linesMatching(input.added, NON_ASCII)) {
      BIDI.lastIndex = 0;
      if (!BIDI.test(text)) continue;
      BIDI.lastIndex = 0;
      let rtl: boolean | undefined;
      let first = -1;
      let severity: Severity = "low";
      const kinds = new Set<string>();
      for (let m = BIDI.exec(text); m; m = BIDI.exec(text)) {
        const cp = m[0].charCodeAt(0);
        if (allowed.has(cp)) continue;
        const mark = cp === 0x200e || cp === 0x200f || cp === 0x061c;
        if (mark) {
          rtl ??= RTL_LETTERS.test(text);
          if (rtl) continue;
        } else severity = "high";
        if (first === -1) first = m.index;
        if (kinds.size < 6) kinds.add(hex(cp));
      }
      if (first === -1) continue;
      out.push(
        hiddenFinding(input, {
          rule: "hidden-text.bidi",
          line,
          index: first,
          severity,
          message:
            severity === "high"
              ? `Bidirectional control characters (${[...kinds].join(", ")}) reorder how this line is displayed, so reviewers see different text from what the model reads.`
              : `Invisible directional marks (${[...kinds].join(", ")}) in a line without right-to-left text serve no typographic purpose and can hide edits.`,
          remediation: REMOVE_HIDDEN,
          evidence: contextAround(text, first),
        }),
      );
    }
    return out;
  },
};
