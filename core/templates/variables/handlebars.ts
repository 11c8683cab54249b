/**
 * Variables of Handlebars templates (Dotprompt bodies).
 *
 * A mustache with one path (`{{name}}`, `{{{html}}}`, `{{#items}}`) reads that
 * path. With more tokens the first is a helper (`{{role "system"}}`,
 * `{{#each items}}`, `{{media url=photoUrl}}`): its parameters and hash values
 * are reported, the helper and hash keys are not; the same inside
 * sub-expressions. `this…`, `@data` and literal values are not variables;
 * `../name` reports `name`. Block params (`as |item i|`) are bound names from
 * then on. `{{! }}`/`{{!-- --}}` comments, partials `{{> name}}` and closing
 * tags report nothing. Dotprompt's `{{history}}` is a helper, not a variable.
 */
import type { Scope, VariableHit } from "./hits.js";

/** Helpers that take no arguments, so a lone `{{history}}` is not a variable. */
const NO_ARG_HELPERS = new Set(["history", "else"]);
const LITERALS = new Set(["true", "false", "null", "undefined"]);
/** Longest `[literal segment]` looked for, so a stray `[` costs a bounded scan. */
const MAX_SEGMENT = 256;

type Token =
  | { kind: "path"; text: string; offset: number; depth: number }
  | { kind: "literal"; depth: number }
  | { kind: "op"; value: string; depth: number };

// Handlebars' own ID rule: anything but whitespace and these punctuation characters.
const NOT_ID = new Set([..."!\"#%&'()*+,./;<=>@[\\]^`{|}~"]);
const isSpace = (ch: string | undefined): boolean => ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || ch === "\f" || ch === "\v";
const isIdChar = (ch: string | undefined): boolean => ch !== undefined && !isSpace(ch) && !NOT_ID.has(ch);

function readPath(s: string, k: number, b: number): number {
  if (s[k] === "@") k++;
  for (;;) {
    if (s[k] === "[") {
      // A literal segment `[any text]` closes on its own line, or it is not a path.
      let close = k + 1;
      const limit = Math.min(b, k + MAX_SEGMENT);
      while (close < limit && s[close] !== "]" && s[close] !== "\n") close++;
      if (s[close] !== "]" || close >= b) return k;
      k = close + 1;
    } else if (s.startsWith("..", k)) {
      k += 2;
    } else if (isIdChar(s[k])) {
      while (k < b && isIdChar(s[k])) k++;
    } else return k;
    if (k < b && (s[k] === "." || s[k] === "/") && (isIdChar(s[k + 1]) || s[k + 1] === "[" || s[k + 1] === ".")) k++;
    else return k;
  }
}

function tokenize(s: string, a: number, b: number, base: number): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let k = a;
  while (k < b) {
    const ch = s[k]!;
    if (isSpace(ch)) {
      k++;
    } else if (ch === '"' || ch === "'") {
      let q = k + 1;
      while (q < b && s[q] !== ch) q += s[q] === "\\" ? 2 : 1;
      tokens.push({ kind: "literal", depth });
      k = q + 1;
    } else if (ch === "(" || ch === ")" || ch === "=" || ch === "|") {
      tokens.push({ kind: "op", value: ch, depth });
      if (ch === "(") depth++;
      else if (ch === ")") depth = Math.max(0, depth - 1);
      k++;
    } else if (ch === "@" || ch === "[" || ch === "." || isIdChar(ch)) {
      const end = readPath(s, k, b);
      if (end === k) {
        k++;
        continue;
      }
      const text = s.slice(k, end);
      tokens.push(/^-?\d+(\.\d+)?$/.test(text) || LITERALS.has(text) ? { kind: "literal", depth } : { kind: "path", text, offset: base + k, depth });
      k = end;
    } else {
      k++;
    }
  }
  return tokens;
}

const rootOf = (path: string): string => path.split(/[./]/, 1)[0]!;

