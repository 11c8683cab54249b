import { describe, it, expect } from "@jest/globals";
import { breakingVariablesRule } from "../../../core/risk/rules/breaking-variables/index.js";
import { parseTemplate } from "../../../core/templates/parse.js";
import { lineChanges } from "../../../core/diff/lines.js";
import type { TemplateChange, TemplateSide } from "../../../core/diff/model.js";
import { findingsOf, fileRuleInput } from "../../helpers/rule-input.js";
import { defaultPolicy } from "../../../core/policy/resolved.js";

const lineOf = (text: string, needle: string): number => text.split("\n").findIndex((l) => l.includes(needle)) + 1;
const columnOf = (text: string, needle: string): number => text.split("\n")[lineOf(text, needle) - 1]!.indexOf(needle) + 1;
const run = (before: string, after: string, path: string) => findingsOf(breakingVariablesRule, after, { old: before, path });

function side(path: string, text: string): TemplateSide {
  const parsed = parseTemplate(path, text);
  if (!parsed.ok) throw new Error(`fixture does not parse: ${parsed.error.message}`);
  return { text, template: parsed.value };
}

const MD = "prompts/marketing/summary.md";
const summary = (body: string) => `---
governance:
  owners: ["acme/marketing"]
---
${body}
`;

describe("breaking-variables: variables", () => {
  it("a removed variable is high and names it", () => {
    const fs = run(summary("Summarise {{document}} for {{audience}}.\nKeep it short."), summary("Summarise {{document}}.\nKeep it short."), MD);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: "breaking-variables.removed", category: "breaking-variables", severity: "high", file: MD, evidence: "{{audience}}" });
    expect(fs[0]!.message).toContain("`audience`");
    expect(fs[0]!.remediation).toMatch(/[Mm]igration/);
  });

  it("a rename reports old → new, at the line and column of the new variable", () => {
    const after = summary("Write a reply.\n\nGreet {{customer_first_name}} by name.");
    const fs = run(summary("Write a reply.\n\nGreet {{customer_name}} by name."), after, MD);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({
      rule: "breaking-variables.removed", severity: "high",
      evidence: "{{customer_name}} → {{customer_first_name}}",
      line: lineOf(after, "{{customer_first_name}}"),
      column: columnOf(after, "customer_first_name"),
    });
    expect(fs[0]!.message).toMatch(/renamed to `customer_first_name`/);
  });

  it("a new variable is medium, at its own line", () => {
    const after = summary("Summarise {{document}}.\nUse a {{tone}} tone.");
    const fs = run(summary("Summarise {{document}}.\nUse a friendly tone."), after, MD);
    expect(fs).toEqual([expect.objectContaining({ rule: "breaking-variables.added", severity: "medium", evidence: "{{tone}}", line: lineOf(after, "{{tone}}") })]);
  });

  it("one variable removed and two added: a removal and two additions (no guessed rename)", () => {
    const after = summary("Summarise {{document}} in {{language}}.\nUse a {{tone}} tone.");
    const fs = run(summary("Summarise {{document}} for {{audience}}."), after, MD);
    expect(fs.map((f) => [f.rule, f.evidence]).sort()).toEqual([
      ["breaking-variables.added", "{{language}}"],
      ["breaking-variables.added", "{{tone}}"],
      ["breaking-variables.removed", "{{audience}}"],
    ]);
  });

  it("moving a variable to another line, or using a field of it, is not a break", () => {
    expect(run(summary("Summarise {{document}}."), summary("Please summarise\nthe text {{document}}."), MD)).toEqual([]);
    expect(run(summary("Hello {{user}}."), summary("Hello {{user.name}}."), MD)).toEqual([]);
  });

  it("a newly added template breaks nobody", () => {
    expect(findingsOf(breakingVariablesRule, summary("Summarise {{document}}."), { path: MD })).toEqual([]);
  });
});

const PROMPTY = "prompts/support/reply.prompty";
const reply = (inputs: string, body = "Customer first name: {{customer_first_name}}\nSummary: {{ticket_summary}}") => `---
name: Support reply draft
model:
  api: chat
  configuration:
    type: azure_openai
    azure_deployment: gpt-4o
inputs:
${inputs}
---
system:
You write short, friendly support replies for Acme.

user:
${body}
`;
const BOTH = "  customer_first_name:\n    type: string\n  ticket_summary:\n    type: string";

