/**
 * The policy's own patterns for a category (`rules: { pii: { patterns: [...] } }`
 * or under `<category>.custom`), run on re2js through the regex guard so a
 * pattern like `(a+)+$` cannot hang the check. Only the `<category>.custom`
 * rule runs them (the category's other rules receive the same merged settings
 * and ignore `patterns`), so a match is reported once, not once per rule.
 */
import type { FileRuleInput, Rule } from "../rule.js";
import type { Category, RawFinding } from "../finding.js";
import { compileUserPatterns } from "../regex-guard.js";

export interface CustomPatternSpec {
  category: Category;
  /** How the category's data is named in messages: "PII", "secret". */
  label: string;
  isAllowlisted(value: string, allowlist: readonly string[] | undefined): boolean;
  /** The finding of one match, with evidence masked the category's way. */
  finding(input: FileRuleInput, match: { rule: string; line: number; index: number; value: string; message: string }): RawFinding;
  /** What a match is, for the default message: "personal data", "a credential". */
  what: string;
}

export function customPatternRule(spec: CustomPatternSpec): Rule {
  const rule = `${spec.category}.custom`;
  return {
    id: rule,
    category: spec.category,
    description: `The policy's own ${spec.label} patterns, run with linear-time matching.`,
    checkFile(input) {
      const { matchers, problems } = compileUserPatterns(input.settings.patterns);
      // A pattern that cannot run is reported, never silently dropped.
      const out: RawFinding[] = problems.map((p) => ({
        rule, category: spec.category, severity: "info" as const, file: input.change.path, line: 1, column: 1,
        message: `A policy ${spec.label} pattern was not checked: ${p.message}.`,
        remediation: "Rewrite the pattern without lookaround or backreferences (RE2 syntax) in the policy file.",
      }));
      if (matchers.length === 0) return out;
      for (const { line, text } of input.added) {
        for (const { id, message, matcher } of matchers) {
          for (const m of matcher.matchAll(text)) {
            if (spec.isAllowlisted(m.text, input.settings.allowlist)) continue;
            out.push(spec.finding(input, { rule, line, index: m.index, value: m.text, message: message ?? `Text matching the policy's ${spec.label} pattern${id ? ` \`${id}\`` : ""} is ${spec.what} in a prompt template.` }));
          }
        }
      }
      return out;
    },
  };
}
