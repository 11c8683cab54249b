/**
 * `pii.variable`: template variables named for personal data (`{{ssn}}`,
 * `{{patient_name}}`, `{{dateOfBirth}}`). Not a leak, a data-handling signal:
 * every request built from this template sends that datum to the model
 * provider, so the template needs a privacy owner's eye (severity medium).
 *
 * Names are split into tokens (snake_case, camelCase, kebab-case, dotted
 * paths) and matched as whole tokens, never as substrings: `{{user_name}}`
 * and `{{username}}` are personal (an online identifier), `{{model_name}}`,
 * `{{file_name}}` and a bare `{{name}}` are not; `{{email_template_id}}` is
 * not, because the personal term must be the variable's head: only
 * qualifiers such as `_number`, `_address` or `_last4` may follow it.
 */
import type { FileRuleInput, Rule } from "../../rule.js";
import type { RawFinding } from "../../finding.js";
import type { TemplateVariable } from "../../../templates/model.js";
import { isAllowlisted } from "./finding.js";
import { boundedMemo } from "../../../bounded-memo.js";

/** Split an identifier into lower-case word tokens. */
export function nameTokens(name: string): string[] {
  const out: string[] = [];
  for (const part of name.split(/[^A-Za-z0-9]+/)) {
    for (const t of part.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? []) out.push(t.toLowerCase());
  }
  return out;
}

const SINGLE: Record<string, string> = {
  ssn: "a Social Security Number", ssns: "Social Security Numbers", nino: "a National Insurance number", itin: "a taxpayer id",
  email: "an email address", emails: "email addresses", phone: "a phone number", phones: "phone numbers",
  telephone: "a phone number", mobile: "a phone number", cellphone: "a phone number", fax: "a fax number",
  dob: "a date of birth", birthday: "a date of birth", birthdate: "a date of birth", dateofbirth: "a date of birth",
  address: "a postal address", addresses: "postal addresses", zip: "a postal code", zipcode: "a postal code",
  postcode: "a postal code", postalcode: "a postal code", passport: "a passport number", iban: "a bank account number",
  cvv: "a card security code", cvc: "a card security code", salary: "salary data", income: "income data",
  diagnosis: "health data", diagnoses: "health data", prescription: "health data", prescriptions: "health data",
  medication: "health data", medications: "health data", mrn: "a medical record number", allergies: "health data",
  symptoms: "health data", ethnicity: "special-category data (ethnicity)", religion: "special-category data (religion)",
  nationality: "nationality", gender: "gender", surname: "a person's name", firstname: "a person's name",
  lastname: "a person's name", fullname: "a person's name", forename: "a person's name", middlename: "a person's name",
  maidenname: "a person's name", username: "a user's online identifier", birthplace: "a place of birth",
};

const PERSON = new Set([
  "patient", "customer", "user", "person", "employee", "student", "client", "contact", "member", "applicant", "candidate",
  "citizen", "resident", "guardian", "parent", "child", "beneficiary", "policyholder", "borrower", "cardholder", "holder",
  "recipient", "sender", "caller", "tenant", "passenger", "guest", "visitor", "donor", "learner", "pupil",
  "teacher", "doctor", "physician", "nurse", "caregiver", "spouse", "owner", "subscriber", "buyer", "seller",
  "first", "last", "full", "middle", "given", "family", "maiden", "legal", "display", "real", "sur", "fore", "nick",
]);
const ID_SUBJECT = new Set([
  "patient", "student", "employee", "member", "citizen", "national", "tax", "passport", "drivers", "voter",
  "insurance", "medical", "beneficiary", "learner", "pupil", "nhs", "health", "license", "licence",
]);
const NOT_POSTAL = new Set([
  "memory", "base", "web", "url", "server", "host", "return", "start", "end", "node", "bind", "listen", "contract",
  "wallet", "mac", "hex", "target", "proxy", "gateway", "local", "broadcast", "network", "smtp", "api", "endpoint",
  "registry", "object", "pointer", "virtual", "block", "email", "mail", "e", "from", "to", "reply", "bitcoin", "eth",
]);
/** Tokens that may follow the personal term without changing what the variable holds. */
const SUFFIX = new Set([
  "address", "addresses", "addr", "number", "numbers", "num", "no", "nr", "value", "val", "str", "string", "text", "raw",
  "input", "data", "info", "details", "line", "lines", "full", "last", "4", "four", "digits", "1", "2", "3", "list",
]);

