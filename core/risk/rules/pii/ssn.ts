/**
 * `pii.ssn`: US Social Security Numbers that pass SSA's validity rules.
 * `078-05-1120` style (dashes) counts alone; `078 05 1120` and `078051120`
 * only with an SSN word on the line, since nine digits alone are too common.
 */
import type { Rule } from "../../rule.js";
import type { RawFinding } from "../../finding.js";
import { ssnValid } from "./checksums.js";
import { linesMatching } from "../../regex-guard.js";
import { HAS_DIGIT, HAS_LONG_NUMBER } from "./hints.js";
import { isAllowlisted, literalFinding, LITERAL_REMEDIATION, type LiteralKind } from "./finding.js";

const KIND: LiteralKind = {
  rule: "pii.ssn",
  message: "A literal US Social Security Number in a prompt template is a national identifier: exposing it enables identity theft and is regulated personal data.",
  remediation: LITERAL_REMEDIATION,
};

const CANDIDATE = /(?<![\w\-.\/])(\d{3})([- ]?)(\d{2})\2(\d{4})(?![\w\-\/]|[.,]\d)/g;
const SSN_WORDS = /\b(?:ssn|ssns|social security|soc\.? ?sec|ss#|taxpayer)\b/i;

export interface SsnHit {
  index: number;
  value: string;
}

export function findSsns(text: string): SsnHit[] {
  if (!/\d{2}/.test(text)) return [];
  const out: SsnHit[] = [];
  let hasWord: boolean | undefined;
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(text); m; m = CANDIDATE.exec(text)) {
    const [value, area, sep, group, serial] = m as unknown as [string, string, string, string, string];
    if (!ssnValid(area, group, serial)) continue;
    if (sep !== "-") {
      hasWord ??= SSN_WORDS.test(text);
      if (!hasWord) continue;
    }
    out.push({ index: m.index, value });
  }
  return out;
}

export const ssnRule: Rule = {
  id: "pii.ssn",
  category: "pii",
  description: "US Social Security Numbers that pass SSA validity rules (no 000/666/9xx area, 00 group, 0000 serial, voided numbers).",
  checkFile(input) {
    const out: RawFinding[] = [];
    for (const { line, text } of linesMatching(linesMatching(input.added, HAS_DIGIT), HAS_LONG_NUMBER)) {
      for (const hit of findSsns(text)) {
        if (isAllowlisted(hit.value, input.settings.allowlist)) continue;
        out.push(literalFinding(input, KIND, { line, index: hit.index, value: hit.value }));
      }
    }
    return out;
  },
};
