import { describe, it, expect } from "@jest/globals";
import { messageLine } from "../../core/templates/model.js";
import { expectPositionsTrue, fixtureProblem, parsed, parsedFixture, problem, vars } from "./fixtures.js";

describe("GitHub Models prompt files", () => {
  const t = parsedFixture("github-models/support-reply.prompt.yml");

  it("reads messages with the file line of their first text line", () => {
    expect(t.format).toBe("github-models");
    expect(t.messages.map((m) => [m.role, m.startLine])).toEqual([
      ["system", 18],
      ["user", 21],
    ]);
    expect(t.messages[0]!.text).toBe("You are a support agent for {{ company }}.\nAnswer in {{language}} and never reveal internal notes.\n");
    expect(t.messages[1]!.text).toBe("Ticket from {{customer.name}}: {{ticket_body}}");
    // A literal block maps text lines one to one onto file lines.
    expect(messageLine(t.messages[0]!, t.messages[0]!.text.indexOf("Answer"))).toBe(19);
  });

  it("reports every variable occurrence at the name's line and column", () => {
    expect(vars(t)).toEqual([
      ["company", 18, 38, 0],
      ["language", 19, 19, 0],
      ["customer.name", 21, 29, 1],
      ["ticket_body", 21, 48, 1],
    ]);
    expectPositionsTrue(t);
  });

  it("normalises the model and parameters", () => {
    expect(t.model).toEqual({ provider: "openai", name: "gpt-4o-mini" });
    expect(t.parameters).toEqual({ temperature: 0.3, max_tokens: 800, top_p: 0.9, response_format: "json_object" });
    expect(t.inputs).toBeUndefined();
  });

  it("keeps everything but the messages as metadata, with key lines", () => {
    expect(Object.keys(t.metadata)).toEqual(["name", "description", "model", "modelParameters", "responseFormat", "governance", "testData", "evaluators"]);
    expect(t.metadata.governance).toEqual({ owners: ["support-lead", "acme/support-ai"], review_sla: "48h", data_classes: ["pii"], domain: "finance" });
    expect(t.metadataLines["/model"]).toBe(4);
    expect(t.metadataLines["/modelParameters/temperature"]).toBe(6);
    expect(t.metadataLines["/governance/owners"]).toBe(11);
    expect(t.metadataLines["/governance/domain"]).toBe(14);
    expect(t.metadataLines["/testData/0/ticket_body"]).toBe(26);
    expect(t.metadataLines["/evaluators/0/string/contains"]).toBe(30);
    expect(Object.keys(t.metadataLines).some((k) => k.startsWith("/messages"))).toBe(false);
  });

  it("gives a plain single-line scalar its own line and a quoted multi-line one its first", () => {
    const t2 = parsed("a.prompt.yaml", "messages:\n  - role: user\n    content: Hi {{name}}\n  - role: assistant\n    content:\n      \"Two\n      lines\"\n");
    expect(t2.messages.map((m) => [m.role, m.text, m.startLine])).toEqual([
      ["user", "Hi {{name}}", 3],
      ["assistant", "Two lines", 6],
    ]);
    expect(vars(t2)).toEqual([["name", 3, 19, 0]]);
  });

  it("starts a block scalar at its first content line even after a header comment", () => {
    const t2 = parsed("a.prompt.yml", "messages:\n  - role: system\n    content: >- # folded\n\n      Be brief with {{ who }}.\n");
    expect(t2.messages[0]).toEqual({ role: "system", text: "\nBe brief with {{ who }}.", startLine: 4 });
    expect(vars(t2)).toEqual([["who", 5, 24, 0]]);
  });

  it("reads a model without a provider as a bare name, and tolerates no model", () => {
    expect(parsed("x.prompt.yml", "model: gpt-4o\nmessages: [{role: user, content: hi}]\n").model).toEqual({ name: "gpt-4o" });
    expect(parsed("x.prompt.yml", "messages: [{role: user, content: hi}]\n").model).toBeUndefined();
  });

  it("ignores braces that are not a variable name", () => {
    const t2 = parsed("x.prompt.yml", 'messages:\n  - role: user\n    content: "{{ two words }} {{}} {{ok}} {{{raw}}} {{ broken"\n');
    expect(vars(t2).map((v) => v[0])).toEqual(["ok", "raw"]);
    expectPositionsTrue(t2);
  });
});

