/**
 * CODEOWNERS as GitHub reads it: one `pattern owner…` rule a line, the LAST
 * matching rule wins, and a rule with no owners takes ownership away.
 *
 * Patterns follow gitignore with GitHub's restrictions: a leading `/`, or a
 * `/` in the middle, anchors the pattern at the repository root; a pattern
 * without one matches at any depth; a trailing `/` matches a directory's
 * contents only; `*` and `?` never cross `/`; `**` spans directories; a
 * pattern naming a file or directory also owns everything below it, except
 * that a lone trailing `*` segment (`docs/*`) owns direct children only.
 * `!` negation and `[…]` ranges are not supported by GitHub: such a line is
 * invalid and, as on GitHub, skipped.
 *
 * Matching runs on re2js (linear time): the file comes from the repository,
 * and a pattern like `*a*a*a*a*b` must not stall the engine.
 */
import { RE2JS } from "re2js";
import type { Problem } from "../errors/problem.js";

export interface CodeownersRule {
  /** The pattern as written (escapes kept). */
  pattern: string;
  /** `user` or `org/team`, `@` stripped; empty: the rule unsets ownership. */
  owners: string[];
  /** 1-based line in the file. */
  line: number;
  /** Owners given as email addresses, which PromptOps cannot map to accounts (so they are not in `owners`). */
  emailOwners?: number;
}

export interface Codeowners {
  /** Repository path of the file the rules came from. */
  path: string;
  rules: CodeownersRule[];
  /** Lines GitHub would skip (invalid pattern or owner), as values. */
  problems: Problem[];
}

export interface CodeownersMatch extends CodeownersRule {
  /** The file the rule is in, for a report's "from CODEOWNERS:12". */
  path: string;
}

/** Where GitHub looks, in the order it looks: the first that exists wins. */
export const CODEOWNERS_LOCATIONS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"] as const;

const USER = /^@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const TEAM = /^@[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

interface Matcher {
  re: RE2JS | null;
  /** A piece of text every matching path contains: a cheap test that skips most regex runs. */
  literal: string;
}
const compiled = new WeakMap<CodeownersRule, Matcher>();

/** Split a line into whitespace-separated tokens, honouring `\ ` escapes and stopping at a `#` comment. */
function tokens(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let inToken = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === "\\" && i + 1 < line.length) {
      cur += ch + line[i + 1];
      i++;
      inToken = true;
      continue;
    }
    if (ch === " " || ch === "\t") {
      if (inToken) out.push(cur);
      cur = "";
      inToken = false;
      continue;
    }
    if (ch === "#" && !inToken) break;
    cur += ch;
    inToken = true;
  }
  if (inToken) out.push(cur);
  return out;
}

/** Why GitHub would reject `pattern`, or undefined. */
function patternProblem(pattern: string): string | undefined {
  if (pattern.startsWith("!")) return "negated patterns (`!`) are not supported in CODEOWNERS";
  if (/(^|[^\\])\[/.test(pattern)) return "character ranges (`[…]`) are not supported in CODEOWNERS";
  if (pattern.includes("***")) return "a pattern cannot contain `***`";
  return undefined;
}

export function parseCodeowners(text: string, path = ".github/CODEOWNERS"): Codeowners {
  const rules: CodeownersRule[] = [];
  const problems: Problem[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, "");
    const toks = tokens(raw);
    if (toks.length === 0) continue;
    const [pattern, ...ownerTokens] = toks as [string, ...string[]];
    const line = i + 1;
    const bad = (message: string, column = 1) => problems.push({ code: "codeowners.invalid", message, file: path, line, column });
    const why = patternProblem(pattern);
    if (why) {
      bad(why);
      continue;
    }
    const owners: string[] = [];
    let emails = 0;
    let invalid: string | undefined;
    for (const o of ownerTokens) {
      if (USER.test(o) || TEAM.test(o)) owners.push(o.slice(1));
      else if (EMAIL.test(o)) emails++; // GitHub resolves emails to accounts; PromptOps cannot, so they are not owners here.
      else invalid ??= o;
    }
    if (invalid !== undefined) {
      bad(`\`${invalid}\` is not a valid owner (use @user, @org/team or an email address)`, raw.indexOf(invalid) + 1);
      continue;
    }
    rules.push({ pattern, owners, line, ...(emails ? { emailOwners: emails } : {}) });
  }
  return { path, rules, problems };
}

