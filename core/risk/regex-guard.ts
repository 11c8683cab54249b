/**
 * Regular expressions that cannot hang the engine.
 *
 * Built-in patterns are written for V8's backtracking engine but kept linear:
 * every repetition is bounded, and no quantified group repeats over characters
 * its neighbour can also match (see `test/risk/regex-guard.test.ts`, which feeds
 * every rule 1 MB adversarial lines).
 *
 * Patterns from a user's policy cannot be trusted that way, so they never reach
 * V8's engine: they run on re2js, a pure-JS port of RE2, which matches in time
 * linear in the input whatever the pattern. Syntax that RE2 cannot run in linear
 * time (backreferences, lookahead, lookbehind) is rejected as a Problem.
 */
import { RE2JS } from "re2js";
import { err, ok, type Problem, type Result } from "../errors/problem.js";
import type { LineView } from "./rule.js";
import { boundedMemo } from "../bounded-memo.js";

export interface PatternMatch {
  /** UTF-16 offset of the match in the text (as `String.prototype.indexOf` counts). */
  index: number;
  text: string;
}

export interface UserMatcher {
  /** The pattern as the policy wrote it. */
  source: string;
  /** Non-empty, non-overlapping matches, left to right, at most `MAX_MATCHES_PER_TEXT`. */
  matchAll(text: string): PatternMatch[];
  test(text: string): boolean;
}

/** A policy pattern longer than this is more likely a mistake than a rule. */
export const MAX_PATTERN_LENGTH = 2000;
/** RE2 program size (instructions) above which a pattern is refused: bounds memory per match. */
export const MAX_PROGRAM_SIZE = 20000;
/** One line full of matches must not turn into a million findings. */
export const MAX_MATCHES_PER_TEXT = 100;

/**
 * Compile a user pattern (JavaScript-style source, without slashes; inline flags
 * such as `(?i)` work) for linear-time matching.
 */
export function compileUserPattern(source: string, where: { path?: string } = {}): Result<UserMatcher> {
  const problem = (message: string): Problem => ({ code: "policy.pattern", message, ...(where.path ? { path: where.path } : {}) });
  if (typeof source !== "string" || source.length === 0) return err(problem("a pattern must be a non-empty string"));
  if (source.length > MAX_PATTERN_LENGTH) return err(problem(`pattern is longer than ${MAX_PATTERN_LENGTH} characters`));
  let re: RE2JS;
  try {
    // translateRegExp turns JS-only spellings (named groups `(?<n>…)`, `\/`) into RE2 syntax.
    re = RE2JS.compile(RE2JS.translateRegExp(source));
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return err(problem(`pattern ${JSON.stringify(source)} cannot run in linear time or is invalid (${detail}); lookaround and backreferences are not supported`));
  }
  if (re.programSize() > MAX_PROGRAM_SIZE) {
    return err(problem(`pattern ${JSON.stringify(source)} is too large (RE2 program size ${re.programSize()} > ${MAX_PROGRAM_SIZE})`));
  }
  return ok({
    source,
    test: (text) => re.test(text),
    matchAll(text) {
      const out: PatternMatch[] = [];
      const m = re.matcher(text);
      let from = 0;
      while (out.length < MAX_MATCHES_PER_TEXT && from <= text.length && m.find(from)) {
        const start = m.start();
        const end = m.end();
        // An empty match says nothing and would stall the loop: step past it.
        if (end > start) out.push({ index: start, text: text.slice(start, end) });
        from = end > start ? end : end + 1;
      }
      return out;
    },
  });
}

export interface CompiledPatterns {
  matchers: { id?: string; message?: string; matcher: UserMatcher }[];
  problems: Problem[];
}

// Policies are few and rules run per file: compile each distinct pattern once.
const compiledPattern = boundedMemo((source: string) => compileUserPattern(source), 500);

/** Compile every policy pattern of a rule, keeping the ones that compile and a Problem for each that does not. */
export function compileUserPatterns(patterns: readonly { id?: string; pattern: string; message?: string }[] | undefined): CompiledPatterns {
  const out: CompiledPatterns = { matchers: [], problems: [] };
  if (!patterns) return out;
  patterns.forEach((p, i) => {
    const compiled = compiledPattern(p.pattern);
    if (compiled.ok) out.matchers.push({ ...(p.id ? { id: p.id } : {}), ...(p.message ? { message: p.message } : {}), matcher: compiled.value });
    else out.problems.push({ ...compiled.error, path: `/patterns/${i}` });
  });
  return out;
}

/**
 * Prefiltering, the other half of keeping content rules fast: most lines of a
 * prompt cannot hold what a rule looks for (no digit, no `@`, no non-ASCII
 * character), and one native regex test says so. Rules of a category share a
 * hint, so its verdict is cached per `added` array (the engine hands every rule
 * of a file the same one) and each line is tested once, not once per rule.
 * `hint` must not have the `g` or `y` flag (`test` would then be stateful).
 */
const prefilterCache = new WeakMap<readonly LineView[], Map<RegExp, readonly LineView[]>>();

export function linesMatching(lines: readonly LineView[], hint: RegExp): readonly LineView[] {
  let perHint = prefilterCache.get(lines);
  if (!perHint) {
    perHint = new Map();
    prefilterCache.set(lines, perHint);
  }
  let hit = perHint.get(hint);
  if (!hit) {
    hit = lines.filter((l) => hint.test(l.text));
    perHint.set(hint, hit);
  }
  return hit;
}