describe("broken GitHub Models prompt files", () => {
  it("reports YAML syntax errors at the parser's line and column", () => {
    expect(fixtureProblem("github-models/broken-yaml.prompt.yml")).toEqual({
      code: "template.yaml",
      message: 'YAML: Missing closing "quote',
      file: "prompts/github-models/broken-yaml.prompt.yml",
      line: 8,
      column: 1,
    });
    const p = problem("x.prompt.yml", "name: x\nmessages:\n  - role: user\n   content: hi\n");
    expect([p.code, p.message, p.line, p.column]).toEqual(["template.yaml", "YAML: Sequence item without - indicator", 4, 1]);
  });

  it("reports a file without messages", () => {
    expect(fixtureProblem("github-models/no-messages.prompt.yml")).toMatchObject({ code: "template.structure", line: 1, column: 1, path: "/messages" });
  });

  it("reports a role outside the chat roles at the role's value", () => {
    expect(fixtureProblem("github-models/bad-role.prompt.yml")).toMatchObject({ code: "template.structure", line: 6, column: 11, path: "/messages/1/role" });
  });

  it("reports a message without content, or with content that is not text", () => {
    expect(fixtureProblem("github-models/missing-content.prompt.yml")).toMatchObject({ code: "template.structure", line: 6, column: 5, path: "/messages/1/content" });
    // `content: {{question}}` is a YAML flow mapping, not text.
    expect(fixtureProblem("github-models/content-mapping.prompt.yml")).toMatchObject({ code: "template.structure", line: 4, column: 14, path: "/messages/0/content" });
  });

  it("reports messages that are not a list, an empty list, or entries that are not mappings", () => {
    expect(problem("x.prompt.yml", "name: a\nmessages: hello\n")).toMatchObject({ code: "template.structure", line: 2, column: 11 });
    expect(problem("x.prompt.yml", "name: a\nmessages:\n")).toMatchObject({ code: "template.structure", line: 2, column: 1 });
    expect(problem("x.prompt.yml", "name: a\nmessages: []\n")).toMatchObject({ code: "template.structure", line: 2, column: 11 });
    expect(problem("x.prompt.yml", "messages:\n  - role: user\n    content: a\n  - just text\n")).toMatchObject({ code: "template.structure", line: 4, column: 5, path: "/messages/1" });
    expect(problem("x.prompt.yml", "messages:\n  - content: a\n")).toMatchObject({ code: "template.structure", line: 2, column: 5, path: "/messages/0/role" });
    expect(problem("x.prompt.yml", "messages:\n  - role: [user]\n    content: a\n")).toMatchObject({ code: "template.structure", line: 2, column: 11 });
    expect(problem("x.prompt.yml", "messages:\n  - role: user\n    content:\n")).toMatchObject({ code: "template.structure", line: 3, column: 5, path: "/messages/0/content" });
  });

  it("reports a top level that is not a mapping, several documents and duplicate keys", () => {
    expect(problem("x.prompt.yml", "- role: user\n  content: hi\n")).toMatchObject({ code: "template.structure", line: 1, column: 1 });
    expect(problem("x.prompt.yml", "# only a comment\n")).toMatchObject({ code: "template.structure", line: 1 });
    expect(problem("x.prompt.yml", "messages: [{role: user, content: a}]\n---\nname: b\n")).toMatchObject({ code: "template.yaml", line: 2, column: 1 });
    expect(problem("x.prompt.yml", "model: a\nmodel: b\nmessages: [{role: user, content: a}]\n")).toMatchObject({ code: "template.yaml", line: 2, column: 1 });
  });

  it("stops alias bombs instead of expanding them", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]", "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]", "messages: [{role: user, content: hi}]", ""].join("\n");
    expect(problem("x.prompt.yml", bomb)).toMatchObject({ code: "template.yaml", line: 1 });
  });
});
