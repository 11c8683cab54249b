/** `pii.custom`: the policy's own PII patterns (see ../custom-patterns.ts). */
import { customPatternRule } from "../custom-patterns.js";
import { maskPersonal } from "../../mask.js";
import { isAllowlisted, LITERAL_REMEDIATION } from "./finding.js";

export const customPiiRule = customPatternRule({
  category: "pii",
  label: "PII",
  what: "personal data",
  isAllowlisted,
  finding: (input, m) => ({
    rule: m.rule, category: "pii", severity: "high", file: input.change.path, line: m.line, column: m.index + 1,
    message: m.message, remediation: LITERAL_REMEDIATION, evidence: maskPersonal(m.value),
  }),
});
