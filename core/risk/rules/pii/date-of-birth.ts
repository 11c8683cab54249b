/**
 * `pii.dob`: a date of birth, i.e. a calendar date written near a birth word
 * ("DOB", "date of birth", "born on", "birthday", "geboren", "né le"…).
 * A date alone is not personal; a birth word alone (`DOB: {{dob}}`,
 * "born in 1985") is not a literal date of birth.
 */
import type { Rule } from "../../rule.js";
import type { RawFinding } from "../../finding.js";
import { linesMatching } from "../../regex-guard.js";
import { HAS_DIGIT } from "./hints.js";
import { isAllowlisted, literalFinding, LITERAL_REMEDIATION, type LiteralKind } from "./finding.js";

const KIND: LiteralKind = {
  rule: "pii.dob",
  message: "A literal date of birth in a prompt template is personal data (a key quasi-identifier) sent to the model provider with every request.",
  remediation: LITERAL_REMEDIATION,
};

const BIRTH_WORDS = /\b(?:d\.?o\.?b\.?|date of birth|birth ?date|birthday|born(?: on)?|geburtsdatum|geboren(?: am)?|fecha de nacimiento|nacid[oa] el|date de naissance|n[ée]e? le)(?![\w])/gi;
const MONTHS = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
const DATE = new RegExp(
  [
    "\\b(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})\\b", // ISO 1985-03-12
    "\\b(\\d{1,2})[-/.](\\d{1,2})[-/.](\\d{4}|\\d{2})\\b", // 12/03/1985, 03.12.85
    `\\b(${MONTHS})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, // March 12, 1985
    `\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTHS})\\.?,?\\s+(\\d{4})\\b`, // 12 March 1985
  ].join("|"),
  "i",
);
/** How far after the birth word the date may start. */
const WINDOW = 40;

function plausible(m: RegExpExecArray): boolean {
  const year = (y: string): number => (y.length === 2 ? 1900 + Number(y) : Number(y));
  const ok = (y: number, a: number, b: number): boolean => y >= 1900 && y <= 2100 && ((a >= 1 && a <= 12 && b >= 1 && b <= 31) || (b >= 1 && b <= 12 && a >= 1 && a <= 31));
  if (m[1]) return ok(year(m[1]), Number(m[2]), Number(m[3]));
  if (m[4]) return ok(year(m[6]!), Number(m[4]), Number(m[5]));
  if (m[7]) return ok(year(m[9]!), 1, Number(m[8]));
  return ok(year(m[12]!), 1, Number(m[10]));
}

export interface DobHit {
  index: number;
  value: string;
}

export function findDatesOfBirth(text: string): DobHit[] {
  const out: DobHit[] = [];
  BIRTH_WORDS.lastIndex = 0;
  let claimed = 0;
  for (let w = BIRTH_WORDS.exec(text); w; w = BIRTH_WORDS.exec(text)) {
    const from = Math.max(w.index + w[0].length, claimed);
    const window = text.slice(from, from + WINDOW + 24);
    const d = DATE.exec(window);
    if (!d || d.index > WINDOW || !plausible(d)) continue;
    // Anything but punctuation and filler between word and date breaks the link ("born on the day she moved in 2020-01-01").
    const gap = window.slice(0, d.index);
    if (/[a-z]{4,}/i.test(gap.replace(/\b(?:is|was|on|the|of|am|le|el|de)\b/gi, ""))) continue;
    out.push({ index: from + d.index, value: d[0] });
    claimed = from + d.index + d[0].length;
  }
  return out;
}

export const dateOfBirthRule: Rule = {
  id: "pii.dob",
  category: "pii",
  description: "Dates of birth: a calendar date next to a birth word (DOB, date of birth, born on…).",
  checkFile(input) {
    const out: RawFinding[] = [];
    for (const { line, text } of linesMatching(input.added, HAS_DIGIT)) {
      for (const hit of findDatesOfBirth(text)) {
        if (isAllowlisted(hit.value, input.settings.allowlist)) continue;
        out.push(literalFinding(input, KIND, { line, index: hit.index, value: hit.value }));
      }
    }
    return out;
  },
};
