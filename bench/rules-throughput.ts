import { ALL_RULES } from "../core/risk/rules/index.js";
import { defaultPolicy } from "../core/policy/resolved.js";
import { settingsFor } from "../core/risk/engine.js";
import type { LineView } from "../core/risk/rule.js";
import type { TemplateChange } from "../core/diff/model.js";
import { parseTemplate } from "../core/templates/parse.js";
import { promptText } from "./synthetic-pr.js";

/** Prompt-like text of about `mb` megabytes: varied sentences, variables, some numbers and links. */
export function promptCorpus(mb: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < mb * 1024 * 1024; i++) {
    const chunk = promptText(i, i % 5, 20) + `\nSee https://docs.acme.example/help/${i} for details; order ${100000 + i} ships in ${i % 9} days at $${(i % 90) + 9}.99.\n`;
    parts.push(chunk);
    size += chunk.length;
  }
  return parts.join("");
}

/** All rules over `text` taken as one added Markdown template; returns MB/s of rule time only. */
export function measureRules(text: string, repeat = 3): { mbPerSec: number; findings: number; ms: number } {
  const policy = defaultPolicy();
  const path = "prompts/bench.md";
  const parsed = parseTemplate(path, text);
  const lines = text.split("\n");
  const added: LineView[] = lines.map((t, i) => ({ line: i + 1, text: t }));
  const change: TemplateChange = { path, status: "added", addedLines: added.map((l) => l.line), removedLines: [], new: parsed.ok ? { text, template: parsed.value } : { text } };
  const rules = ALL_RULES.filter((r) => r.checkFile);
  let findings = 0;
  let best = Infinity;
  for (let k = 0; k < repeat; k++) {
    const t0 = performance.now();
    findings = 0;
    for (const rule of rules) findings += rule.checkFile!({ change, added, settings: settingsFor(rule, policy), policy }).length;
    best = Math.min(best, performance.now() - t0);
  }
  return { mbPerSec: Buffer.byteLength(text) / 1024 / 1024 / (best / 1000), findings, ms: best };
}
