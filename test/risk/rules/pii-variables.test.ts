import { describe, it, expect } from "@jest/globals";
import { fileRuleInput, findingsOf } from "../../helpers/rule-input.js";
import { nameTokens, personalDataKind, personalVariableRule } from "../../../core/risk/rules/pii/variables.js";
import type { PromptTemplate } from "../../../core/templates/model.js";

describe("nameTokens", () => {
  it("splits snake, camel, kebab, dotted and acronym names into lower-case tokens", () => {
    expect(nameTokens("date_of_birth")).toEqual(["date", "of", "birth"]);
    expect(nameTokens("dateOfBirth")).toEqual(["date", "of", "birth"]);
    expect(nameTokens("customer.email-address")).toEqual(["customer", "email", "address"]);
    expect(nameTokens("userSSN")).toEqual(["user", "ssn"]);
    expect(nameTokens("SSNLast4")).toEqual(["ssn", "last", "4"]);
    expect(nameTokens("IPAddress")).toEqual(["ip", "address"]);
  });
});

describe("personalDataKind", () => {
  it.each([
    "ssn", "SSN", "date_of_birth", "dateOfBirth", "dob", "patient_name", "patientName", "student_id", "studentId", "email",
    "customer.email", "email_address", "phone", "phone_number", "address", "home_address", "credit_card", "card_number",
    "user_name", "username", "first_name", "lastName", "ssn_last4", "medical_record_number", "diagnosis", "iban",
    "passport_number", "zip_code", "ip_address", "social_security_number",
  ])("%s carries personal data", (name) => {
    expect(personalDataKind(name)).toBeDefined();
  });

  it.each([
    "name", "model_name", "product_name", "file_name", "company_name", "tool_name", "question", "topic", "language",
    "email_template_id", "email_subject", "is_mobile", "num_emails", "phone_model", "memory_address", "server_address",
    "ssn_format", "order_id", "user_id", "max_tokens", "address_format", "filename", "hostname",
  ])("%s does not", (name) => {
    expect(personalDataKind(name)).toBeUndefined();
  });

  it("says what kind of datum it is", () => {
    expect(personalDataKind("dateOfBirth")).toBe("a date of birth");
    expect(personalDataKind("patient_name")).toBe("a person's name");
  });
});

/** A template as the parser would hand it over, built by hand so this test does not depend on the parsers. */
function withVariables(text: string, variables: PromptTemplate["variables"], old?: string) {
  const input = fileRuleInput(text, old === undefined ? {} : { old });
  const template: PromptTemplate = {
    path: input.change.path,
    format: "markdown",
    metadata: {},
    metadataLines: {},
    parameters: {},
    messages: [{ role: "user", text, startLine: 1 }],
    variables,
    source: text,
  };
  return { ...input, change: { ...input.change, new: { text, template } } };
}

describe("pii.variable", () => {
  it("reports each personal variable once, at its first position, with medium severity", () => {
    const text = "Summary for {{patient_name}}\nborn {{dob}}, again {{patient_name}}, model {{model_name}}\n";
    const input = withVariables(text, [
      { name: "patient_name", line: 1, column: 13 },
      { name: "dob", line: 2, column: 6 },
      { name: "patient_name", line: 2, column: 21 },
      { name: "model_name", line: 2, column: 45 },
    ]);
    const f = personalVariableRule.checkFile!(input);
    expect(f.map((x) => [x.rule, x.severity, x.line, x.column, x.evidence])).toEqual([
      ["pii.variable", "medium", 1, 13, "{{patient_name}}"],
      ["pii.variable", "medium", 2, 6, "{{dob}}"],
    ]);
    expect(f[0]!.message).toContain("a person's name");
    expect(f[0]!.remediation).toMatch(/data_classes/);
  });

  it("ignores variables on lines the change did not add", () => {
    const old = "Summary for {{patient_name}}\n";
    const text = "Summary for {{patient_name}}\nTone: {{tone}} for {{email}}\n";
    const input = withVariables(text, [
      { name: "patient_name", line: 1, column: 13 },
      { name: "tone", line: 2, column: 7 },
      { name: "email", line: 2, column: 20 },
    ], old);
    expect(personalVariableRule.checkFile!(input).map((x) => x.evidence)).toEqual(["{{email}}"]);
  });

  it("honours the allowlist by variable name", () => {
    const input = { ...withVariables("{{email}} {{ssn}}", [{ name: "email", line: 1, column: 1 }, { name: "ssn", line: 1, column: 11 }]), settings: { allowlist: ["email"] } };
    expect(personalVariableRule.checkFile!(input).map((x) => x.evidence)).toEqual(["{{ssn}}"]);
  });

  it("works from the real parsers' variables (GitHub Models file, Markdown)", () => {
    const yml = "name: Identity check\nmodel: openai/gpt-4o\nmessages:\n  - role: user\n    content: 'SSN is {{ssn}}.'\n";
    expect(findingsOf(personalVariableRule, yml, { path: "prompts/verify.prompt.yml" }).map((x) => [x.line, x.evidence])).toEqual([[5, "{{ssn}}"]]);
    expect(findingsOf(personalVariableRule, "Reply to {{ customer.email }} about {{order_id}}.\n").map((x) => x.evidence)).toEqual(["{{customer.email}}"]);
  });

  it("falls back to reading {{ name }} expressions when the file has no parsed template", () => {
    const input = fileRuleInput("Hello {{ user_name }} and {{ topic }}\n");
    const bare = { ...input, change: { ...input.change, new: { text: "Hello {{ user_name }} and {{ topic }}\n" } } };
    expect(personalVariableRule.checkFile!(bare).map((x) => [x.column, x.evidence])).toEqual([[7, "{{user_name}}"]]);
  });
});
