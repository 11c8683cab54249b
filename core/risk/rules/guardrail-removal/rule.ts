import type { RawFinding, Severity } from "../../finding.js";
import type { FileRuleInput, Rule } from "../../rule.js";
import type { PromptTemplate } from "../../../templates/model.js";
import { clip } from "../../mask.js";
import { compileUserPatterns } from "../../regex-guard.js";
import { isGuardrail, isKeyToken, mayBeGuardrail, meaningTokens, plainSentence, shapeOf, type GuardrailShape } from "./guardrail-lexicon.js";
import { sentenceSpans } from "./sentences.js";

/** A sentence of a message; its normal form and meaning tokens are computed on first use. */
class Sentence {
  #plain: string | undefined;
  #tokens: Set<string> | undefined;
  constructor(
    readonly message: number,
    readonly role: string,
    readonly text: string,
    readonly line: number,
  ) {}
  get plain(): string {
    return (this.#plain ??= plainSentence(this.text));
  }
  /** Stemmed meaning tokens: most changes keep every guardrail verbatim and never need them. */
  get tokens(): Set<string> {
    return (this.#tokens ??= meaningTokens(this.plain));
  }
}

function sentencesOf(t: PromptTemplate): Sentence[] {
  const out: Sentence[] = [];
  t.messages.forEach((m, message) => {
    // Line numbers by walking forward once (messageLine counts from the start each time: quadratic on a long message).
    let line = m.startLine;
    let newline = m.text.indexOf("\n");
    const role = m.role.toLowerCase();
    for (const s of sentenceSpans(m.text)) {
      while (newline >= 0 && newline < s.start) { line++; newline = m.text.indexOf("\n", newline + 1); }
      const text = m.text.slice(s.start, s.end);
      if (!/[a-z]/i.test(text)) continue;
      out.push(new Sentence(message, role, text, line));
    }
  });
  return out;
}

/** How much of the old guardrail's meaning a new sentence keeps. */
function coverage(old: Set<string>, next: Set<string>): { covered: number; jaccard: number; keysKept: boolean } {
  let shared = 0;
  let keysKept = true;
  for (const t of old) {
    if (next.has(t)) shared++;
    else if (isKeyToken(t)) keysKept = false;
  }
  const union = old.size + next.size - shared;
  return { covered: old.size ? shared / old.size : 0, jaccard: union ? shared / union : 0, keysKept };
}

const MATCH_COVERAGE = 0.6;
const LOOSE_COVERAGE = 0.85;
const MATCH_JACCARD = 0.5;
/** Sentences compared per old guardrail: enough for any real template, bounded for a pathological one. */
const MAX_CANDIDATES = 2000;

/** The new sentence that carries on the old guardrail, if any (best coverage, same role first). */
function bestMatch(old: Sentence, candidates: Sentence[], index: Map<string, number[]>): Sentence | undefined {
  const seen = new Set<number>();
  let best: { s: Sentence; score: number } | undefined;
  // Rare words first: they find the sentence that carries the meaning before common ones flood the candidates.
  const tokens = [...old.tokens].sort((a, b) => (index.get(a)?.length ?? 0) - (index.get(b)?.length ?? 0));
  for (const t of tokens) {
    for (const i of index.get(t) ?? []) {
      if (seen.size >= MAX_CANDIDATES) break;
      if (seen.has(i)) continue;
      seen.add(i);
      const s = candidates[i]!;
      const c = coverage(old.tokens, s.tokens);
      const matches = (c.covered >= MATCH_COVERAGE || c.jaccard >= MATCH_JACCARD) && (c.keysKept || c.covered >= LOOSE_COVERAGE);
      if (!matches) continue;
      const score = c.covered + c.jaccard + (s.role === old.role ? 0.05 : 0);
      if (!best || score > best.score) best = { s, score };
    }
  }
  return best?.s;
}

interface Verdict {
  severity: Severity;
  what: string;
}

/** Compare an old guardrail with the sentence that replaced it; `undefined` when the new one is stronger. */
function judge(old: GuardrailShape, next: GuardrailShape): Verdict | undefined {
  if (old.negative && !next.negative) return { severity: "high", what: "inverted: the prohibition is gone and the instruction now permits what it forbade" };
  if (old.scoped && !next.scoped) return next.wide ? { severity: "high", what: "widened from a fixed scope to anything" } : { severity: "medium", what: "widened: its scope restriction is gone" };
  if (next.strength < old.strength) return { severity: "medium", what: next.strength === 0 ? "reduced to a suggestion" : "softened (an absolute rule became a preference)" };
  if (next.exception && !old.exception) return { severity: "medium", what: "weakened by a new exception" };
  if (next.strength > old.strength || (next.scoped && !old.scoped)) return undefined;
  return { severity: "low", what: "reworded with the same force" };
}

/** The line to point at for a guardrail that is gone: where its message continues in the new version, else line 1. */
function nearestLine(old: Sentence, oldT: PromptTemplate, newT: PromptTemplate): number {
  const oldMessage = oldT.messages[old.message]!;
  const same = newT.messages[old.message]?.role.toLowerCase() === old.role ? newT.messages[old.message] : newT.messages.find((m) => m.role.toLowerCase() === old.role);
  if (!same) return 1;
  const last = same.startLine + Math.max(0, (same.text.match(/\n/g)?.length ?? 0) - (same.text.endsWith("\n") ? 1 : 0));
  return Math.min(last, Math.max(same.startLine, same.startLine + (old.line - oldMessage.startLine)));
}

function columnOf(lines: readonly string[], line: number, text: string): number {
  const l = lines[line - 1];
  const at = l ? l.indexOf(text.slice(0, 24)) : -1;
  return at >= 0 ? at + 1 : 1;
}

const ID = "guardrail-removal";
const MAX_FINDINGS = 50;

/**
 * A guardrail (safety, refusal, privacy, scope or data-handling instruction)
 * that the change deletes or weakens. Old guardrail sentences are matched to
 * new sentences by meaning (canonical stemmed words, with the words that say
 * what is protected required to survive); the match's force decides the
 * severity: deleted or inverted high, softened or narrowed-to-wide medium or
 * high, reworded with the same force low.
 */
export const guardrailRemovalRule: Rule = {
  id: ID,
  category: "guardrail-removal",
  description: "Deleted or weakened safety, refusal, privacy, scope or data-handling instructions (old vs new messages).",
  checkFile(input: FileRuleInput): RawFinding[] {
    const oldT = input.change.old?.template;
    const newT = input.change.new?.template;
    if (!oldT || !newT) return [];
    const { matchers, problems } = compileUserPatterns(input.settings.patterns);
    const extra = matchers.length ? (s: string) => matchers.some((m) => m.matcher.test(s)) : undefined;
    const allow = (input.settings.allowlist ?? []).map((a) => a.toLowerCase());
    const before = sentencesOf(oldT);
    // A sentence found verbatim in the new messages survived; only the others are normalised and compared.
    const newText = newT.messages.map((m) => m.text).join("\n");
    let afterList: Sentence[] | undefined;
    let keptSet: Set<string> | undefined;
    const afterOf = (): Sentence[] => (afterList ??= sentencesOf(newT).filter((x) => x.plain));
    const kept = (): Set<string> => (keptSet ??= new Set(afterOf().map((x) => x.plain)));
    // The token index of the new sentences is built only when some guardrail did not survive verbatim.
    let index: Map<string, number[]> | undefined;
    const indexOf = (): Map<string, number[]> => {
      if (index) return index;
      index = new Map();
      afterOf().forEach((s, i) => { for (const t of s.tokens) { const l = index!.get(t); if (l) l.push(i); else index!.set(t, [i]); } });
      return index;
    };
    // A policy pattern that cannot run is reported, never silently dropped (as `<category>.custom` rules do).
    const out: RawFinding[] = problems.map((p) => ({
      rule: ID, category: "guardrail-removal", severity: "info", file: input.change.path, line: 1, column: 1,
      message: `A policy guardrail pattern was not checked: ${p.message}.`,
      remediation: "Rewrite the pattern without lookaround or backreferences (RE2 syntax) in the policy file.",
    }));
    let sourceLines: string[] | undefined;
    for (const old of before) {
      if (out.length >= MAX_FINDINGS) break;
      if (newText.includes(old.text.trim()) || (!extra && !mayBeGuardrail(old.text)) || !old.plain || !isGuardrail(old.plain, extra) || kept().has(old.plain)) continue;
      if (allow.some((a) => old.plain.includes(a))) continue;
      const next = bestMatch(old, afterOf(), indexOf());
      const evidence = clip(old.text.replace(/^\s*(?:[-*•+>]|\d{1,3}[.)]|#{1,6})\s+/, ""));
      if (!next) {
        const line = nearestLine(old, oldT, newT);
        out.push({
          rule: ID, category: "guardrail-removal", severity: "high", file: input.change.path, line, column: 1,
          message: `A ${old.role} guardrail was removed: the model no longer gets this instruction.`,
          remediation: "Restore the instruction, or explain in the PR why it is no longer needed and get the owners' approval.",
          evidence,
        });
        continue;
      }
      const verdict = judge(shapeOf(old.plain), shapeOf(next.plain));
      if (!verdict) continue;
      out.push({
        rule: ID, category: "guardrail-removal", severity: verdict.severity, file: input.change.path, line: next.line, column: columnOf((sourceLines ??= newT.source.split("\n")), next.line, next.text),
        message: verdict.severity === "low"
          ? `A ${old.role} guardrail was ${verdict.what}; check that the new wording still protects the same thing.`
          : `A ${old.role} guardrail was ${verdict.what}.`,
        remediation: verdict.severity === "low"
          ? "Nothing to do if the meaning is unchanged; a reviewer should confirm it."
          : "Keep the original force of the instruction (never / must not / only), or justify the change in the PR.",
        evidence: `${evidence} → ${clip(next.text, 80)}`,
      });
    }
    return out;
  },
};

