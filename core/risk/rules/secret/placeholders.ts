/**
 * What is not a secret even though it has a secret's shape: documented
 * example keys, placeholders people write in docs and templates, references
 * to where the real value lives, and strings too regular to be random.
 */

/** Keys that providers publish in their documentation. */
export const DOCUMENTED_EXAMPLES: ReadonlySet<string> = new Set([
  "AKIAIOSFODNN7EXAMPLE",
  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
  "ASIAIOSFODNN7EXAMPLE",
  "AKIAI44QH8DHBEXAMPLE",
  // Stripe's documented test key, split so that scanners reading this file do not flag it.
  ["sk", "test", "4eC39HqLyjWDarjtT1zdp7dc"].join("_"),
  // jwt.io's default token signature.
  "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
]);

const WORDS =
  "example|sample|dummy|fake|placeholder|redacted|changeme|change_me|change-me|replace|insert|your|here|xxxx|yyyy|zzzz|todo|fixme|secret_?value|my_?(?:api_?)?(?:key|token|secret|password)|(?:api|access)_?key_?here|notreal|not_real|mock|lorem";
// Case-consistent only: random tokens contain `MoCk` or `hErE` by chance (about 1 in 10^4), but rarely all-lower or all-upper words.
const PLACEHOLDER_WORDS = new RegExp(`${WORDS}|${WORDS.toUpperCase()}`);
const TITLE_WORDS = /Example|Sample|Dummy|Fake|Placeholder|Redacted|Your|Here/;
const REFERENCE = /^\$\{|^\$\(|^\$[A-Z_][A-Z0-9_]*$|^%[A-Z_]+%$|^\{\{|\}\}$|^<.*>$|^\[.*\]$|^process\.env|^os\.environ|^env\(|^secrets?\.|^vault:|^\{\s*env|^ENV\[|^getenv/i;

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

function distinct(s: string): number {
  return new Set(s).size;
}

/**
 * True for `sk-xxxx`, `sk-...`, `<your-key>`, `${env:API_KEY}`, `{{api_key}}`,
 * `YOUR_API_KEY`, `changeme`, `****`, `aaaaaaaa`, `0123456789abcdef…` and friends.
 * `value` is the secret part (after a provider prefix, when there is one).
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (DOCUMENTED_EXAMPLES.has(v) || v.endsWith("EXAMPLE") || v.endsWith("EXAMPLEKEY")) return true;
  if (REFERENCE.test(v)) return true;
  if (/\.{3}|…|\*{3,}|•|#{3,}|<[^>]*>|\$\{|\{\{|%\(|%s\b/.test(v)) return true;
  if (PLACEHOLDER_WORDS.test(v) || TITLE_WORDS.test(v)) return true;
  if (/^(.)\1*$/.test(v)) return true;
  if (/0123456789|123456789|abcdefghij|ABCDEFGHIJ|1234567890/i.test(v)) return true;
  // Long strings with very few distinct characters were typed by a person, not generated.
  if (v.length >= 12 && distinct(v) < Math.min(8, Math.ceil(v.length / 4))) return true;
  // `XXXX-XXXX`-style masks: the same character repeated in blocks.
  if (/(.)\1{7,}/.test(v)) return true;
  return false;
}

/** A secret is allowlisted when an allowlist entry equals it, or equals its last characters after `…` (`sk-…Q2x9`, as masked evidence shows it). */
export function isAllowlisted(value: string, allowlist: readonly string[] | undefined): boolean {
  if (!allowlist || allowlist.length === 0) return false;
  for (const entry of allowlist) {
    if (entry === value) return true;
    const ell = entry.indexOf("…");
    if (ell >= 0 && entry.length - ell - 1 >= 4 && value.startsWith(entry.slice(0, ell)) && value.endsWith(entry.slice(ell + 1))) return true;
  }
  return false;
}
