import { describe, it, expect } from "@jest/globals";
import { modelChangeRule } from "../../../core/risk/rules/model-change/index.js";
import { findingsOf } from "../../helpers/rule-input.js";

interface GhOptions { model?: string; temperature?: number; maxTokens?: number; responseFormat?: string; tools?: string[] }

/** A small GitHub Models prompt file; every knob is one line so tests can name it. */
function ghPrompt(o: GhOptions = {}): string {
  const lines = [
    "name: Support ticket triage",
    "description: Classifies an incoming ticket.",
    `model: ${o.model ?? "openai/gpt-4o-mini"}`,
    "modelParameters:",
    `  temperature: ${o.temperature ?? 0.2}`,
    `  max_tokens: ${o.maxTokens ?? 400}`,
  ];
  if (o.tools) {
    lines.push("  tools:");
    for (const t of o.tools) lines.push(`    - type: function`, `      function: { name: ${t} }`);
  }
  if (o.responseFormat) lines.push(`responseFormat: ${o.responseFormat}`);
  if (o.responseFormat === "json_schema") lines.push("jsonSchema: '{\"type\":\"object\",\"properties\":{\"category\":{\"type\":\"string\"}}}'");
  lines.push(
    "messages:",
    "  - role: system",
    "    content: You classify support tickets as billing, technical, account or other.",
    "  - role: user",
    "    content: \"Ticket: {{body}}\"",
    "",
  );
  return lines.join("\n");
}
const lineOf = (text: string, starts: string): number => text.split("\n").findIndex((l) => l.trimStart().startsWith(starts)) + 1;
const PATH = "prompts/support/triage.prompt.yml";
const run = (before: string, after: string, path = PATH) => findingsOf(modelChangeRule, after, { old: before, path });

describe("model-change: model", () => {
  it("a provider change is high, with the old and new model as evidence and the line of `model`", () => {
    const after = ghPrompt({ model: "anthropic/claude-3-5-sonnet" });
    const fs = run(ghPrompt(), after);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({
      rule: "model-change.model", category: "model-change", severity: "high", file: PATH, line: lineOf(after, "model:"),
      evidence: "openai/gpt-4o-mini → anthropic/claude-3-5-sonnet",
    });
    expect(fs[0]!.message).toMatch(/provider/);
  });

  it("a model change within the same provider is medium", () => {
    const fs = run(ghPrompt(), ghPrompt({ model: "openai/gpt-4.1" }));
    expect(fs.map((f) => [f.rule, f.severity])).toEqual([["model-change.model", "medium"]]);
    expect(fs[0]!.evidence).toBe("openai/gpt-4o-mini → openai/gpt-4.1");
  });

  it("points at the `model` key even when governance provenance (which also has a `model`) comes first", () => {
    const gov = "governance:\n  provenance:\n    model: { provider: openai, name: gpt-4o-mini }\n";
    const before = gov + ghPrompt();
    const after = gov + ghPrompt({ model: "openai/gpt-4.1" });
    const fs = run(before, after);
    expect(fs).toHaveLength(1);
    expect(fs[0]!.line).toBe(lineOf(after, "model: openai/gpt-4.1"));
  });

  it("a Prompty provider change (configuration.type) is high", () => {
    const prompty = (type: string, name: string) => `---
name: Reply draft
model:
  api: chat
  configuration:
    type: ${type}
    name: ${name}
  parameters:
    temperature: 0.4
inputs:
  ticket_summary:
    type: string
---
system:
You write short, friendly support replies.

user:
{{ticket_summary}}
`;
    const fs = run(prompty("openai", "gpt-4o"), prompty("azure_openai", "gpt-4o"), "prompts/support/reply.prompty");
    expect(fs.map((f) => [f.rule, f.severity])).toEqual([["model-change.model", "high"]]);
  });
});

