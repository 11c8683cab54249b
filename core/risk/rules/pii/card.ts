/**
 * `pii.card`: payment card numbers (PANs) with a known issuer prefix and
 * length and a valid Luhn check digit, written plain or in groups separated
 * by single spaces or dashes. Published test card numbers are not findings.
 */
import type { Rule } from "../../rule.js";
import type { RawFinding } from "../../finding.js";
import { cardIssuer, luhnValid, TEST_CARD_NUMBERS } from "./checksums.js";
import { linesMatching } from "../../regex-guard.js";
import { HAS_DIGIT, HAS_LONG_NUMBER } from "./hints.js";
import { isAllowlisted, literalFinding, LITERAL_REMEDIATION, type LiteralKind } from "./finding.js";

const KIND: LiteralKind = {
  rule: "pii.card",
  message: "A payment card number in a prompt template is cardholder data (PCI DSS): it must never be stored in source or sent to a model provider.",
  remediation: LITERAL_REMEDIATION,
};

// 13–19 digits, each optionally preceded by one separator; bounded, and the
// lookarounds stop it from starting or ending inside a longer number.
// An IBAN's digit groups (`DE44 5001 0517 …`) are not a card number.
const CANDIDATE = /(?<![\w\-.])(?<![A-Z]{2}\d{2} )\d(?:[ -]?\d){12,18}(?![\w]|[ \-.]\d)/g;

/** Groupings printed on cards: 4-4-4-4(-3), Amex 4-6-5, Diners 4-6-4, 13-digit 4-4-4-1. */
function plausibleGrouping(value: string): boolean {
  const hasSpace = value.includes(" ");
  const hasDash = value.includes("-");
  if (!hasSpace && !hasDash) return true;
  if (hasSpace && hasDash) return false;
  const groups = value.split(hasSpace ? " " : "-").map((g) => g.length);
  const shape = groups.join("-");
  if (shape === "4-6-5" || shape === "4-6-4") return true;
  const last = groups[groups.length - 1]!;
  if (!groups.slice(0, -1).every((n) => n === 4)) return false;
  return (groups.length === 4 && last >= 1 && last <= 4) || (groups.length === 5 && last === 3);
}

export interface CardHit {
  index: number;
  value: string;
  issuer: string;
}

export function findCards(text: string): CardHit[] {
  if (!/\d{4}/.test(text)) return [];
  const out: CardHit[] = [];
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(text); m; m = CANDIDATE.exec(text)) {
    const value = m[0];
    const digits = value.replace(/\D/g, "");
    if (TEST_CARD_NUMBERS.has(digits) || !plausibleGrouping(value)) continue;
    const issuer = cardIssuer(digits);
    if (!issuer || !luhnValid(digits)) continue;
    out.push({ index: m.index, value, issuer });
  }
  return out;
}

export const cardRule: Rule = {
  id: "pii.card",
  category: "pii",
  description: "Payment card numbers with a known issuer prefix and length and a valid Luhn check digit (published test cards excepted).",
  checkFile(input) {
    const out: RawFinding[] = [];
    for (const { line, text } of linesMatching(linesMatching(input.added, HAS_DIGIT), HAS_LONG_NUMBER)) {
      for (const hit of findCards(text)) {
        if (isAllowlisted(hit.value, input.settings.allowlist)) continue;
        out.push(literalFinding(input, KIND, { line, index: hit.index, value: hit.value, message: `A ${hit.issuer} card number in a prompt template is cardholder data (PCI DSS): it must never be stored in source or sent to a model provider.` }));
      }
    }
    return out;
  },
};
