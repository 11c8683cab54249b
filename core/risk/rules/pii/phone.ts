/**
 * `pii.phone`: literal telephone numbers.
 *
 * A candidate is a run of digit groups (optional `+country`, optional
 * `(area)`), bounded in length; it counts as a phone number when its shape is
 * unambiguous on its own:
 * - international: `+` and 8–15 digits (E.164), e.g. `+44 20 7946 0958`, `+1-202-555-0143`;
 * - North American: `(415) 555-0132`, `415-555-0132`, `415.555.0132`, `1 415 555 0132`
 *   (area and exchange codes start with 2–9, separators consistent);
 * or, with a phone word on the line (phone, tel, call, mobile…), a national
 * number with a trunk `0` (`020 7946 0958`) or ten bare digits.
 * Not findings: dates, versions, prices, IP addresses, ISBNs and order or
 * reference numbers (their shapes fail the above, and a reference word before
 * the number vetoes the context forms), and toll-free NANP numbers (800, 888…),
 * which belong to businesses.
 */
import type { Rule } from "../../rule.js";
import type { RawFinding } from "../../finding.js";
import { linesMatching } from "../../regex-guard.js";
import { HAS_DIGIT, HAS_LONG_NUMBER } from "./hints.js";
import { isAllowlisted, literalFinding, LITERAL_REMEDIATION, type LiteralKind } from "./finding.js";

const KIND: LiteralKind = {
  rule: "pii.phone",
  message: "A literal phone number in a prompt template is personal data sent to the model provider with every request and stored in the repository history.",
  remediation: LITERAL_REMEDIATION,
};

// Bounded groups: at most 7 groups (12 digits first, 8 after). Boundaries keep it from
// starting inside a word, a version (`v1.2`), a price (`$`, `€`) or a reference (`#`).
const CANDIDATE = /(?<![\w+\-.\/@$€£#,])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{1,12}(?:[ .-]\d{1,8}){0,6}(?![\w\/@%]|[ .,:\/-]\d)/g;
const HAS_DIGIT_RUN = /\d{2}/;

const PHONE_WORDS = /\b(?:phone|tel|telephone|mobile|cell|call|sms|text|whatsapp|fax|contact|reach|dial|ring|hotline|landline|ph|mob)\b/i;
const REFERENCE_BEFORE = /(?:order|invoice|ticket|ref|reference|tracking|isbn|issn|id|no|account|acct|case|serial|sku|part|po|batch|lot|version|build|release)\s*[.:#]?\s*$/i;

const NANP = /^(?:\+?1[ .-]?)?(?:\(([2-9]\d\d)\)[ .-]?|([2-9]\d\d)([ .-]))([2-9]\d\d)([ .-])(\d{4})$/;
const NANP_TOLL_FREE = new Set(["800", "888", "877", "866", "855", "844", "833", "822"]);
const NATIONAL_TRUNK = /^0\d{1,4}(?:[ .-]?\d{2,4}){1,4}$/;

export type PhoneShape = "international" | "nanp" | "national" | "bare";

/** Classify a candidate string; undefined when it is not a phone number by shape. */
export function phoneShape(candidate: string): PhoneShape | undefined {
  const digits = candidate.replace(/\D/g, "");
  const nanp = NANP.exec(candidate);
  if (nanp) {
    // A separator after the area code must match the one before the line number.
    if (nanp[3] !== undefined && nanp[3] !== nanp[5]) return undefined;
    return NANP_TOLL_FREE.has(nanp[1] ?? nanp[2]!) ? undefined : "nanp";
  }
  if (candidate.startsWith("+")) {
    if (digits.length < 8 || digits.length > 15) return undefined;
    if (digits.startsWith("1") && NANP_TOLL_FREE.has(digits.slice(1, 4))) return undefined;
    // `+1.2.3.4`-like dotted runs of single digits are not numbers people dial.
    if (/\.\d(?:\.|$)/.test(candidate)) return undefined;
    return "international";
  }
  if (NATIONAL_TRUNK.test(candidate) && digits.length >= 10 && digits.length <= 11 && !candidate.includes(".")) {
    // UK freephone, like NANP toll-free numbers, belongs to a business.
    return /^0(?:800|808|500)/.test(digits) ? undefined : "national";
  }
  if (/^\d{10}$/.test(candidate) && /^[2-9]/.test(candidate)) return "bare";
  return undefined;
}

export interface PhoneHit {
  index: number;
  value: string;
  shape: PhoneShape;
}

export function findPhones(text: string): PhoneHit[] {
  if (!HAS_DIGIT_RUN.test(text)) return [];
  const out: PhoneHit[] = [];
  let hasWord: boolean | undefined;
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(text); m; m = CANDIDATE.exec(text)) {
    const value = m[0];
    if (value.length < 7) continue;
    const shape = phoneShape(value);
    if (!shape) continue;
    if (shape === "national" || shape === "bare") {
      hasWord ??= PHONE_WORDS.test(text);
      if (!hasWord) continue;
      if (REFERENCE_BEFORE.test(text.slice(Math.max(0, m.index - 24), m.index))) continue;
    }
    out.push({ index: m.index, value, shape });
  }
  return out;
}

export const phoneRule: Rule = {
  id: "pii.phone",
  category: "pii",
  description: "Literal phone numbers in international, North American or (with a phone word nearby) national formats.",
  checkFile(input) {
    const out: RawFinding[] = [];
    for (const { line, text } of linesMatching(linesMatching(input.added, HAS_DIGIT), HAS_LONG_NUMBER)) {
      for (const hit of findPhones(text)) {
        if (isAllowlisted(hit.value, input.settings.allowlist)) continue;
        out.push(literalFinding(input, KIND, { line, index: hit.index, value: hit.value }));
      }
    }
    return out;
  },
};