const PAIRS: [string[], string][] = [
  [["date", "of", "birth"], "a date of birth"], [["birth", "date"], "a date of birth"], [["birth", "day"], "a date of birth"],
  [["place", "of", "birth"], "a place of birth"], [["social", "security"], "a Social Security Number"],
  [["credit", "card"], "a payment card number"], [["debit", "card"], "a payment card number"], [["card", "number"], "a payment card number"],
  [["cc", "number"], "a payment card number"], [["account", "number"], "a bank account number"], [["bank", "account"], "a bank account number"],
  [["routing", "number"], "a bank routing number"], [["sort", "code"], "a bank sort code"], [["medical", "record"], "health data"],
  [["medical", "history"], "health data"], [["health", "record"], "health data"], [["lab", "results"], "health data"],
  [["national", "insurance"], "a National Insurance number"], [["e", "mail"], "an email address"], [["zip", "code"], "a postal code"],
  [["postal", "code"], "a postal code"], [["post", "code"], "a postal code"], [["cell", "phone"], "a phone number"],
  [["sexual", "orientation"], "special-category data"], [["political", "affiliation"], "special-category data"],
  [["blood", "type"], "health data"], [["user", "name"], "a user's name or identifier"],
];

/** Leading tokens that make the variable a flag or a count about the datum, not the datum (`is_mobile`, `num_emails`). */
const NOT_THE_DATUM = new Set(["is", "has", "use", "uses", "enable", "enabled", "show", "allow", "include", "require", "needs", "with", "num", "count", "max", "min", "total", "n", "no", "without", "hide", "mask", "masked", "redact", "redacted", "hashed", "valid", "validate"]);

const suffixOnly = (tokens: string[], from: number): boolean => tokens.slice(from).every((t) => SUFFIX.has(t));

/**
 * What personal datum the variable name says it carries, or undefined. Names repeat across the templates
 * of a change (and across both sides of each): each is judged once.
 */
export const personalDataKind: (name: string) => string | undefined = boundedMemo(judgeName, 4096);

function judgeName(name: string): string | undefined {
  const t = nameTokens(name);
  if (t.length > 1 && NOT_THE_DATUM.has(t[0]!)) return undefined;
  for (let i = 0; i < t.length; i++) {
    for (const [seq, kind] of PAIRS) {
      if (seq.every((s, k) => t[i + k] === s) && suffixOnly(t, i + seq.length)) return kind;
    }
    const tok = t[i]!;
    const prev = i > 0 ? t[i - 1]! : undefined;
    if ((tok === "name" || tok === "names") && prev && PERSON.has(prev) && suffixOnly(t, i + 1)) return "a person's name";
    if ((tok === "id" || tok === "number" || tok === "no") && prev && ID_SUBJECT.has(prev) && suffixOnly(t, i + 1)) return "a personal identifier";
    if ((tok === "address" || tok === "addresses") && prev && NOT_POSTAL.has(prev)) continue;
    if (tok === "address" && prev === "ip") return suffixOnly(t, i + 1) ? "an IP address" : undefined;
    const kind = SINGLE[tok];
    if (kind && suffixOnly(t, i + 1)) return kind;
  }
  return undefined;
}

// Mustache/Jinja/Handlebars `{{ name }}` / `{{ user.email | upper }}`, for text the parser gave no variables for.
const MUSTACHE = /\{\{[{#^\/&>]?\s*([A-Za-z_][\w.-]{0,80})\s*(?:\|[^}]{0,80})?\}\}/g;

function variablesOf(input: FileRuleInput): TemplateVariable[] {
  const parsed = input.change.new?.template?.variables ?? [];
  if (parsed.length > 0) return parsed;
  const out: TemplateVariable[] = [];
  for (const { line, text } of input.added) {
    if (text.indexOf("{{") === -1) continue;
    MUSTACHE.lastIndex = 0;
    for (let m = MUSTACHE.exec(text); m; m = MUSTACHE.exec(text)) out.push({ name: m[1]!, line, column: m.index + 1 });
  }
  return out;
}

export const personalVariableRule: Rule = {
  id: "pii.variable",
  category: "pii",
  description: "Template variables named for personal data ({{ssn}}, {{patient_name}}, {{date_of_birth}}): a data-handling signal.",
  checkFile(input) {
    const out: RawFinding[] = [];
    const addedLines = new Set(input.added.map((l) => l.line));
    const seen = new Set<string>();
    for (const v of variablesOf(input)) {
      if (!addedLines.has(v.line) || seen.has(v.name)) continue;
      seen.add(v.name);
      if (isAllowlisted(v.name, input.settings.allowlist)) continue;
      const kind = personalDataKind(v.name);
      if (!kind) continue;
      out.push({
        rule: "pii.variable",
        category: "pii",
        severity: "medium",
        file: input.change.path,
        line: v.line,
        column: v.column,
        message: `Variable \`${v.name}\` carries ${kind}: every request built from this template sends it to the model provider, so the template handles personal data.`,
        remediation: "Make sure the template's governance metadata declares the data class (e.g. `data_classes: [pii]`) and a privacy owner reviews it; pass only the fields the task needs, or a pseudonymous id instead.",
        evidence: `{{${v.name}}}`,
      });
    }
    return out;
  },
};
