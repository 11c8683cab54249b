/**
 * `pii.iban`: International Bank Account Numbers with the right length for
 * their country and a valid mod-97 check, compact or printed in groups of
 * four. Example IBANs from the registry and bank documentation are skipped.
 */
import type { Rule } from "../../rule.js";
import type { RawFinding } from "../../finding.js";
import { EXAMPLE_IBANS, IBAN_LENGTHS, ibanValid } from "./checksums.js";
import { linesMatching } from "../../regex-guard.js";
import { HAS_DIGIT, HAS_IBAN_HEAD } from "./hints.js";
import { isAllowlisted, literalFinding, LITERAL_REMEDIATION, type LiteralKind } from "./finding.js";

const KIND: LiteralKind = {
  rule: "pii.iban",
  message: "A literal IBAN in a prompt template identifies a person's bank account: it is personal financial data and must not be sent to a model provider.",
  remediation: LITERAL_REMEDIATION,
};

// Country, check digits, then up to 30 alphanumerics each optionally after one space.
const CANDIDATE = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,30}/g;

export interface IbanHit {
  index: number;
  value: string;
}

export function findIbans(text: string): IbanHit[] {
  const out: IbanHit[] = [];
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(text); m; m = CANDIDATE.exec(text)) {
    const length = IBAN_LENGTHS[m[0].slice(0, 2)];
    if (length === undefined) continue;
    // The candidate may run into a following word (`… 00 EUR`): take exactly
    // the country's length in alphanumerics, then require a boundary.
    let n = 0;
    let end = m.index;
    while (end < text.length && n < length) {
      const c = text.charCodeAt(end);
      if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90)) n++;
      else if (c !== 32 || text.charCodeAt(end - 1) === 32) break;
      end++;
    }
    if (n < length) continue;
    const next = end < text.length ? text[end]! : "";
    if (/[A-Za-z0-9]/.test(next)) {
      CANDIDATE.lastIndex = m.index + 1;
      continue;
    }
    const value = text.slice(m.index, end);
    const compact = value.replace(/ /g, "");
    CANDIDATE.lastIndex = end;
    if (EXAMPLE_IBANS.has(compact) || !ibanValid(compact)) continue;
    out.push({ index: m.index, value });
  }
  return out;
}

export const ibanRule: Rule = {
  id: "pii.iban",
  category: "pii",
  description: "IBANs with the right length for their country and a valid mod-97 check.",
  checkFile(input) {
    const out: RawFinding[] = [];
    for (const { line, text } of linesMatching(linesMatching(input.added, HAS_DIGIT), HAS_IBAN_HEAD)) {
      for (const hit of findIbans(text)) {
        if (isAllowlisted(hit.value, input.settings.allowlist)) continue;
        out.push(literalFinding(input, KIND, { line, index: hit.index, value: hit.value }));
      }
    }
    return out;
  },
};
