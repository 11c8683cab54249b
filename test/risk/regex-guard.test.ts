import { describe, it, expect } from "@jest/globals";
import { compileUserPattern, compileUserPatterns, linesMatching, MAX_MATCHES_PER_TEXT } from "../../core/risk/regex-guard.js";
import { piiRules } from "../../core/risk/rules/pii/index.js";
import { secretRules } from "../../core/risk/rules/secret/index.js";
import { hiddenTextRules } from "../../core/risk/rules/hidden-text/index.js";
import { defaultPolicy } from "../../core/policy/resolved.js";
import type { FileRuleInput } from "../../core/risk/rule.js";

describe("compileUserPattern", () => {
  it("finds every match with its UTF-16 index, also after astral characters", () => {
    const r = compileUserPattern("ACME-[0-9]{6}");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const text = "😀 id ACME-123456, then ACME-654321.";
    expect(r.value.matchAll(text)).toEqual([
      { index: text.indexOf("ACME-123456"), text: "ACME-123456" },
      { index: text.indexOf("ACME-654321"), text: "ACME-654321" },
    ]);
    expect(r.value.test("no id here")).toBe(false);
  });

  it("accepts JavaScript spellings RE2 lacks natively (named groups) and inline flags", () => {
    const named = compileUserPattern("(?<id>EMP-\\d{4})");
    expect(named.ok && named.value.matchAll("EMP-0042")).toEqual([{ index: 0, text: "EMP-0042" }]);
    const insensitive = compileUserPattern("(?i)project falcon");
    expect(insensitive.ok && insensitive.value.test("PROJECT Falcon")).toBe(true);
  });

  it("skips empty matches instead of looping on them", () => {
    const r = compileUserPattern("x*");
    expect(r.ok && r.value.matchAll("abxxc")).toEqual([{ index: 2, text: "xx" }]);
  });

  it("caps the number of matches reported for one text", () => {
    const r = compileUserPattern("a");
    expect(r.ok && r.value.matchAll("a".repeat(10_000)).length).toBe(MAX_MATCHES_PER_TEXT);
  });

  it.each([
    ["lookahead", "secret(?=key)"],
    ["lookbehind", "(?<=id:)\\d+"],
    ["backreference", "(a)\\1"],
    ["syntax error", "[unclosed"],
    ["empty", ""],
  ])("rejects a pattern RE2 cannot run (%s) as a Problem, without throwing", (_, source) => {
    const r = compileUserPattern(source, { path: "/rules/secret/patterns/0" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("policy.pattern");
    expect(r.error.path).toBe("/rules/secret/patterns/0");
    expect(r.error.message.length).toBeGreaterThan(0);
  });

  it("rejects patterns whose program would be huge", () => {
    const r = compileUserPattern("(?:[a-z0-9]{1000}){0,1000}");
    expect(r.ok).toBe(false);
  });

  it("runs a catastrophic-backtracking pattern on a 1 MB adversarial line and returns", () => {
    const r = compileUserPattern("(a+)+$");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.matchAll("a".repeat(1_000_000) + "!")).toEqual([]);
    expect(r.value.matchAll("a".repeat(1_000_000))).toEqual([{ index: 0, text: "a".repeat(1_000_000) }]);
  });
});

describe("compileUserPatterns", () => {
  it("keeps the patterns that compile and reports each one that does not, by position", () => {
    const out = compileUserPatterns([{ id: "emp", pattern: "EMP-\\d+" }, { pattern: "(?=x)" }, { pattern: "ok", message: "m" }]);
    expect(out.matchers.map((m) => [m.id, m.matcher.source, m.message])).toEqual([["emp", "EMP-\\d+", undefined], [undefined, "ok", "m"]]);
    expect(out.problems).toHaveLength(1);
    expect(out.problems[0]!.path).toBe("/patterns/1");
  });

  it("handles no patterns", () => {
    expect(compileUserPatterns(undefined)).toEqual({ matchers: [], problems: [] });
  });
});

describe("linesMatching", () => {
  it("keeps the lines the hint matches and tests each line once per hint and array", () => {
    let tests = 0;
    const hint = /\d/;
    const counting = new Proxy(hint, {
      get(target, prop) {
        if (prop === "test") return (s: string) => (tests++, target.test(s));
        return Reflect.get(target, prop);
      },
    });
    const lines = [{ line: 1, text: "no digits" }, { line: 2, text: "call 555" }, { line: 3, text: "x9" }];
    const first = linesMatching(lines, counting);
    expect(first.map((l) => l.line)).toEqual([2, 3]);
    expect(linesMatching(lines, counting)).toBe(first);
    expect(tests).toBe(3);
    // Another array of the same lines is filtered afresh.
    expect(linesMatching([...lines], counting).map((l) => l.line)).toEqual([2, 3]);
    expect(tests).toBe(6);
  });
});

/**
 * Every built-in rule of these categories, and the policy's own patterns, on
 * 1 MB lines built to make backtracking regexes explode. A hang fails the
 * test through jest's timeout; nothing here measures time.
 */
describe("adversarial 1 MB lines", () => {
  const M = 1_000_000;
  const adversarial: Record<string, string> = {
    "a run ending in !": "a".repeat(M) + "!",
    "a digit run": "1".repeat(M),
    "digits and spaces": "1 ".repeat(M / 2),
    "digits and dashes": "12-".repeat(M / 3),
    "digits and dots": "1.".repeat(M / 2),
    "a base64 run": "Ab9+/".repeat(M / 5),
    "sk- and a long tail": "sk-" + "A".repeat(M),
    "sk- and a mixed tail": "sk-" + "aB3_".repeat(M / 4),
    "@ only": "@".repeat(M),
    "a@ pairs": "a@".repeat(M / 2),
    "dotted @ pairs": "a.b@c.".repeat(M / 6),
    "colons after :a@": ":a@".repeat(M / 3),
    "tag characters": String.fromCodePoint(0xe0041).repeat(M),
    "hex and colons": "ab12:".repeat(M / 5),
    "scheme and userinfo": "x://a:b@".repeat(M / 8),
    "a JWT-like head": "eyJ" + "a".repeat(M),
    "JWT-like parts": "eyJaaaaa.".repeat(M / 9),
    "assignments": "api_key=".repeat(M / 8),
    "a password": "password: " + "Ab1!".repeat(M / 4),
    "Cyrillic": "а".repeat(M),
    "Latin and Cyrillic": "aа".repeat(M / 2),
    "zero-width spaces": "\u200B".repeat(M),
    "bidi overrides": "\u202E".repeat(M),
    "variation selectors": "\u{E0100}".repeat(M / 2),
    "birth words and dates": "born on 12/12/1990 ".repeat(M / 19),
    "IBAN heads": "DE89 ".repeat(M / 5),
    "mustache braces": "{{a".repeat(M / 3),
    "plus signs": "+1 ".repeat(M / 3),
  };
  const rules = [...piiRules, ...secretRules, ...hiddenTextRules];

  it.each(Object.entries(adversarial))("every rule returns on %s", (_, text) => {
    const input: FileRuleInput = {
      change: { path: "prompts/adversarial.md", status: "added", addedLines: [1], removedLines: [], new: { text } },
      added: [{ line: 1, text }],
      settings: { patterns: [{ id: "catastrophic", pattern: "(a+)+$" }, { pattern: "(\\d+\\s?)+x" }] },
      policy: defaultPolicy(),
    };
    for (const rule of rules) {
      const findings = rule.checkFile!(input);
      expect(Array.isArray(findings)).toBe(true);
    }
  });
});
