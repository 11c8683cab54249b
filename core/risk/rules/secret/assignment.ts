/**
 * `secret.high-entropy`: a random-looking literal assigned to a name that
 * says it is a credential (`api_key = "…"`, `token: …`, `"clientSecret": "…"`,
 * `Authorization: Bearer …`, "the password is …").
 *
 * Thresholds (Shannon entropy, bits per character):
 * - key/token/secret names: ≥ 16 characters, letters and digits (or mixed case
 *   that is not CamelCase words), entropy ≥ 3.0 (hex-only values: ≥ 32 characters);
 *   random 16-character alphanumerics average 3.8 bits, and 3.0 is below their
 *   0.1th percentile;
 * - password names: ≥ 8 characters with letters and a digit or symbol,
 *   entropy ≥ 2.5 — people's passwords are not random but are still secrets.
 * Values that are references (`${env:API_KEY}`, `{{api_key}}`, `os.environ[…]`),
 * placeholders, provider tokens (their own rules report them), JWTs and URLs
 * are left alone, as are names that describe a secret without holding one
 * (`max_tokens`, `token_url`, `password_policy`, `next_page_token`).
 */
import type { Rule } from "../../rule.js";
import type { RawFinding } from "../../finding.js";
import { isAllowlisted, isPlaceholder, shannonEntropy } from "./placeholders.js";
import { isProviderToken } from "./providers.js";
import { isKeyValueConnectionString } from "./connection-string.js";
import { secretFinding } from "./finding.js";
import { linesMatching } from "../../regex-guard.js";

const KEYWORD = /api[_.-]?key|apikey|secret|token|passw|passphrase|pwd|credential|access[_.-]?key|private[_.-]?key|auth|bearer/gi;
/** The same words as a stateless line prefilter. */
const KEYWORD_TEST = new RegExp(KEYWORD.source, "i");
const ASSIGN = /["'\]]{0,2}\s{0,4}(?::=|=>|[:=]|\s(?:is|was)\s)\s{0,4}(?:(?:Bearer|Token|Basic)\s+)?["'`]?([^\s"'`,;]{1,300})/y;
const PASSWORD_NAME = /passw|passphrase|pwd/i;
const MAX_NAME = 48;

/** Last tokens of names that describe a credential without holding one. */
const NOT_A_VALUE = new Set([
  "limit", "limits", "count", "length", "len", "max", "min", "type", "types", "url", "uri", "endpoint", "name", "names", "id",
  "ids", "ref", "path", "file", "env", "header", "field", "policy", "hint", "prompt", "usage", "budget", "size", "ttl", "expiry",
  "expires", "expiration", "timeout", "format", "mode", "provider", "kind", "enabled", "required", "source", "label", "tokens",
  "method", "scheme", "scope", "scopes", "flow", "strategy", "version", "rotation", "manager", "store", "arn", "location",
  "prefix", "suffix", "regex", "pattern", "rules", "reset", "strength", "confirm", "confirmation", "placeholder", "description",
  "question", "questions", "sender", "tokenizer", "counter", "estimate", "window", "encoding", "cost", "price", "rate",
]);

const isIdentChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46;

const nameParts = (name: string): string[] => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);

/** Tokens that make a `…_token` name a cursor rather than a credential (`next_page_token`). */
const CURSOR = new Set(["page", "pagination", "cursor", "continuation", "sync", "resume"]);

/** Whether the name describes a credential without holding one (`max_tokens`, `token_url`, `next_page_token`). */
function describesOnly(name: string): boolean {
  const parts = nameParts(name);
  return NOT_A_VALUE.has(parts[parts.length - 1] ?? "") || parts.some((p) => CURSOR.has(p));
}

/** Why the value is a credential, or undefined when it is not one. */
export function credentialValue(name: string, raw: string): string | undefined {
  const value = raw.replace(/[.,;:!?)\]}>]+$/, "");
  if (value.length === 0 || isPlaceholder(value)) return undefined;
  if (isProviderToken(value) || value.startsWith("eyJ") || /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return undefined;
  if (/\.(?:json|pem|key|txt|ya?ml|env|crt|cer|p12|pfx|enc|gpg)$/i.test(value) || /^[.~]?\//.test(value)) return undefined;
  if (/^[A-Za-z]+(?:[._-][A-Za-z]+)+$/.test(value) || /^[a-z]+(?:[A-Z][a-z]+)+$/.test(value)) return undefined; // identifiers, not values
  if (/^(?:true|false|null|none|nil|undefined|required|optional|string|number)$/i.test(value)) return undefined;
  const h = shannonEntropy(value);
  const letters = /[A-Za-z]/.test(value);
  const digits = /\d/.test(value);
  if (PASSWORD_NAME.test(name)) {
    const symbol = /[^A-Za-z0-9]/.test(value);
    return value.length >= 8 && letters && (digits || symbol) && h >= 2.5 ? "password" : undefined;
  }
  if (/^[0-9a-f]+$/i.test(value)) return value.length >= 32 && h >= 3 && letters && digits ? "key" : undefined;
  if (value.length < 16 || !letters || h < 3) return undefined;
  // Random alphanumerics lack a digit 6% of the time at 16 characters; mixed case that is not CamelCase words still counts.
  if (digits) return "key";
  const mixedCase = /[a-z]/.test(value) && /[A-Z]/.test(value);
  return mixedCase && !/^[A-Za-z][a-z]+(?:[A-Z][a-z]+)+$/.test(value) && h >= 3.3 ? "key" : undefined;
}

export const highEntropyRule: Rule = {
  id: "secret.high-entropy",
  category: "secret",
  description: "Random-looking values assigned to credential names (api_key, token, secret, password…).",
  checkFile(input) {
    const out: RawFinding[] = [];
    for (const { line, text } of linesMatching(input.added, KEYWORD_TEST)) {
      let done = 0;
      KEYWORD.lastIndex = 0;
      for (let k = KEYWORD.exec(text); k; k = KEYWORD.exec(text)) {
        if (k.index < done) continue;
        let ns = k.index;
        while (ns > 0 && k.index - ns < MAX_NAME && isIdentChar(text.charCodeAt(ns - 1))) ns--;
        let ne = k.index + k[0].length;
        while (ne < text.length && ne - k.index < MAX_NAME && isIdentChar(text.charCodeAt(ne))) ne++;
        done = ne;
        KEYWORD.lastIndex = ne;
        const name = text.slice(ns, ne);
        if (describesOnly(name)) continue;
        if (PASSWORD_NAME.test(name) && isKeyValueConnectionString(text)) continue;
        ASSIGN.lastIndex = ne;
        const a = ASSIGN.exec(text);
        if (!a) continue;
        // Keywords inside this value belong to it: never rescan them (keeps `api_key=api_key=…` linear).
        done = KEYWORD.lastIndex = a.index + a[0].length;
        const raw = a[1]!;
        const kind = credentialValue(name, raw);
        if (!kind) continue;
        const value = raw.replace(/[.,;:!?)\]}>]+$/, "");
        if (isAllowlisted(value, input.settings.allowlist)) continue;
        out.push(
          secretFinding(input, {
            rule: "secret.high-entropy",
            line,
            index: a.index + a[0].length - raw.length,
            value,
            severity: "high",
            message:
              kind === "password"
                ? `A literal password assigned to \`${name}\` in a prompt template is readable by anyone with the repository or the rendered prompt.`
                : `A random-looking value assigned to \`${name}\` in a prompt template is most likely a live credential, readable by anyone with the repository or the rendered prompt.`,
          }),
        );
      }
    }
    return out;
  },
};
