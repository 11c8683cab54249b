/** `secret.custom`: the policy's own secret patterns (see ../custom-patterns.ts). */
import { customPatternRule } from "../custom-patterns.js";
import { isAllowlisted } from "./placeholders.js";
import { secretFinding } from "./finding.js";

export const customSecretRule = customPatternRule({
  category: "secret",
  label: "secret",
  what: "a credential",
  isAllowlisted,
  finding: (input, m) => secretFinding(input, { ...m, severity: "high" }),
});
