import { describe, it, expect } from "@jest/globals";
import { codeownersFor, codeownersPatternMatches, parseCodeowners } from "../../core/governance/codeowners.js";
import { fixture } from "./change-set.js";

const ownersOf = (text: string, path: string): string[] | undefined => codeownersFor(path, parseCodeowners(text))?.owners;

describe("parseCodeowners", () => {
  it("reads rules with their lines, strips @, drops emails and comments", () => {
    const parsed = parseCodeowners(fixture("CODEOWNERS"), ".github/CODEOWNERS");
    expect(parsed.problems).toEqual([]);
    expect(parsed.rules.map((r) => [r.line, r.pattern, r.owners])).toEqual([
      [2, "*", ["acme/platform"]],
      [5, "/prompts/", ["acme/prompt-eng"]],
      [6, "/prompts/support/", ["support-lead", "acme/support-ai"]],
      [7, "*.prompty", ["alice"]],
      [8, "/prompts/experimental/", []],
      [9, "docs/*", ["acme/docs"]],
    ]);
    expect(parsed.rules[5]!.emailOwners).toBe(1);
  });

  it("skips lines GitHub would reject, reporting each with its line", () => {
    const parsed = parseCodeowners("*.md @docs\n!secret.md @sec\nsrc/[ab].ts @x\nlib/ not-an-owner\n/ok/ @ok\n", "CODEOWNERS");
    expect(parsed.rules.map((r) => r.pattern)).toEqual(["*.md", "/ok/"]);
    expect(parsed.problems.map((p) => [p.line, p.code])).toEqual([
      [2, "codeowners.invalid"],
      [3, "codeowners.invalid"],
      [4, "codeowners.invalid"],
    ]);
    expect(parsed.problems[2]!.message).toContain("not-an-owner");
    expect(parsed.problems[2]!.column).toBe(6);
  });

  it("keeps escaped spaces and a leading escaped # in patterns", () => {
    const parsed = parseCodeowners("my\\ dir/ @a\n\\#notes.md @b\n");
    expect(parsed.rules.map((r) => r.pattern)).toEqual(["my\\ dir/", "\\#notes.md"]);
    expect(codeownersFor("my dir/x.txt", parsed)?.owners).toEqual(["a"]);
    expect(codeownersFor("sub/#notes.md", parsed)?.owners).toEqual(["b"]);
  });

  it("handles CRLF line endings", () => {
    expect(ownersOf("*.md @docs\r\n/src/ @dev\r\n", "src/a.md")).toEqual(["dev"]);
  });
});

describe("codeownersFor: GitHub's semantics", () => {
  const text = fixture("CODEOWNERS");

  it("lets the last matching rule win", () => {
    expect(ownersOf(text, "README.md")).toEqual(["acme/platform"]);
    expect(ownersOf(text, "prompts/billing/refund.prompt.yml")).toEqual(["acme/prompt-eng"]);
    expect(ownersOf(text, "prompts/support/reply.prompt.yml")).toEqual(["support-lead", "acme/support-ai"]);
    // `*.prompty` comes after `/prompts/support/`, so it wins for a Prompty file there
    expect(ownersOf(text, "prompts/support/qa.prompty")).toEqual(["alice"]);
  });

  it("unsets ownership with a pattern that names no owners", () => {
    const m = codeownersFor("prompts/experimental/try.prompt.yml", parseCodeowners(text));
    expect(m).toMatchObject({ owners: [], line: 8, pattern: "/prompts/experimental/" });
  });

  it("returns undefined when nothing matches", () => {
    expect(ownersOf("/src/ @dev\n", "docs/a.md")).toBeUndefined();
  });

  it("ignores email owners but keeps the rest of the line", () => {
    expect(ownersOf(text, "docs/guide.md")).toEqual(["acme/docs"]);
  });

  it("matches a trailing-`*` segment for direct children only", () => {
    expect(ownersOf(text, "docs/guide.md")).toEqual(["acme/docs"]);
    expect(ownersOf(text, "docs/build-app/troubleshooting.md")).toEqual(["acme/platform"]);
  });

  it("tells the rule's file and line for the report", () => {
    const m = codeownersFor("prompts/a.prompt.yml", parseCodeowners(text, ".github/CODEOWNERS"));
    expect(m).toMatchObject({ path: ".github/CODEOWNERS", line: 5 });
  });
});

describe("codeowners patterns", () => {
  const cases: Array<[pattern: string, path: string, expected: boolean]> = [
    // a bare name matches at any depth, file or directory
    ["logs", "logs", true],
    ["logs", "app/logs", true],
    ["logs", "app/logs/today.txt", true],
    ["logs", "app/logs.txt", false],
    // a leading slash anchors at the root
    ["/logs", "logs/a.txt", true],
    ["/logs", "app/logs/a.txt", false],
    // a slash in the middle anchors too
    ["app/logs", "app/logs/a.txt", true],
    ["app/logs", "src/app/logs/a.txt", false],
    // a trailing slash means the directory's contents, not a file of that name
    ["build/", "build", false],
    ["build/", "build/out.js", true],
    ["build/", "pkg/build/out.js", true],
    ["/build/", "pkg/build/out.js", false],
    // `*` and `?` never cross `/`
    ["*.js", "src/deep/a.js", true],
    ["src/*.js", "src/a.js", true],
    ["src/*.js", "src/deep/a.js", false],
    ["a?c.txt", "abc.txt", true],
    ["a?c.txt", "a/c.txt", false],
    // `**` spans any number of directories, including none
    ["**/logs", "logs/x", true],
    ["**/logs", "a/b/logs/x", true],
    ["src/**/test", "src/test/a.ts", true],
    ["src/**/test", "src/a/b/test/a.ts", true],
    ["src/**/test", "lib/src/test/a.ts", false],
    ["docs/**", "docs", false],
    ["docs/**", "docs/a/b.md", true],
    // a lone `*` segment is exactly one component
    ["/*", "README.md", true],
    ["/*", "src/a.ts", false],
    ["*", "src/deep/a.ts", true],
    ["src/*/index.ts", "src/a/index.ts", true],
    ["src/*/index.ts", "src/index.ts", false],
    // matching is case-sensitive, like GitHub's
    ["/Docs/", "docs/a.md", false],
    // regular-expression characters are literal
    ["a+b(c).md", "a+b(c).md", true],
    ["a+b(c).md", "aab(c).md", false],
    // escaped wildcards are literal
    ["f\\*o", "f*o", true],
    ["f\\*o", "foo", false],
  ];
  it.each(cases)("%s on %s → %s", (pattern, path, expected) => {
    expect(codeownersPatternMatches(pattern, path)).toBe(expected);
  });

  it("stays fast on patterns that backtrack in a regex engine", () => {
    // Linear-time matching: this would take minutes with a naive backtracking translation.
    const pattern = "*a*a*a*a*a*a*a*a*a*a*b";
    expect(codeownersPatternMatches(pattern, "a".repeat(3000))).toBe(false);
  });
});
