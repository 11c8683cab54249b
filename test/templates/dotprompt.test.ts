import { describe, it, expect } from "@jest/globals";
import { expectPositionsTrue, fixtureProblem, parsed, parsedFixture, problem, vars } from "./fixtures.js";

describe("Dotprompt files", () => {
  const t = parsedFixture("dotprompt/summarize.prompt");

  it("splits messages at {{role}} markers, with file lines", () => {
    expect(t.format).toBe("dotprompt");
    expect(t.messages.map((m) => [m.role, m.startLine])).toEqual([
      ["system", 22],
      ["user", 26],
    ]);
    expect(t.messages[0]!.text).toBe("You summarize documents for {{audience}}.\n{{>header}}");
  });

  it("reports variables, block and hash parameters; not helpers, block params, partials or {{history}}", () => {
    expect(vars(t)).toEqual([
      ["audience", 22, 31, 0],
      ["text", 26, 14, 1],
      ["highlights", 27, 9, 1],
      ["extra", 30, 7, 1],
      ["extra", 30, 21, 1],
      ["imageUrl", 32, 13, 1],
    ]);
    expectPositionsTrue(t);
  });

  it("normalises the model, config, tools and output format", () => {
    expect(t.model).toEqual({ provider: "googleai", name: "gemini-1.5-flash" });
    expect(t.parameters).toEqual({ temperature: 0.4, max_tokens: 400, topK: 20, response_format: "json" });
    const withTools = parsed("b.prompt", "---\nmodel: vertexai/gemini-2.0-flash\ntools: [lookupOrder]\nconfig:\n  topP: 0.5\n---\nHi\n");
    expect(withTools.parameters).toEqual({ top_p: 0.5, tools: ["lookupOrder"] });
  });

  it("reads the Picoschema input schema as variable names with their shapes", () => {
    expect(t.inputs).toEqual({
      text: "string, the text to summarize",
      audience: "string",
      highlights: { type: "array", items: "string" },
    });
    expect(t.metadataLines["/input/schema"]).toBe(8);
    expect(t.metadataLines["/input/schema/highlights(array, points to keep)"]).toBe(11);
    expect(t.metadataLines["/governance/owners"]).toBe(19);
    expect(t.metadata.variant).toBe("short");
    const json = parsed("c.prompt", "---\ninput:\n  schema:\n    type: object\n    properties:\n      q: { type: string }\n---\n{{q}}\n");
    expect(json.inputs).toEqual({ q: { type: "string" } });
  });

  it("reads a partial without front matter as one user message", () => {
    const p = parsedFixture("dotprompt/_header.prompt");
    expect(p.format).toBe("dotprompt");
    expect(p.messages).toEqual([{ role: "user", text: "Be accurate. Today is {{today}}.", startLine: 1 }]);
    expect(vars(p)).toEqual([["today", 1, 25, 0]]);
    expect(p.metadata).toEqual({});
  });

  it("puts text before the first marker in a user message and reads role model as assistant", () => {
    const p = parsed("d.prompt", 'Context: {{ctx}}\n{{ role "model" }}Noted.\n{{~role \'system\'~}}\n\n  Rules {{this.x}} {{@index}} {{../up}}\n');
    expect(p.messages).toEqual([
      { role: "user", text: "Context: {{ctx}}", startLine: 1 },
      { role: "assistant", text: "Noted.", startLine: 2 },
      { role: "system", text: "  Rules {{this.x}} {{@index}} {{../up}}", startLine: 5 },
    ]);
    expect(vars(p)).toEqual([
      ["ctx", 1, 12, 0],
      ["up", 5, 36, 2],
    ]);
  });

  it("skips comments, closing tags and literals; reads sub-expression arguments and else-if conditions", () => {
    const p = parsed("e.prompt", '{{!-- {{hidden}} --}}{{! short {{also}} }}{{#if (eq kind "a")}}A{{else if other}}B{{/if}}{{lookup map key}}{{#unless 3}}{{/unless}}\n');
    expect(vars(p).map((v) => v[0])).toEqual(["kind", "other", "map", "key"]);
    expectPositionsTrue(p);
  });
});

describe("broken Dotprompt files", () => {
  it("reports an unknown role at its marker", () => {
    expect(fixtureProblem("dotprompt/bad-role.prompt")).toMatchObject({ code: "template.structure", line: 6, column: 1 });
  });

  it("reports front matter that is never closed", () => {
    expect(fixtureProblem("dotprompt/unterminated.prompt")).toMatchObject({ code: "template.front-matter", line: 1, column: 1 });
  });

  it("reports YAML errors in front matter at file lines", () => {
    expect(problem("f.prompt", "---\nmodel: googleai/x\nconfig: {temperature: 0.2\n---\nHi\n")).toMatchObject({ code: "template.yaml", line: 4, column: 1 });
  });

  it("reports a file whose body has no text", () => {
    expect(problem("g.prompt", '---\nmodel: googleai/x\n---\n{{role "system"}}\n\n')).toMatchObject({ code: "template.structure", line: 4 });
  });
});
