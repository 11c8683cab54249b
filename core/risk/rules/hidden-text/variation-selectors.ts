/**
 * `hidden-text.variation-selectors`: data smuggled in variation selectors.
 * A single selector after a character is ordinary (❤️ is U+2764 U+FE0F; CJK
 * ideographic variation sequences use one of U+E0100–U+E01EF), but a run of
 * them encodes bytes (U+FE00–FE0F → 0–15, U+E0100–E01EF → 16–255) that a
 * model can be told to decode: high. A lone supplementary selector after
 * something other than an ideograph has no rendering purpose: medium.
 */
import type { Rule } from "../../rule.js";
import { linesMatching } from "../../regex-guard.js";
import type { RawFinding, Severity } from "../../finding.js";
import { allowedCodePoints, codePointAt, codePointBefore, hiddenFinding, NON_ASCII, REMOVE_HIDDEN } from "./codepoints.js";

const SELECTOR = /[\uFE00-\uFE0F]|\uDB40[\uDD00-\uDDEF]/g;
const MAX_BYTES = 240;

const isIdeograph = (cp: number): boolean =>
  (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x3134f) || (cp >= 0xf900 && cp <= 0xfaff);

const byteOf = (cp: number): number => (cp <= 0xfe0f ? cp - 0xfe00 : cp - 0xe0100 + 16);

/** The bytes a run of selectors encodes, as text where it decodes, with escapes for control bytes. */
export function decodeSelectors(codePoints: readonly number[]): string {
  const bytes = Uint8Array.from(codePoints.slice(0, MAX_BYTES).map(byteOf));
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  return text.replace(/[\u0000-\u001F\u007F-\u009F\uFFFD]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

export const variationSelectorRule: Rule = {
  id: "hidden-text.variation-selectors",
  category: "hidden-text",
  description: "Runs of variation selectors that encode hidden bytes (emoji and ideographic variation sequences excepted).",
  checkFile(input) {
    const out: RawFinding[] = [];
    const allowed = allowedCodePoints(input.settings.allowlist);
    for (const { line, text } of linesMatching(input.added, NON_ASCII)) {
      SELECTOR.lastIndex = 0;
      if (!SELECTOR.test(text)) continue;
      SELECTOR.lastIndex = 0;
      let first = -1;
      let severity = "medium" as Severity;
      let decoded = "";
      let runStart = -1;
      let runEnd = -1;
      let run: number[] = [];
      const flush = (): void => {
        if (run.length === 0) return;
        const base = codePointBefore(text, runStart);
        const lone = run.length === 1;
        const ordinary = lone && (run[0]! <= 0xfe0f || isIdeograph(base));
        if (!ordinary && !run.every((cp) => allowed.has(cp))) {
          if (first === -1) first = runStart;
          if (!lone) severity = "high";
          if (decoded.length < MAX_BYTES) decoded += (decoded ? " … " : "") + decodeSelectors(run);
        }
        run = [];
      };
      for (let m = SELECTOR.exec(text); m; m = SELECTOR.exec(text)) {
        if (m.index !== runEnd) {
          flush();
          runStart = m.index;
        }
        if (run.length < MAX_BYTES + 1) run.push(codePointAt(text, m.index));
        runEnd = m.index + m[0].length;
      }
      flush();
      if (first === -1) continue;
      out.push(
        hiddenFinding(input, {
          rule: "hidden-text.variation-selectors",
          line,
          index: first,
          severity,
          message:
            severity === "high"
              ? "A run of invisible variation selectors encodes hidden bytes a model can be told to decode (emoji smuggling)."
              : "An invisible supplementary variation selector follows a character it cannot modify: it carries a hidden byte.",
          remediation: REMOVE_HIDDEN,
          evidence: `hidden bytes: "${decoded.length > MAX_BYTES ? `${decoded.slice(0, MAX_BYTES - 1)}…` : decoded}"`,
        }),
      );
    }
    return out;
  },
};
