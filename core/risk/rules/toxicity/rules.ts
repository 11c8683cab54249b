import type { RawFinding, Severity } from "../../finding.js";
import type { FileRuleInput, Rule } from "../../rule.js";
import { clip } from "../../mask.js";
import { toxicityHits, type ToxicityHit, type ToxicityKind } from "./hits.js";
import { customPatternRule } from "../custom-patterns.js";

interface KindSpec {
  name: string;
  kinds: ToxicityKind[];
  description: string;
  message: string;
  remediation: string;
  /** A literal word that a guardrail quotes is still in the prompt: report it, lower. Phrases a guardrail names are not reported. */
  quotedWordsCount: boolean;
  /** Show lexicon words masked: a PR comment must not republish a slur. */
  maskEvidence: boolean;
}

const SPECS: KindSpec[] = [
  {
    name: "hate", kinds: ["hate"], quotedWordsCount: true, maskEvidence: true,
    description: "Slurs and hateful generalisations about groups of people.",
    message: "A slur or hateful statement about a group is in the template: the model is primed to repeat it to users.",
    remediation: "Remove it; a guardrail can forbid hate speech by naming the category without quoting the term.",
  },
  {
    name: "threat", kinds: ["threat"], quotedWordsCount: false, maskEvidence: false,
    description: "Threats of violence, or instructions to threaten or intimidate people.",
    message: "The template threatens violence or tells the model to intimidate people.",
    remediation: "Remove the threat; if the template must handle threats, phrase it as a guardrail (\"if the user threatens someone, …\").",
  },
  {
    name: "self-harm", kinds: ["self-harm"], quotedWordsCount: false, maskEvidence: false,
    description: "Encouragement of self-harm or suicide, or methods for it.",
    message: "The template encourages self-harm or suicide, or asks for ways to do it.",
    remediation: "Remove it; templates that touch self-harm should tell the model to respond with care and point to crisis resources.",
  },
  {
    name: "insult", kinds: ["insult"], quotedWordsCount: false, maskEvidence: false,
    description: "Insults aimed at users, or instructions to demean, mock or harass them.",
    message: "The template insults people or tells the model to demean, mock or harass them.",
    remediation: "Remove the insult; describe the tone you want (\"be direct\") without demeaning the user.",
  },
  {
    name: "sexual", kinds: ["sexual"], quotedWordsCount: false, maskEvidence: false,
    description: "Sexual or sexually explicit content, and any sexual content involving minors.",
    message: "The template asks for or contains sexual content.",
    remediation: "Remove it, or if the product must handle the topic, state it as a guardrail (\"do not produce sexual content\").",
  },
  {
    name: "profanity", kinds: ["profanity"], quotedWordsCount: true, maskEvidence: true,
    description: "Profanity and vulgar words (leetspeak, repeated letters and spacing included).",
    message: "Profanity in the template sets the model's register and can surface in replies.",
    remediation: "Remove or rephrase it; to forbid profanity, name the category (\"no profanity\") instead of quoting words.",
  },
];

/** `f**k`-style: enough for a reviewer to recognise the word, without republishing it. */
function maskWord(text: string): string {
  const t = text.trim();
  if (t.length <= 2) return "*".repeat(t.length);
  return `${t[0]}${"*".repeat(Math.min(t.length - 2, 12))}${t[t.length - 1]}`;
}

const LOWER: Record<Severity, Severity> = { critical: "medium", high: "low", medium: "low", low: "info", info: "info" };
const MAX_FINDINGS = 50;

function allowed(h: ToxicityHit, allowlist: readonly string[] | undefined): boolean {
  if (!allowlist?.length) return false;
  const text = h.text.toLowerCase().trim();
  return allowlist.some((a) => { const x = a.toLowerCase().trim(); return x === text || x === h.word; });
}

function makeRule(spec: KindSpec): Rule {
  const id = `toxicity.${spec.name}`;
  const rule: Rule = {
    id,
    category: "toxicity",
    description: spec.description,
    checkFile(input: FileRuleInput): RawFinding[] {
      const out: RawFinding[] = [];
      for (const h of toxicityHits(input)) {
        if (out.length >= MAX_FINDINGS) break;
        if (!spec.kinds.includes(h.kind) || allowed(h, input.settings.allowlist)) continue;
        if (h.mentioned && !(spec.quotedWordsCount && h.word)) continue;
        out.push({
          rule: id,
          category: "toxicity",
          severity: h.mentioned ? LOWER[h.severity] : h.severity,
          file: input.change.path,
          line: h.line,
          column: h.column,
          message: h.mentioned ? `${spec.message.replace(/\.$/, "")} (quoted inside a guardrail, but still sent to the model).` : spec.message,
          remediation: spec.remediation,
          evidence: spec.maskEvidence && h.word ? maskWord(h.text) : clip(h.text),
        });
      }
      return out;
    },
  };
  return rule;
}

export const [toxicityHateRule, toxicityThreatRule, toxicitySelfHarmRule, toxicityInsultRule, toxicitySexualRule, toxicityProfanityRule] =
  SPECS.map((s) => makeRule(s)) as [Rule, Rule, Rule, Rule, Rule, Rule];

/** The policy's own toxicity patterns (`rules.toxicity.patterns`), run once, in linear time. */
export const toxicityCustomRule: Rule = customPatternRule({
  category: "toxicity",
  label: "toxicity",
  what: "content this policy treats as toxic",
  isAllowlisted: (value, allowlist) => allowlist?.some((a) => a.toLowerCase().trim() === value.toLowerCase().trim()) ?? false,
  finding: (input, m) => ({
    rule: m.rule, category: "toxicity", severity: "medium", file: input.change.path, line: m.line, column: m.index + 1, message: m.message,
    remediation: "Remove or rephrase the matched text, or adjust the policy pattern if it is a false positive.", evidence: maskWord(m.value),
  }),
});
