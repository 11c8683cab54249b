/**
 * `secret.custom`: the policy's own secret patterns (`rules: { secret: { patterns: [...] } }`
 * or under `secret.custom`), run on re2js through the regex guard. Only this
 * rule runs them, so each match is reported once.
 */
import type { Rule } from "../../rule.js";
import type { RawFinding } from "../../finding.js";
import { compileUserPatterns } from "../../regex-guard.js";
import { isAllowlisted } from "./placeholders.js";
import { secretFinding } from "./finding.js";

export const customSecretRule: Rule = {
  id: "secret.custom",
  category: "secret",
  description: "The policy's own secret patterns, run with linear-time matching.",
  checkFile(input) {
    const { matchers, problems } = compileUserPatterns(input.settings.patterns);
    const out: RawFinding[] = [];
    for (const p of problems) {
      // A pattern that cannot run is reported, never silently dropped.
      out.push({
        rule: "secret.custom",
        category: "secret",
        severity: "info",
        file: input.change.path,
        line: 1,
        column: 1,
        message: `A policy secret pattern was not checked: ${p.message}.`,
        remediation: "Rewrite the pattern without lookaround or backreferences (RE2 syntax) in the policy file.",
      });
    }
    if (matchers.length === 0) return out;
    for (const { line, text } of input.added) {
      for (const { id, message, matcher } of matchers) {
        for (const m of matcher.matchAll(text)) {
          if (isAllowlisted(m.text, input.settings.allowlist)) continue;
          out.push(
            secretFinding(input, {
              rule: "secret.custom",
              line,
              index: m.index,
              value: m.text,
              severity: "high",
              message: message ?? `Text matching the policy's secret pattern${id ? ` \`${id}\`` : ""} is a credential in a prompt template.`,
            }),
          );
        }
      }
    }
    return out;
  },
};