/** The input a path reads, with its offset, or undefined for `this`, `@data` and bound names. */
function inputOf(t: Extract<Token, { kind: "path" }>, scope: Scope): VariableHit | undefined {
  let text = t.text;
  let offset = t.offset;
  while (text.startsWith("../") || text.startsWith("./")) {
    const cut = text.startsWith("../") ? 3 : 2;
    text = text.slice(cut);
    offset += cut;
  }
  if (!text || text.startsWith("@") || text === "." || text === ".." || text === "this" || /^this[./]/.test(text)) return undefined;
  if (scope.bound.has(rootOf(text))) return undefined;
  return { name: text, offset };
}

function mustache(s: string, a: number, b: number, base: number, scope: Scope, out: VariableHit[]): void {
  if (s[a] === "~") a++;
  if (b > a && s[b - 1] === "~") b--;
  while (a < b && isSpace(s[a])) a++;
  while (a < b && s[a] === "{") a++; // `{{{raw}}}`
  const sigil = s[a];
  if (sigil === "!" || sigil === ">" || sigil === "/") return;
  if (sigil === "#" || sigil === "^" || sigil === "&") {
    a++;
    if (s[a] === "*" || s[a] === ">") return; // decorators, partial blocks
  }
  let tokens = tokenize(s, a, b, base);

  // `as |item index|` binds names for the block.
  const asAt = tokens.findIndex((t, n) => t.kind === "path" && t.text === "as" && tokens[n + 1]?.kind === "op" && (tokens[n + 1] as { value: string }).value === "|");
  if (asAt !== -1) {
    for (const t of tokens.slice(asAt + 2)) {
      if (t.kind === "op" && t.value === "|") break;
      if (t.kind === "path") scope.bound.add(rootOf(t.text));
    }
    tokens = tokens.slice(0, asAt);
  }
  // `{{else}}` / `{{else if x}}`: what follows `else` is an ordinary helper call.
  const first = tokens[0];
  if (first?.kind === "path" && first.text === "else") tokens = tokens.slice(1);
  if (tokens.length === 0) return;

  if (tokens.length === 1) {
    const only = tokens[0]!;
    if (only.kind !== "path" || NO_ARG_HELPERS.has(only.text)) return;
    const hit = inputOf(only, scope);
    if (hit) out.push(hit);
    return;
  }
  tokens.forEach((t, n) => {
    if (t.kind !== "path") return;
    if (n === 0) return; // the helper
    const prev = tokens[n - 1];
    const next = tokens[n + 1];
    if (prev?.kind === "op" && prev.value === "(") return; // sub-expression helper
    if (next?.kind === "op" && next.value === "=") return; // hash key
    const hit = inputOf(t, scope);
    if (hit) out.push(hit);
  });
}

/** Scans file text [start, end) and appends hits with file offsets; `scope` carries block params across calls. */
export function scanHandlebarsVariables(text: string, start: number, end: number, scope: Scope, out: VariableHit[]): void {
  const s = text.slice(start, end);
  let i = 0;
  while (i < s.length) {
    const j = s.indexOf("{{", i);
    if (j === -1) return;
    let k = j + 2;
    if (s[k] === "~") k++;
    if (s.startsWith("!--", k)) {
      // Long comments may contain `}}`; they end only at `--}}` / `--~}}`.
      const m = /--~?\}\}/g;
      m.lastIndex = k + 3;
      const found = m.exec(s);
      if (!found) return;
      i = found.index + found[0].length;
      continue;
    }
    const c = s.indexOf("}}", j + 2);
    if (c === -1) return;
    if (s[k] === "!") {
      i = c + 2; // short comment: ends at the first `}}`
      continue;
    }
    let o = s.lastIndexOf("{{", c - 2);
    while (o > j && s[o - 1] === "{") o--;
    if (o > j) {
      i = o; // the `{{` at j was never closed: prose
      continue;
    }
    mustache(s, j + 2, c, start, scope, out);
    i = c + 2;
    if (s[j + 2] === "{" && s[i] === "}") i++;
  }
}
