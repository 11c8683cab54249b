/**
 * `pii.email`: literal email addresses of people.
 *
 * Found by anchoring on each `@` and scanning outwards over bounded character
 * runs, not by one regex over the line: linear even on `@`-heavy input.
 * Not findings: reserved example domains (RFC 2606/6761), shared role
 * mailboxes (support@, noreply@…: they identify a function, not a person),
 * `name@2x.png`-style file names, and addresses built from template variables.
 */
import type { Rule } from "../../rule.js";
import type { RawFinding } from "../../finding.js";
import { linesMatching } from "../../regex-guard.js";
import { HAS_AT } from "./hints.js";
import { isAllowlisted, literalFinding, LITERAL_REMEDIATION, type LiteralKind } from "./finding.js";

const KIND: LiteralKind = {
  rule: "pii.email",
  message: "A literal email address in a prompt template is personal data sent to the model provider with every request and stored in the repository history.",
  remediation: LITERAL_REMEDIATION,
};

const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;

function isLocalChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}
function isDomainChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 45;
}

const ROLE_MAILBOXES = new Set([
  "support", "info", "help", "helpdesk", "contact", "sales", "admin", "administrator", "noreply", "no-reply", "donotreply",
  "do-not-reply", "hello", "team", "security", "privacy", "abuse", "postmaster", "hostmaster", "webmaster", "billing",
  "feedback", "careers", "jobs", "press", "media", "marketing", "hr", "legal", "compliance", "dpo", "git", "ops", "it",
  "office", "service", "customerservice", "customer-service", "customer.service", "notifications", "alerts", "newsletter",
  "enquiries", "inquiries", "partners", "accounts", "root", "mailer-daemon", "bounce", "bounces", "reply", "orders",
]);

const RESERVED_TLDS = new Set(["test", "example", "invalid", "localhost", "local", "internal"]);
const RESERVED_DOMAINS = /(?:^|\.)example\.(?:com|org|net|edu)$/;
// `icon@2x.png`, `pkg@1.2.3`: the part after `@` is a file or a version, not a domain.
const FILE_TLDS = new Set(["png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "js", "mjs", "ts", "css", "json", "yml", "yaml", "txt", "map", "lock", "html", "htm"]);

export interface EmailHit {
  index: number;
  value: string;
  local: string;
  domain: string;
}

/** Every syntactically plausible address in the line (before policy filtering). */
export function findEmails(text: string): EmailHit[] {
  const out: EmailHit[] = [];
  let at = text.indexOf("@");
  let floor = 0; // never rescan characters already claimed by a previous address
  while (at !== -1) {
    let s = at;
    while (s > floor && at - s < MAX_LOCAL + 1 && isLocalChar(text.charCodeAt(s - 1))) s--;
    let e = at + 1;
    while (e < text.length && e - at <= MAX_DOMAIN && isDomainChar(text.charCodeAt(e))) e++;
    // Trailing punctuation belongs to the sentence.
    while (e > at + 1 && (text.charCodeAt(e - 1) === 46 || text.charCodeAt(e - 1) === 45)) e--;
    while (s < at && text.charCodeAt(s) === 46) s++;
    const local = text.slice(s, at);
    const domain = text.slice(at + 1, e);
    const before = s > 0 ? text.charCodeAt(s - 1) : 0;
    // `{{first}}.{{last}}@acme.com` is a template, not an address; `@` runs are not addresses either.
    const templated = before === 125 /* } */ || before === 64 /* @ */;
    // `scheme://user:password@host` is a URL's userinfo (the secret rules' business), not an address.
    const userinfo = (before === 58 /* : */ || before === 47 /* / */) && inUrl(text, s);
    if (local.length > 0 && local.length <= MAX_LOCAL && !templated && !userinfo && validDomain(domain)) {
      out.push({ index: s, value: `${local}@${domain}`, local, domain });
      floor = e;
    }
    at = text.indexOf("@", Math.max(at + 1, floor));
  }
  return out;
}

/** Whether the whitespace-delimited token before `i` contains `://` (bounded look-back: linear on adversarial input). */
function inUrl(text: string, i: number): boolean {
  const window = text.slice(Math.max(0, i - 300), i);
  return window.lastIndexOf("://") > Math.max(window.lastIndexOf(" "), window.lastIndexOf("\t"));
}

function validDomain(domain: string): boolean {
  const dot = domain.lastIndexOf(".");
  if (dot <= 0 || domain.includes("..")) return false;
  const tld = domain.slice(dot + 1);
  return tld.length >= 2 && tld.length <= 24 && /^[A-Za-z]+$/.test(tld);
}

export function isPersonalAddress(hit: EmailHit): boolean {
  const domain = hit.domain.toLowerCase();
  const tld = domain.slice(domain.lastIndexOf(".") + 1);
  if (RESERVED_TLDS.has(tld) || RESERVED_DOMAINS.test(domain) || domain === "example.com") return false;
  if (FILE_TLDS.has(tld)) return false;
  const local = hit.local.toLowerCase().replace(/\+.*$/, "");
  return !ROLE_MAILBOXES.has(local);
}

export const emailRule: Rule = {
  id: "pii.email",
  category: "pii",
  description: "Literal email addresses of people (not example domains or shared role mailboxes).",
  checkFile(input) {
    const out: RawFinding[] = [];
    for (const { line, text } of linesMatching(input.added, HAS_AT)) {
      for (const hit of findEmails(text)) {
        if (!isPersonalAddress(hit) || isAllowlisted(hit.value, input.settings.allowlist)) continue;
        out.push(literalFinding(input, KIND, { line, index: hit.index, value: hit.value }));
      }
    }
    return out;
  },
};
