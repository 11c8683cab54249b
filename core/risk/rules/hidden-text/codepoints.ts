/**
 * Code point facts the hidden-text rules share, and how hidden characters are
 * shown to a reviewer: as `<U+200B>` escapes, since the raw character would be
 * just as invisible in a PR comment as it is in the diff.
 */
import type { RawFinding, Severity } from "../../finding.js";
import type { FileRuleInput } from "../../rule.js";
import { clip } from "../../mask.js";

/** Every hidden character is outside ASCII: the category's shared line prefilter. */
export const NON_ASCII = /[^\x00-\x7F]/;

export const hex = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;

/** Code point at `i` (UTF-16 index), combining a surrogate pair. */
export function codePointAt(s: string, i: number): number {
  return s.codePointAt(i) ?? 0;
}

/** Code point just before UTF-16 index `i`. */
export function codePointBefore(s: string, i: number): number {
  if (i <= 0) return -1;
  const lo = s.charCodeAt(i - 1);
  if (lo >= 0xdc00 && lo <= 0xdfff && i >= 2) {
    const hi = s.charCodeAt(i - 2);
    if (hi >= 0xd800 && hi <= 0xdbff) return ((hi - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
  }
  return lo;
}

export const isTag = (cp: number): boolean => cp >= 0xe0000 && cp <= 0xe007f;
export const isVariationSelector = (cp: number): boolean => (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
export const isBidiControl = (cp: number): boolean => (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
export const isBidiMark = (cp: number): boolean => cp === 0x200e || cp === 0x200f || cp === 0x061c;

/** Invisible or zero-width characters that are not bidi controls, tags or variation selectors. */
export function isInvisible(cp: number): boolean {
  return (
    cp === 0x00ad || cp === 0x034f || cp === 0x115f || cp === 0x1160 || cp === 0x17b4 || cp === 0x17b5 ||
    (cp >= 0x180b && cp <= 0x180e) || (cp >= 0x200b && cp <= 0x200d) || cp === 0x2028 || cp === 0x2029 ||
    (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x206a && cp <= 0x206f) || cp === 0x3164 || cp === 0xfeff ||
    cp === 0xffa0 || (cp >= 0xfff9 && cp <= 0xfffb) || (cp >= 0x1d173 && cp <= 0x1d17a)
  );
}

const shouldEscape = (cp: number): boolean => isTag(cp) || isVariationSelector(cp) || isBidiControl(cp) || isBidiMark(cp) || isInvisible(cp);

/** The text with every hidden character replaced by its `<U+XXXX>` escape. */
export function escapeHidden(s: string, also?: (cp: number) => boolean): string {
  let out = "";
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    out += shouldEscape(cp) || also?.(cp) ? `<${hex(cp)}>` : ch;
  }
  return out;
}

/** A window of the line around UTF-16 index `at`, escaped, for evidence. */
export function contextAround(line: string, at: number, before = 16, after = 40): string {
  let start = Math.max(0, at - before);
  if (start > 0 && line.charCodeAt(start) >= 0xdc00 && line.charCodeAt(start) <= 0xdfff) start--;
  let end = Math.min(line.length, at + after);
  if (end < line.length && line.charCodeAt(end) >= 0xdc00 && line.charCodeAt(end) <= 0xdfff) end++;
  return clip(`${start > 0 ? "…" : ""}${escapeHidden(line.slice(start, end))}${end < line.length ? "…" : ""}`, 160);
}

/** Allowlist entries `U+200B` (a code point) or a literal word. */
export function allowedCodePoints(allowlist: readonly string[] | undefined): Set<number> {
  const out = new Set<number>();
  for (const e of allowlist ?? []) {
    const m = /^U\+([0-9A-Fa-f]{4,6})$/.exec(e.trim());
    if (m) out.add(parseInt(m[1]!, 16));
  }
  return out;
}

export function hiddenFinding(
  input: FileRuleInput,
  f: { rule: string; line: number; index: number; severity: Severity; message: string; remediation: string; evidence: string },
): RawFinding {
  return {
    rule: f.rule,
    category: "hidden-text",
    severity: f.severity,
    file: input.change.path,
    line: f.line,
    column: f.index + 1,
    message: f.message,
    remediation: f.remediation,
    evidence: f.evidence,
  };
}

export const REMOVE_HIDDEN = "Delete the hidden characters (the evidence shows where they are as <U+XXXX> escapes); if they are meant to be there, allowlist the code point in the policy.";