describe("breaking-variables: declared inputs", () => {
  it("a Prompty input removed from the schema (the variable stays) is high", () => {
    const after = reply("  ticket_summary:\n    type: string");
    const fs = run(reply(BOTH), after, PROMPTY);
    expect(fs).toEqual([expect.objectContaining({ rule: "breaking-variables.input-removed", severity: "high", evidence: "customer_first_name" })]);
    expect(fs[0]!.line).toBe(lineOf(after, "inputs:"));
  });

  it("an input removed together with its variable is reported once, as a removed variable", () => {
    const fs = run(reply(BOTH), reply("  ticket_summary:\n    type: string", "Summary: {{ticket_summary}}"), PROMPTY);
    expect(fs.map((f) => [f.rule, f.evidence])).toEqual([["breaking-variables.removed", "{{customer_first_name}}"]]);
  });

  it("a Prompty input type change is high, with both types", () => {
    const after = reply("  customer_first_name:\n    type: string\n  ticket_summary:\n    type: array");
    const fs = run(reply(BOTH), after, PROMPTY);
    expect(fs).toEqual([expect.objectContaining({ rule: "breaking-variables.input-type", severity: "high", evidence: '"string" → "array"', line: lineOf(after, "  ticket_summary:") })]);
    expect(fs[0]!.message).toContain("`ticket_summary`");
  });

  it("a Dotprompt Picoschema type change is high; a description change is not", () => {
    const PATH = "prompts/health/symptom-intake.prompt";
    const intake = (schema: string) => `---
model: googleai/gemini-1.5-flash
input:
  schema:
${schema}
---
{{role "system"}}
You help a nurse prepare an intake summary. You do not diagnose.

{{role "user"}}
Age: {{age}}
Symptoms: {{symptoms}}
`;
    const base = "    symptoms: string, what the patient describes\n    age: string, e.g. 30-39";
    const after = intake("    symptoms: string, what the patient describes\n    age: integer, age in years");
    const typed = run(intake(base), after, PATH);
    expect(typed).toEqual([expect.objectContaining({ rule: "breaking-variables.input-type", evidence: '"string" → "integer"', line: lineOf(after, "age: integer") })]);
    const arrayed = run(intake(base), intake("    symptoms(array): string, each symptom\n    age: string, e.g. 30-39"), PATH);
    expect(arrayed.map((f) => f.rule)).toEqual(["breaking-variables.input-type"]);
    expect(arrayed[0]!.evidence).toContain("array");
    expect(run(intake(base), intake("    symptoms: string, in the patient's own words\n    age: string, e.g. 30-39"), PATH)).toEqual([]);
  });
});

describe("breaking-variables: whole templates", () => {
  const text = summary("Summarise {{document}}.");

  it("a removed template is medium and blocks callers", () => {
    const change: TemplateChange = { path: MD, status: "removed", addedLines: [], removedLines: lineChanges(text, undefined).removed, old: side(MD, text) };
    const fs = breakingVariablesRule.checkFile!({ change, added: [], settings: {}, policy: defaultPolicy() });
    expect(fs).toEqual([expect.objectContaining({ rule: "breaking-variables.template-removed", severity: "medium", file: MD })]);
  });

  it("a moved template is low with old → new path; a variable change in the same move is reported too", () => {
    const to = "prompts/marketing/summaries/short.md";
    const change: TemplateChange = { path: to, previousPath: MD, status: "renamed", addedLines: [], removedLines: [], old: side(MD, text), new: side(to, text) };
    const input = { ...fileRuleInput(text, { path: to }), change };
    const fs = breakingVariablesRule.checkFile!(input);
    expect(fs).toEqual([expect.objectContaining({ rule: "breaking-variables.template-moved", severity: "low", file: to, evidence: `${MD} → ${to}` })]);

    const edited = summary("Summarise {{text}}.");
    const moved: TemplateChange = { ...change, new: side(to, edited) };
    const rules = breakingVariablesRule.checkFile!({ ...input, change: moved }).map((f) => f.rule).sort();
    expect(rules).toEqual(["breaking-variables.removed", "breaking-variables.template-moved"]);
  });
});
