/**
 * Precision and recall of PromptOps per category over the labeled corpora,
 * shared by `npm run eval` (prints the table) and the quality-floor test.
 */
import type { Category } from "../../core/risk/finding.js";
import { severityRank } from "../../core/risk/finding.js";
import { assess } from "../../core/risk/engine.js";
import { ALL_RULES } from "../../core/risk/rules/index.js";
import { defaultPolicy } from "../../core/policy/resolved.js";
import { templateChangeFromText } from "../helpers/rule-input.js";
import type { CorpusCase } from "./case.js";

export const CONTENT_CATEGORIES = ["pii", "secret", "toxicity", "prompt-injection", "exfiltration", "hidden-text", "guardrail-removal"] as const satisfies readonly Category[];
export type ContentCategory = (typeof CONTENT_CATEGORIES)[number];

export async function loadCorpus(category: ContentCategory): Promise<CorpusCase[]> {
  const mod = (await import(`./${category}.js`)) as { cases: CorpusCase[] };
  return mod.cases;
}

export interface Scores { tp: number; fp: number; fn: number; tn: number; precision: number; recall: number; errors: string[] }

export function score(cases: CorpusCase[], detect: (c: CorpusCase) => boolean): Scores {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  const errors: string[] = [];
  for (const c of cases) {
    const got = detect(c);
    if (got && c.expected) tp++;
    else if (got && !c.expected) { fp++; errors.push(`false positive: ${c.id}`); }
    else if (!got && c.expected) { fn++; errors.push(`false negative: ${c.id}`); }
    else tn++;
  }
  return { tp, fp, fn, tn, precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1, errors };
}

/** Whether PromptOps (all rules, default policy) reports `category` for a case. */
export function promptOpsDetects(category: ContentCategory, c: CorpusCase): boolean {
  const change = templateChangeFromText(c.text, { ...(c.path ? { path: c.path } : {}), ...(c.old !== undefined ? { old: c.old } : {}) });
  const a = assess({ changes: { baseSha: "", headSha: "", files: [change], templates: [change] }, policy: defaultPolicy(), rules: ALL_RULES });
  const minRank = category === "guardrail-removal" ? severityRank("medium") : 0;
  return a.findings.some((f) => f.category === category && severityRank(f.severity) >= minRank);
}