const escapeRe = (ch: string): string => ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** The regular expression (RE2 syntax) for a CODEOWNERS pattern over repository-relative paths. */
export function codeownersPatternSource(pattern: string): string {
  if (pattern === "/") return "^$.";
  let segs = pattern.split("/");
  if (segs[0] === "") segs = segs.slice(1);
  // One segment (optionally with a trailing slash) and no leading slash: it matches at any depth.
  else if (segs.length === 1 || (segs.length === 2 && segs[1] === "")) {
    if (segs[0] !== "**") segs = ["**", ...segs];
  }
  // A trailing slash means "the contents of this directory".
  if (segs.length > 1 && segs[segs.length - 1] === "") segs[segs.length - 1] = "**";

  const last = segs.length - 1;
  let re = "^";
  let needSlash = false;
  segs.forEach((seg, i) => {
    if (seg === "**") {
      if (i === 0 && i === last) re += ".+";
      else if (i === 0) re += "(?:.+/)?";
      else if (i === last) re += "/.+";
      else re += "(?:/.+)?";
      needSlash = i !== 0;
      return;
    }
    if (needSlash) re += "/";
    if (seg === "*") {
      // A lone `*` segment is exactly one path component: `docs/*` does not own `docs/a/b.md`.
      re += "[^/]+";
    } else {
      for (let k = 0; k < seg.length; k++) {
        const ch = seg[k]!;
        if (ch === "\\" && k + 1 < seg.length) re += escapeRe(seg[++k]!);
        else if (ch === "*") re += "[^/]*";
        else if (ch === "?") re += "[^/]";
        else re += escapeRe(ch);
      }
      // A name that matches a directory owns everything below it.
      if (i === last) re += "(?:/.*)?";
    }
    needSlash = true;
  });
  return re + "$";
}

/** The longest wildcard-free run inside one segment of `pattern`, unescaped. */
function requiredLiteral(pattern: string): string {
  let best = "";
  let cur = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "\\" && i + 1 < pattern.length) cur += pattern[++i];
    else if (ch === "*" || ch === "?" || ch === "/") {
      if (cur.length > best.length) best = cur;
      cur = "";
    } else cur += ch;
  }
  return cur.length > best.length ? cur : best;
}

function matcher(rule: CodeownersRule): Matcher {
  let m = compiled.get(rule);
  if (m === undefined) {
    let re: RE2JS | null;
    try {
      re = RE2JS.compile(codeownersPatternSource(rule.pattern));
    } catch {
      re = null; // unreachable for patterns parseCodeowners accepts; never match rather than throw
    }
    m = { re, literal: requiredLiteral(rule.pattern) };
    compiled.set(rule, m);
  }
  return m;
}

const matches = (m: Matcher, path: string): boolean => m.re !== null && path.includes(m.literal) && m.re.matches(path);

/** Whether `pattern` matches repository path `path` (`/` separators, no leading slash). */
export function codeownersPatternMatches(pattern: string, path: string): boolean {
  return matches(matcher({ pattern, owners: [], line: 0 }), path);
}

/**
 * The rule that decides the owners of `path`: the last matching one. Undefined
 * when no rule matches; a match with `owners: []` means ownership was unset.
 */
export function codeownersFor(path: string, parsed: Codeowners): CodeownersMatch | undefined {
  const p = path.replace(/^\/+/, "");
  for (let i = parsed.rules.length - 1; i >= 0; i--) {
    const rule = parsed.rules[i]!;
    if (matches(matcher(rule), p)) return { ...rule, path: parsed.path };
  }
  return undefined;
}
