import type { Rule } from "../../rule.js";
import { clip } from "../../mask.js";
import { customPatternRule } from "../custom-patterns.js";
import { promptInjectionOverrideRule } from "./override.js";
import { promptInjectionRoleMarkerRule } from "./role-markers.js";
import { promptInjectionUntrustedVariableRule } from "./untrusted-variable.js";

/** The policy's own injection patterns (`rules.prompt-injection.patterns`), run once, in linear time. */
export const promptInjectionCustomRule: Rule = customPatternRule({
  category: "prompt-injection",
  label: "prompt-injection",
  what: "text this policy treats as prompt injection",
  isAllowlisted: (value, allowlist) => allowlist?.some((a) => value.toLowerCase().includes(a.toLowerCase().trim())) ?? false,
  finding: (input, m) => ({
    rule: m.rule, category: "prompt-injection", severity: "high", file: input.change.path, line: m.line, column: m.index + 1, message: m.message,
    remediation: "Remove the matched text, or adjust the policy pattern if it is a false positive.", evidence: clip(m.value),
  }),
});

export { promptInjectionOverrideRule, promptInjectionRoleMarkerRule, promptInjectionUntrustedVariableRule };
export { isUntrustedName } from "./untrusted-variable.js";

/** The prompt-injection rules; `prompt-injection.custom` runs the policy's own `patterns`. */
export const promptInjectionRules: Rule[] = [promptInjectionOverrideRule, promptInjectionRoleMarkerRule, promptInjectionUntrustedVariableRule, promptInjectionCustomRule];
