import { describe, it, expect } from "@jest/globals";
import { sensitiveDomainRule } from "../../../core/risk/rules/sensitive-domain/index.js";
import { findingsOf } from "../../helpers/rule-input.js";
import { loadPolicy } from "../../../core/policy/load.js";

const lineOf = (text: string, needle: string): number => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

const intake = (governance: string) => `---
model: googleai/gemini-1.5-flash
config:
  temperature: 0.1
${governance}---
{{role "system"}}
You help a nurse prepare an intake summary. You do not diagnose.

{{role "user"}}
{{symptoms}}
`;

describe("sensitive-domain", () => {
  it("a template whose governance marks phi is medium, at the data_classes line", () => {
    const text = intake("governance:\n  owners: [acme/clinical-safety]\n  data_classes: [phi]\n");
    const fs = findingsOf(sensitiveDomainRule, text, { path: "prompts/health/intake.prompt" });
    expect(fs).toEqual([expect.objectContaining({ rule: "sensitive-domain", category: "sensitive-domain", severity: "medium", line: lineOf(text, "data_classes"), evidence: "data classes phi" })]);
  });

  it("a domain of health alone is enough", () => {
    const text = intake("governance:\n  domain: health\n");
    const fs = findingsOf(sensitiveDomainRule, text, { path: "prompts/a/intake.prompt" });
    expect(fs).toEqual([expect.objectContaining({ evidence: "domain health", line: lineOf(text, "domain:") })]);
  });

  it("names both the sensitive classes and the domain, and leaves out harmless classes", () => {
    const tutor = `name: Algebra tutor
model: openai/gpt-4.1-mini
governance:
  data_classes: [public, student-records]
  domain: education
messages:
  - role: user
    content: "Problem: {{problem}}"
`;
    const fs = findingsOf(sensitiveDomainRule, tutor, { path: "prompts/education/tutor.prompt.yml" });
    expect(fs).toHaveLength(1);
    expect(fs[0]!.evidence).toBe("data classes student-records and domain education");
    expect(fs[0]!.message).not.toContain("public");
  });

  it("folder-level governance from the policy applies to templates without their own", () => {
    const { policy, problems } = loadPolicy(`version: 1
governance:
  "prompts/health/**":
    data_classes: [phi]
    domain: health
`);
    expect(problems).toEqual([]);
    const text = intake("");
    const inHealth = findingsOf(sensitiveDomainRule, text, { path: "prompts/health/intake.prompt", policy });
    expect(inHealth).toEqual([expect.objectContaining({ evidence: "data classes phi and domain health", line: 1 })]);
    expect(findingsOf(sensitiveDomainRule, text, { path: "prompts/marketing/intake.prompt", policy })).toEqual([]);
  });

  it("no finding for non-sensitive classes or domains, or without governance", () => {
    expect(findingsOf(sensitiveDomainRule, intake("governance:\n  data_classes: [public, internal]\n  domain: marketing\n"), { path: "prompts/x.prompt" })).toEqual([]);
    expect(findingsOf(sensitiveDomainRule, intake(""), { path: "prompts/x.prompt" })).toEqual([]);
  });

  it("matches classes regardless of case", () => {
    const fs = findingsOf(sensitiveDomainRule, intake("governance:\n  data_classes: [PII]\n"), { path: "prompts/x.prompt" });
    expect(fs.map((f) => f.evidence)).toEqual(["data classes PII"]);
  });
});
