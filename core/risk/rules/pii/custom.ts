/**
 * `pii.custom`: the policy's own PII patterns (`rules: { pii: { patterns: [...] } }`
 * or under `pii.custom`), run on re2js through the regex guard so a pattern
 * like `(a+)+$` cannot hang the check. Only this rule runs them (the other
 * `pii.*` rules receive the same merged settings and ignore `patterns`), so a
 * pattern yields one finding per match, not one per rule.
 */
import type { Rule } from "../../rule.js";
import type { RawFinding } from "../../finding.js";
import { compileUserPatterns } from "../../regex-guard.js";
import { maskPersonal } from "../../mask.js";
import { isAllowlisted, LITERAL_REMEDIATION } from "./finding.js";

export const customPiiRule: Rule = {
  id: "pii.custom",
  category: "pii",
  description: "The policy's own PII patterns, run with linear-time matching.",
  checkFile(input) {
    const { matchers, problems } = compileUserPatterns(input.settings.patterns);
    const out: RawFinding[] = [];
    for (const p of problems) {
      // A pattern that cannot run is reported, never silently dropped.
      out.push({
        rule: "pii.custom",
        category: "pii",
        severity: "info",
        file: input.change.path,
        line: 1,
        column: 1,
        message: `A policy PII pattern was not checked: ${p.message}.`,
        remediation: "Rewrite the pattern without lookaround or backreferences (RE2 syntax) in the policy file.",
      });
    }
    if (matchers.length === 0) return out;
    for (const { line, text } of input.added) {
      for (const { id, message, matcher } of matchers) {
        for (const m of matcher.matchAll(text)) {
          if (isAllowlisted(m.text, input.settings.allowlist)) continue;
          out.push({
            rule: "pii.custom",
            category: "pii",
            severity: "high",
            file: input.change.path,
            line,
            column: m.index + 1,
            message: message ?? `Text matching the policy's PII pattern${id ? ` \`${id}\`` : ""} is personal data in a prompt template.`,
            remediation: LITERAL_REMEDIATION,
            evidence: maskPersonal(m.text),
          });
        }
      }
    }
    return out;
  },
};
