/**
 * Test helpers named for intent: build what a rule sees from plain text, as if
 * a pull request added the file (or modified it from `old`).
 */
import { parseTemplate } from "../../core/templates/parse.js";
import { lineChanges } from "../../core/diff/lines.js";
import { defaultPolicy, type ResolvedPolicy, type RuleSettings } from "../../core/policy/resolved.js";
import type { TemplateChange, TemplateSide } from "../../core/diff/model.js";
import type { FileRuleInput, Rule, LineView } from "../../core/risk/rule.js";
import type { RawFinding } from "../../core/risk/finding.js";

export interface ChangeOptions {
  path?: string;
  /** Text at base: the change becomes `modified`. */
  old?: string;
  settings?: RuleSettings;
  policy?: ResolvedPolicy;
}

function side(path: string, text: string): TemplateSide {
  const parsed = parseTemplate(path, text);
  return parsed.ok ? { text, template: parsed.value } : { text, parseError: parsed.error };
}

export function templateChangeFromText(text: string, opts: ChangeOptions = {}): TemplateChange {
  const path = opts.path ?? "prompts/case.md";
  const { added, removed } = lineChanges(opts.old, text);
  return {
    path,
    status: opts.old === undefined ? "added" : "modified",
    addedLines: added,
    removedLines: removed,
    new: side(path, text),
    ...(opts.old !== undefined ? { old: side(path, opts.old) } : {}),
  };
}

export function addedLineViews(change: TemplateChange): LineView[] {
  const lines = (change.new?.text ?? "").split("\n");
  return change.addedLines.map((line) => ({ line, text: lines[line - 1] ?? "" }));
}

export function fileRuleInput(text: string, opts: ChangeOptions = {}): FileRuleInput {
  const change = templateChangeFromText(text, opts);
  return { change, added: addedLineViews(change), settings: opts.settings ?? {}, policy: opts.policy ?? defaultPolicy() };
}

/** Run one file rule over `text` as a newly added (or modified) template. */
export function findingsOf(rule: Rule, text: string, opts: ChangeOptions = {}): RawFinding[] {
  return rule.checkFile ? rule.checkFile(fileRuleInput(text, opts)) : [];
}
