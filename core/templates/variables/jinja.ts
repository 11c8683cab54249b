/**
 * Variables of Jinja2 and Mustache templates (Prompty, Markdown/text).
 *
 * `{{ expr }}`: every name the expression reads, as its dotted path as written
 * (`user.name`), except filters, tests, keyword-argument names, called
 * functions, Jinja globals (`loop`, `range`…) and names the template binds
 * itself (`{% for item in … %}`, `{% set x = … %}`, macro parameters).
 * `{% … %}`: `if`/`elif` conditions, `for` iterables and `set`/`with` values
 * read inputs too and are reported; the names they bind are not.
 * `{# … #}` comments and `{% raw %}` blocks are skipped; Markdown heading ids
 * (`{#intro}`) are prose. An opener never closed before the next construct is prose. Mustache sigils:
 * `{{#s}}`/`{{^s}}`/`{{&x}}`/`{{{x}}}` report their name; `{{/s}}`,
 * `{{!c}}`, `{{>p}}` and `{{=<% %>=}}` report nothing.
 */
import { type Scope, type VariableHit } from "./hits.js";

type Token =
  | { kind: "name"; path: string; segments: number; offset: number }
  | { kind: "op"; value: string }
  | { kind: "literal" };

const KEYWORDS = new Set(["and", "or", "not", "in", "is", "if", "else", "true", "false", "none", "True", "False", "None", "recursive", "as", "with", "without", "context", "ignore", "missing", "import"]);
const GLOBALS = new Set(["loop", "self", "super", "caller", "varargs", "kwargs", "range", "dict", "lipsum", "cycler", "joiner", "namespace"]);
const TWO_CHAR_OPS = new Set(["==", "!=", ">=", "<=", "**", "//"]);

const isIdentStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdent = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57);
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;

function tokenize(s: string, a: number, b: number, base: number): Token[] {
  const tokens: Token[] = [];
  let k = a;
  while (k < b) {
    const c = s.charCodeAt(k);
    if (isSpace(c)) {
      k++;
    } else if (c === 34 || c === 39) {
      let q = k + 1;
      while (q < b && s.charCodeAt(q) !== c) q += s.charCodeAt(q) === 92 ? 2 : 1;
      tokens.push({ kind: "literal" });
      k = q + 1;
    } else if (c >= 48 && c <= 57) {
      while (k < b && (isIdent(s.charCodeAt(k)) || s.charCodeAt(k) === 46)) k++;
      tokens.push({ kind: "literal" });
    } else if (isIdentStart(c)) {
      const start = k;
      let segments = 1;
      k++;
      for (;;) {
        while (k < b && isIdent(s.charCodeAt(k))) k++;
        if (k + 1 < b && s.charCodeAt(k) === 46 && isIdentStart(s.charCodeAt(k + 1))) {
          segments++;
          k++;
        } else break;
      }
      tokens.push({ kind: "name", path: s.slice(start, k), segments, offset: base + start });
    } else {
      const two = s.slice(k, k + 2);
      if (TWO_CHAR_OPS.has(two)) {
        tokens.push({ kind: "op", value: two });
        k += 2;
      } else {
        tokens.push({ kind: "op", value: s[k]! });
        k++;
      }
    }
  }
  return tokens;
}

const isName = (t: Token | undefined, name?: string): t is Extract<Token, { kind: "name" }> =>
  t?.kind === "name" && (name === undefined || t.path === name);
const isOp = (t: Token | undefined, value: string): boolean => t?.kind === "op" && t.value === value;
const root = (path: string): string => {
  const dot = path.indexOf(".");
  return dot === -1 ? path : path.slice(0, dot);
};

/** Report the names that `tokens[from..]` read. */
function readNames(tokens: Token[], from: number, scope: Scope, out: VariableHit[]): void {
  for (let n = from; n < tokens.length; n++) {
    const t = tokens[n]!;
    if (t.kind !== "name") continue;
    const prev = tokens[n - 1];
    const next = tokens[n + 1];
    if (n > from && (isOp(prev, "|") || isOp(prev, "."))) continue; // filter name, attribute of a call/subscript
    if (n > from && (isName(prev, "is") || (isName(prev, "not") && isName(tokens[n - 2], "is")))) continue; // test name
    if (KEYWORDS.has(t.path)) continue;
    if (isOp(next, "=")) continue; // keyword argument
    let path = t.path;
    if (isOp(next, "(")) {
      if (t.segments === 1) continue; // a function, not data
      path = path.slice(0, path.lastIndexOf(".")); // `name.upper()` reads `name`
    }
    const r = root(path);
    if (GLOBALS.has(r) || scope.bound.has(r)) continue;
    out.push({ name: path, offset: t.offset });
  }
}

function bindNames(tokens: Token[], from: number, to: number, scope: Scope): void {
  for (let n = from; n < to && n < tokens.length; n++) {
    const t = tokens[n]!;
    if (t.kind === "name" && !KEYWORDS.has(t.path)) scope.bound.add(root(t.path));
  }
}

