/**
 * Property: whatever bytes a template file holds, parseTemplate returns a
 * value — a template whose positions are inside the file, or a problem with
 * a template code, the file and a line/column inside the file — and never
 * falls back to its last-resort `template.parse` (that would be a parser bug).
 */
import { describe, it, expect } from "@jest/globals";
import { MESSAGE_ROLES } from "../../core/templates/messages.js";
import { detectFormat, parseTemplate } from "../../core/templates/parse.js";
import { fixtureText } from "./fixtures.js";
import { seededRandom } from "../../core/random/mulberry32.js";

const rng = seededRandom;

const VOCAB = [
  "---\n", "---", "...\n", "\n", "\r\n", " ", "  ", "    ", "\t", ":", ": ", "- ", "-", "?", ",", "#", "# ", "|", "|-\n", ">", "&a ", "*a", "!!str ", "!tag ",
  "[", "]", "{", "}", "\"", "'", "\\", "%", "@", "~", "=", "(", ")", ".", "../",
  "messages:\n", "  - role: ", "role: ", "content: ", "content: |\n", "user", "system", "assistant", "model", "admin", "name: x\n", "model: openai/gpt-4o\n",
  "system:\n", "user:\n", "# User\n", "```\n", "{{", "}}", "{{{", "}}}", "{%", "%}", "{#", "#}", "{{!--", "--}}", "{{!", "{{#each items as |it|}}", "{{/each}}",
  "{{role \"system\"}}", "{{role 'user'}}", "{{ name }}", "{{user.name}}", "{% for a in b %}", "{% endfor %}", "{% raw %}", "{% set x = y %}", "{{> partial}}", "{{else}}",
  "\uFEFF", "\u0000", "\uD800", "\uDC00", "é", "🙂", "\u202E", "\u200B", "0", "42", "3.14", "true", "null", "abc", "ssn",
];

const FIXTURES: Record<string, string[]> = {
  "github-models": ["github-models/support-reply.prompt.yml", "github-models/bad-role.prompt.yml"],
  prompty: ["prompty/basic-chat.prompty", "prompty/mustache-chat.prompty"],
  dotprompt: ["dotprompt/summarize.prompt", "dotprompt/_header.prompt"],
  markdown: ["markdown/triage.md"],
  text: ["markdown/system-role.j2", "markdown/greeting.txt"],
};

function randomText(next: () => number, seedTexts: string[]): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const mode = next();
  if (mode < 0.4) {
    const n = 1 + Math.floor(next() * 120);
    let s = "";
    for (let i = 0; i < n; i++) s += pick(VOCAB);
    return s;
  }
  if (mode < 0.55) {
    const n = Math.floor(next() * 300);
    let s = "";
    for (let i = 0; i < n; i++) s += String.fromCharCode(Math.floor(next() * (next() < 0.9 ? 128 : 0x10000)));
    return s;
  }
  // Mutations of a real template: the inputs most likely to reach deep into a parser.
  let s = pick(seedTexts);
  const ops = 1 + Math.floor(next() * 6);
  for (let k = 0; k < ops; k++) {
    const at = Math.floor(next() * (s.length + 1));
    const len = Math.floor(next() * 20);
    const op = next();
    if (op < 0.3) s = s.slice(0, at) + s.slice(at + len);
    else if (op < 0.6) s = s.slice(0, at) + pick(VOCAB) + s.slice(at);
    else if (op < 0.8) s = s.slice(0, at) + s.slice(at, at + len).repeat(2) + s.slice(at + len);
    else s = s.slice(0, at);
  }
  return s;
}

const PATHS: Array<[string, string[]]> = [
  ["prompts/fuzz.prompt.yml", FIXTURES["github-models"]!],
  ["prompts/fuzz.prompty", FIXTURES.prompty!],
  ["prompts/fuzz.prompt", FIXTURES.dotprompt!],
  ["prompts/fuzz.md", FIXTURES.markdown!],
  ["prompts/fuzz.j2", FIXTURES.text!],
  ["prompts/fuzz.bin", FIXTURES.text!],
];

describe("parseTemplate on random input", () => {
  it.each(PATHS)("%s: 500 seeded cases, each a template or a located problem", (path, fixtures) => {
    const next = rng(0x5eed + path.length);
    const seeds = fixtures.map(fixtureText);
    const codes = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const text = randomText(next, seeds);
      const lineCount = text.split("\n").length;
      const r = parseTemplate(path, text);
      if (!r.ok) {
        codes.add(r.error.code);
        expect(["template.yaml", "template.front-matter", "template.structure"]).toContain(r.error.code);
        expect(r.error.file).toBe(path);
        expect(Number.isInteger(r.error.line) && r.error.line! >= 1 && r.error.line! <= lineCount).toBe(true);
        expect(Number.isInteger(r.error.column) && r.error.column! >= 1).toBe(true);
        continue;
      }
      const t = r.value;
      expect(t.format).toBe(detectFormat(path) ?? "text");
      expect(t.messages.length).toBeGreaterThan(0);
      for (const m of t.messages) {
        expect(MESSAGE_ROLES.has(m.role)).toBe(true);
        expect(m.startLine >= 1 && m.startLine <= lineCount).toBe(true);
      }
      const lines = text.split("\n");
      for (const v of t.variables) {
        expect(lines[v.line - 1]!.slice(v.column - 1).startsWith(v.name)).toBe(true);
        if (v.message !== undefined) expect(v.message < t.messages.length).toBe(true);
      }
      for (const line of Object.values(t.metadataLines)) expect(line >= 1 && line <= lineCount).toBe(true);
    }
    // The generator must actually reach the error paths, not just the happy ones.
    expect(codes.size).toBeGreaterThan(0);
  });
});
