/** The shape of a `secret.*` finding. Evidence always goes through `maskSecret`; messages never contain the value. */
import type { RawFinding, Severity } from "../../finding.js";
import type { FileRuleInput } from "../../rule.js";
import { maskSecret } from "../../mask.js";

export interface SecretHit {
  rule: string;
  line: number;
  /** 0-based offset in the line. */
  index: number;
  value: string;
  severity: Severity;
  message: string;
  remediation?: string;
}

export const ROTATE =
  "Revoke and rotate the credential now (it is in the repository history), then load it at run time from a secret store or environment variable instead of the template.";

export function secretFinding(input: FileRuleInput, hit: SecretHit): RawFinding {
  return {
    rule: hit.rule,
    category: "secret",
    severity: hit.severity,
    file: input.change.path,
    line: hit.line,
    column: hit.index + 1,
    message: hit.message,
    remediation: hit.remediation ?? ROTATE,
    evidence: maskSecret(hit.value),
  };
}