describe("model-change: sampling and output limits", () => {
  it("temperature up is low within [0, 1], medium above 1, with the values as evidence", () => {
    const up = ghPrompt({ temperature: 0.9 });
    const fs = run(ghPrompt(), up);
    expect(fs).toEqual([expect.objectContaining({ rule: "model-change.temperature", severity: "low", evidence: "0.2 → 0.9", line: lineOf(up, "temperature:") })]);
    expect(run(ghPrompt(), ghPrompt({ temperature: 1.4 }))[0]).toMatchObject({ rule: "model-change.temperature", severity: "medium" });
  });

  it("max_tokens up is low below double and medium at double or more", () => {
    const after = ghPrompt({ maxTokens: 600 });
    expect(run(ghPrompt(), after)).toEqual([expect.objectContaining({ rule: "model-change.max-tokens", severity: "low", evidence: "400 → 600", line: lineOf(after, "max_tokens:") })]);
    expect(run(ghPrompt(), ghPrompt({ maxTokens: 800 }))[0]).toMatchObject({ rule: "model-change.max-tokens", severity: "medium" });
  });

  it("Dotprompt maxOutputTokens counts as max tokens, at its own line", () => {
    const dot = (max: number) => `---
model: googleai/gemini-1.5-flash
config:
  temperature: 0.1
  maxOutputTokens: ${max}
---
{{role "system"}}
You help a nurse prepare an intake summary. You do not diagnose.

{{role "user"}}
{{symptoms}}
`;
    const after = dot(2048);
    const fs = run(dot(500), after, "prompts/health/intake.prompt");
    expect(fs).toEqual([expect.objectContaining({ rule: "model-change.max-tokens", severity: "medium", evidence: "500 → 2048", line: lineOf(after, "maxOutputTokens") })]);
  });
});

describe("model-change: tools and response format", () => {
  it("names each added tool, and only the added ones", () => {
    const after = ghPrompt({ tools: ["lookup_order", "issue_refund", "send_email"] });
    const fs = run(ghPrompt({ tools: ["lookup_order"] }), after);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: "model-change.tools", severity: "medium", evidence: "issue_refund, send_email", line: lineOf(after, "tools:") });
  });

  it("Dotprompt tools given by name", () => {
    const dot = (tools: string) => `---
model: googleai/gemini-1.5-flash
tools: [${tools}]
---
Answer the question about order {{orderId}}.
`;
    const fs = run(dot("lookupOrder"), dot("lookupOrder, cancelOrder"), "prompts/orders/status.prompt");
    expect(fs.map((f) => [f.rule, f.evidence])).toEqual([["model-change.tools", "cancelOrder"]]);
  });

  it("json_schema → text loosens the response format", () => {
    const after = ghPrompt({ responseFormat: "text" });
    const fs = run(ghPrompt({ responseFormat: "json_schema" }), after);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: "model-change.response-format", severity: "medium", line: lineOf(after, "responseFormat:") });
    expect(fs[0]!.evidence).toContain("json_schema");
    expect(fs[0]!.evidence).toContain("text");
  });

  it("dropping a JSON schema response format altogether loosens it too", () => {
    const fs = run(ghPrompt({ responseFormat: "json_schema" }), ghPrompt());
    expect(fs.map((f) => f.rule)).toEqual(["model-change.response-format"]);
  });
});

describe("model-change: no finding", () => {
  it("when nothing changed", () => {
    const t = ghPrompt({ tools: ["lookup_order"], responseFormat: "json_schema" });
    expect(run(t, t)).toEqual([]);
  });

  it("when only the messages change", () => {
    expect(run(ghPrompt(), ghPrompt().replace("billing, technical", "billing, shipping, technical"))).toEqual([]);
  });

  it("when values go down, tools are removed or the format gets stricter", () => {
    const before = ghPrompt({ temperature: 0.9, maxTokens: 1000, tools: ["lookup_order", "issue_refund"], responseFormat: "text" });
    const after = ghPrompt({ temperature: 0.1, maxTokens: 300, tools: ["lookup_order"], responseFormat: "json_schema" });
    expect(run(before, after)).toEqual([]);
  });

  it("for a newly added template (nothing to compare with)", () => {
    expect(findingsOf(modelChangeRule, ghPrompt({ temperature: 1.5 }), { path: PATH })).toEqual([]);
  });
});
