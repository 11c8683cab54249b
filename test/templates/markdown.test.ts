import { describe, it, expect } from "@jest/globals";
import { expectPositionsTrue, fixtureProblem, parsed, parsedFixture, problem, vars } from "./fixtures.js";

describe("Markdown and text templates", () => {
  it("splits at role headings outside code fences; text before them is a user message", () => {
    const t = parsedFixture("markdown/triage.md");
    expect(t.format).toBe("markdown");
    expect(t.messages.map((m) => [m.role, m.startLine])).toEqual([
      ["user", 9],
      ["system", 13],
      ["user", 22],
    ]);
    expect(t.messages[1]!.text).toContain("# User\nthis heading is inside a code fence");
    expect(vars(t)).toEqual([
      ["team", 13, 29, 1],
      ["ticket", 22, 12, 2],
    ]);
    expectPositionsTrue(t);
  });

  it("reads model and parameters from front matter, with file lines", () => {
    const t = parsedFixture("markdown/triage.md");
    expect(t.model).toEqual({ provider: "anthropic", name: "claude-3-5-sonnet" });
    expect(t.parameters).toEqual({ max_tokens: 600 });
    expect(t.metadataLines).toMatchObject({ "/title": 2, "/model": 3, "/parameters/maxTokens": 5, "/governance/owners": 7 });
    expect(t.metadata.governance).toEqual({ owners: ["bob"] });
  });

  it("reads a text file without front matter as one user message", () => {
    const t = parsedFixture("markdown/greeting.txt");
    expect(t.format).toBe("text");
    expect(t.messages).toEqual([{ role: "user", text: "Hello {{ name }}, welcome to {{ product }}!\nReply briefly.", startLine: 1 }]);
    expect(vars(t)).toEqual([
      ["name", 1, 10, 0],
      ["product", 1, 33, 0],
    ]);
    expect(t.metadata).toEqual({});
    expect(t.model).toBeUndefined();
  });

  it("takes the role from front matter; names the template sets are not inputs", () => {
    const t = parsedFixture("markdown/system-role.j2");
    expect(t.format).toBe("text");
    expect(t.messages.map((m) => [m.role, m.startLine])).toEqual([["system", 4]]);
    expect(vars(t)).toEqual([
      ["topic", 5, 48, 0],
      ["user.is_admin", 6, 7, 0],
    ]);
    expectPositionsTrue(t);
  });

  it("reads files of unknown extensions as text", () => {
    const t = parsed("prompts/notes.yaml", "key: {{ value }}\n");
    expect(t.format).toBe("text");
    expect(t.messages).toEqual([{ role: "user", text: "key: {{ value }}", startLine: 1 }]);
  });

  it("accepts `...` as the closing line, empty front matter and a byte order mark", () => {
    expect(parsed("a.md", "---\ntitle: x\n...\nBody\n").messages).toEqual([{ role: "user", text: "Body", startLine: 4 }]);
    expect(parsed("a.md", "---\n---\nBody\n").metadata).toEqual({});
    const bom = parsed("a.md", "\uFEFF---\nrole: system\n---\nBody {{x}}\n");
    expect(bom.messages).toEqual([{ role: "system", text: "Body {{x}}", startLine: 4 }]);
  });

  it("does not take Markdown heading ids or prose braces for comments or variables", () => {
    const t = parsed("a.md", "## Intro {#intro}\nUse {{ name }} and {json: 1} and {% raw %}{{ literal }}{% endraw %} {{ after }}\n## Next {#next .wide}\n{{ last }} {# a real {{ comment }} #}\n");
    expect(vars(t).map((v) => v[0])).toEqual(["name", "after", "last"]);
    expectPositionsTrue(t);
  });
});

describe("broken Markdown and text templates", () => {
  it("reports YAML errors in front matter at file lines", () => {
    expect(fixtureProblem("markdown/bad-front-matter.md")).toMatchObject({ code: "template.yaml", line: 3, column: 1, file: "prompts/markdown/bad-front-matter.md" });
  });

  it("reports a front matter role that is not a chat role, at its value", () => {
    expect(fixtureProblem("markdown/bad-role.md")).toMatchObject({ code: "template.structure", line: 2, column: 7, path: "/role" });
  });

  it("reports unterminated front matter, and front matter with no body", () => {
    expect(problem("a.md", "---\ntitle: x\nBody\n")).toMatchObject({ code: "template.front-matter", line: 1, column: 1 });
    expect(problem("a.txt", "---\ntitle: x\n---\n\n")).toMatchObject({ code: "template.structure", line: 4 });
  });

  it("reports an empty or blank file as a structural error at line 1", () => {
    for (const path of ["a.md", "a.txt", "a.prompt", "a.prompty", "a.prompt.yml"]) {
      expect(problem(path, "")).toEqual({ code: "template.structure", message: "The template is empty.", file: path, line: 1, column: 1 });
      expect(problem(path, " \n\t\n")).toMatchObject({ code: "template.structure", line: 1, column: 1 });
    }
  });
});
