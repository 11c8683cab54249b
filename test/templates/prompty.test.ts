import { describe, it, expect } from "@jest/globals";
import { expectPositionsTrue, fixtureProblem, parsed, parsedFixture, problem, vars } from "./fixtures.js";

describe("Prompty files", () => {
  const t = parsedFixture("prompty/basic-chat.prompty");

  it("splits the body into messages at role lines, with file lines", () => {
    expect(t.format).toBe("prompty");
    expect(t.messages.map((m) => [m.role, m.startLine])).toEqual([
      ["system", 33],
      ["user", 39],
    ]);
    expect(t.messages[1]!.text).toBe("{{question}}");
    expect(t.messages[0]!.text.split("\n")[0]).toBe("You are an AI assistant who helps {{firstName}} find products.");
  });

  it("reports Jinja variables, not loop variables, filters or filter arguments", () => {
    expect(vars(t)).toEqual([
      ["firstName", 33, 37, 0],
      ["documents", 34, 15, 0],
      ["question", 39, 3, 1],
    ]);
    expectPositionsTrue(t);
  });

  it("normalises the Azure OpenAI model and its parameters", () => {
    expect(t.model).toEqual({ provider: "azure_openai", name: "gpt-4o" });
    expect(t.parameters).toEqual({ max_tokens: 1200, temperature: 0.2, response_format: { type: "json_object" } });
  });

  it("keeps the front matter as metadata with file lines, and the inputs as declared", () => {
    expect(t.metadata.name).toBe("Basic chat");
    expect(t.metadata.governance).toEqual({ owners: ["alice"] });
    expect(t.metadataLines["/model"]).toBe(7);
    expect(t.metadataLines["/model/configuration/azure_deployment"]).toBe(12);
    expect(t.metadataLines["/model/parameters/temperature"]).toBe(15);
    expect(t.metadataLines["/governance/owners"]).toBe(30);
    expect(t.inputs).toEqual({ firstName: { type: "string" }, question: { type: "string" }, documents: { type: "array" } });
  });

  it("reads Mustache templates: sections, triple braces and `# user:` markers; comments are not variables", () => {
    const m = parsedFixture("prompty/mustache-chat.prompty");
    expect(m.model).toEqual({ provider: "openai", name: "gpt-4o-mini" });
    expect(m.messages.map((x) => [x.role, x.startLine, x.text])).toEqual([
      ["system", 12, "You greet {{name}}.\n{{! a comment with {{secret}} }}\n{{#orders}}\nOrder {{id}}\n{{/orders}}"],
      ["user", 19, "{{{question}}}"],
      ["assistant", 22, "Sure."],
    ]);
    expect(vars(m)).toEqual([
      ["name", 12, 13, 0],
      ["orders", 14, 4, 0],
      ["id", 15, 9, 0],
      ["question", 19, 4, 1],
    ]);
    expectPositionsTrue(m);
  });

  it("reads text before the first role line as a system message, as Prompty does", () => {
    const p = parsed("a.prompty", "---\nname: x\n---\nBe kind.\nUSER :\nHi\nfunction:\nresult\n");
    expect(p.messages.map((m) => [m.role, m.text, m.startLine])).toEqual([
      ["system", "Be kind.", 4],
      ["user", "Hi", 6],
      ["tool", "result", 8],
    ]);
  });

  it("reads a Prompty file without front matter, and with CRLF line ends", () => {
    const p = parsed("a.prompty", "---\r\nname: x\r\nmodel:\r\n  configuration:\r\n    type: openai\r\n    name: gpt-4o\r\n---\r\nsystem:\r\nHi {{who}}\r\n\r\nuser:\r\n{{q}}\r\n");
    expect(p.metadataLines["/model/configuration/name"]).toBe(6);
    expect(p.messages.map((m) => [m.role, m.text, m.startLine])).toEqual([
      ["system", "Hi {{who}}", 9],
      ["user", "{{q}}", 12],
    ]);
    expect(vars(p)).toEqual([
      ["who", 9, 6, 0],
      ["q", 12, 3, 1],
    ]);
    expect(parsed("b.prompty", "user:\nhello\n").messages).toEqual([{ role: "user", text: "hello", startLine: 2 }]);
  });
});

describe("broken Prompty files", () => {
  it("reports front matter that is never closed", () => {
    expect(fixtureProblem("prompty/unterminated.prompty")).toEqual({
      code: "template.front-matter",
      message: "Front matter opened on line 1 is never closed by a `---` line.",
      file: "prompts/prompty/unterminated.prompty",
      line: 1,
      column: 1,
    });
  });

  it("reports YAML errors in front matter at file lines", () => {
    expect(fixtureProblem("prompty/bad-yaml.prompty")).toMatchObject({ code: "template.yaml", line: 4, column: 8, message: "YAML: Nested mappings are not allowed in compact mappings" });
  });

  it("reports front matter that is not a mapping, and a body with no messages", () => {
    expect(problem("a.prompty", "---\n- just\n- a list\n---\nsystem:\nhi\n")).toMatchObject({ code: "template.front-matter", line: 2, column: 1 });
    expect(problem("a.prompty", "---\nname: x\n---\nsystem:\n\nuser:\n   \n")).toMatchObject({ code: "template.structure", line: 4, column: 1 });
  });
});