/** Strip `-`/`+` whitespace control and spaces around an inner range. */
function trimInner(s: string, a: number, b: number): [number, number] {
  if (a < b && (s[a] === "-" || s[a] === "+")) a++;
  if (b > a && (s[b - 1] === "-" || s[b - 1] === "+")) b--;
  while (a < b && isSpace(s.charCodeAt(a))) a++;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  return [a, b];
}

function expression(s: string, a0: number, b0: number, base: number, scope: Scope, out: VariableHit[]): void {
  let [a, b] = trimInner(s, a0, b0);
  while (a < b && s[a] === "{") a++; // `{{{x}}}`
  const sigil = s[a];
  if (sigil === "!" || sigil === "/" || sigil === ">" || sigil === "=") return;
  if (sigil === "#" || sigil === "^" || sigil === "&") {
    const tokens = tokenize(s, a + 1, b, base);
    // `{{#each items}}` written Handlebars-style: the first name is a helper.
    const from = tokens.length > 1 && isName(tokens[0]) && isName(tokens[1]) ? 1 : 0;
    readNames(tokens, from, scope, out);
    return;
  }
  readNames(tokenize(s, a, b, base), 0, scope, out);
}

const HEADING_ID = /^[^\n#{}]*\}/;
const END_RAW = /\{%[-+]?\s*endraw\s*[-+]?%\}/g;

/** Returns where scanning continues when the statement swallows text (`raw`). */
function statement(s: string, a0: number, b0: number, base: number, scope: Scope, out: VariableHit[]): number | void {
  const [a, b] = trimInner(s, a0, b0);
  const tokens = tokenize(s, a, b, base);
  const head = tokens[0];
  if (!isName(head)) return;
  switch (head.path) {
    case "for": {
      const inAt = tokens.findIndex((t, n) => n > 0 && isName(t, "in"));
      if (inAt === -1) return;
      bindNames(tokens, 1, inAt, scope);
      readNames(tokens, inAt + 1, scope, out);
      return;
    }
    case "if":
    case "elif":
      readNames(tokens, 1, scope, out);
      return;
    case "set": {
      const eq = tokens.findIndex((t) => isOp(t, "="));
      bindNames(tokens, 1, eq === -1 ? tokens.length : eq, scope);
      if (eq !== -1) readNames(tokens, eq + 1, scope, out);
      return;
    }
    case "with":
      tokens.forEach((t, n) => {
        if (isName(t) && isOp(tokens[n + 1], "=")) scope.bound.add(root(t.path));
      });
      readNames(tokens, 1, scope, out);
      return;
    case "macro":
    case "import":
    case "from":
      bindNames(tokens, 1, tokens.length, scope);
      return;
    case "raw": {
      END_RAW.lastIndex = b0;
      const m = END_RAW.exec(s);
      return m ? m.index + m[0].length : s.length;
    }
    default:
      return;
  }
}

/** Scans file text [start, end) and appends hits with file offsets; `scope` carries bound names across calls. */
export function scanJinjaVariables(text: string, start: number, end: number, scope: Scope, out: VariableHit[]): void {
  const s = text.slice(start, end);
  // Once a closer is missing from some point on, it is missing for every later opener: remember, to stay linear.
  let noStatementClose = false;
  let noCommentClose = false;
  let i = 0;
  while (i < s.length) {
    const j = s.indexOf("{", i);
    if (j === -1 || j + 1 >= s.length) return;
    const kind = s[j + 1];
    if (kind === "{") {
      const c = s.indexOf("}}", j + 2);
      if (c === -1) return;
      if (/^[-+]?\s*!/.test(s.slice(j + 2, j + 4 + 16))) {
        i = c + 2; // Mustache comment: ends at the first `}}`, whatever braces it holds
        continue;
      }
      // An opening never closed before a later one is prose: resume at the later one.
      let o = s.lastIndexOf("{{", c - 2);
      while (o > j && s[o - 1] === "{") o--;
      if (o > j) {
        i = o;
        continue;
      }
      expression(s, j + 2, c, start, scope, out);
      i = c + 2;
      if (s[j + 2] === "{" && s[i] === "}") i++; // `{{{x}}}`
    } else if (kind === "%") {
      const c = noStatementClose ? -1 : s.indexOf("%}", j + 2);
      if (c === -1) {
        noStatementClose = true;
        i = j + 2;
        continue;
      }
      if (s.slice(j + 2, c).includes("{%") || s.slice(j + 2, c).includes("{{")) {
        i = j + 2; // this `{%` was never closed before another construct: prose
        continue;
      }
      const resume = statement(s, j + 2, c, start, scope, out);
      i = typeof resume === "number" ? resume : c + 2;
    } else if (kind === "#") {
      // Markdown heading ids and attributes (`{#intro}`, `{#id .class}`) are prose, not comments.
      if (HEADING_ID.test(s.slice(j + 2, j + 200))) {
        i = j + 2;
        continue;
      }
      const c = noCommentClose ? -1 : s.indexOf("#}", j + 2);
      if (c === -1) {
        noCommentClose = true;
        i = j + 2;
        continue;
      }
      i = c + 2;
    } else {
      i = j + 1;
    }
  }
}
