/**
 * What a change costs per call: tokens in each template's fixed text (what
 * every call sends whatever the variables hold) before and after, the delta
 * per template and per pull request, and the money per 1,000 calls where the
 * model's price is known. A policy threshold turns a large increase into a
 * `model-change` finding.
 */
import type { ChangeSet, TemplateChange } from "../diff/model.js";
import type { ResolvedPolicy } from "../policy/resolved.js";
import type { RawFinding } from "../risk/finding.js";
import type { Rule } from "../risk/rule.js";
import type { ModelRef, PromptTemplate } from "../templates/model.js";
import { priceFor, usdPer1kCalls, type Price } from "./pricing.js";
import { countTokens, prepareEncoding, tokenizerFor, type EncodingName } from "./tokens.js";
import { groupedNumber } from "../report/grouped-number.js";

/** Template-engine tags: Jinja/Nunjucks statements and comments, Mustache/Handlebars tags (raw, comments, blocks). */
const TAGS: ReadonlyArray<readonly [open: string, close: string]> = [
  ["{{!--", "--}}"],
  ["{{{", "}}}"],
  ["{{", "}}"],
  ["{%", "%}"],
  ["{#", "#}"],
];

/**
 * Remove every template tag from `text`. A scan, not a regular expression:
 * `indexOf` for a closing delimiter that is absent fails once and the rest is
 * kept as literal text, so a file full of unclosed `{{` stays linear.
 */
export function withoutTags(text: string, jinja = true): string {
  let out = "";
  let i = 0;
  const missing = new Set<string>();
  while (i < text.length) {
    const brace = text.indexOf("{", i);
    if (brace < 0 || brace === text.length - 1) break;
    const tag = TAGS.find(([open, close]) => (jinja || open.startsWith("{{")) && !missing.has(close) && text.startsWith(open, brace));
    if (!tag) {
      out += text.slice(i, brace + 1);
      i = brace + 1;
      continue;
    }
    const end = text.indexOf(tag[1], brace + tag[0].length);
    if (end < 0) {
      missing.add(tag[1]);
      out += text.slice(i, brace + 1);
      i = brace + 1;
      continue;
    }
    out += text.slice(i, brace);
    i = end + tag[1].length;
  }
  return out + text.slice(i);
}

/** Each message's text with every variable and template tag removed: what each call sends regardless of input. */
export function fixedTexts(template: PromptTemplate): string[] {
  // GitHub Models prompt files only substitute `{{name}}`: `{%` and `{#` are literal text there.
  const jinja = template.format !== "github-models";
  return template.messages.map((m) => withoutTags(m.text, jinja));
}

/** The fixed text of all messages, one after the other. */
export const fixedText = (template: PromptTemplate): string => fixedTexts(template).join("\n");

export interface TokenCount {
  tokens: number;
  encoding: EncodingName;
  estimate: boolean;
}

/**
 * Tokens of the fixed text, message by message (chat APIs send messages
 * separately, and an edit usually leaves most messages as they were, so the
 * unchanged ones are counted once for both sides).
 */
export function fixedTokens(template: PromptTemplate): TokenCount {
  const { encoding, estimate } = tokenizerFor(template.model);
  const tokens = fixedTexts(template).reduce((n, text) => n + countTokens(text, encoding), 0);
  return { tokens, encoding, estimate };
}

export const modelLabel = (m: ModelRef | undefined): string | undefined => (m?.name ? (m.provider ? `${m.provider}/${m.name}` : m.name) : undefined);

export interface TemplateCost {
  path: string;
  status: TemplateChange["status"];
  /** Model at head (at base for a removal), `provider/name`. */
  model?: string;
  /** Model at base when it differs from head. */
  modelBefore?: string;
  encoding: EncodingName;
  /** The count approximates a non-OpenAI tokenizer. */
  estimate: boolean;
  /** 0 for an added template. */
  tokensBefore: number;
  /** 0 for a removed template. */
  tokensAfter: number;
  delta: number;
  usdPer1kCallsBefore?: number;
  usdPer1kCallsAfter?: number;
  usdPer1kCallsDelta?: number;
}

export interface CostDelta {
  templates: TemplateCost[];
  total: {
    tokensBefore: number;
    tokensAfter: number;
    delta: number;
    /** Sum over the templates whose price is known on every side they have. */
    usdPer1kCallsDelta?: number;
    /** How many templates that sum covers. */
    priced: number;
    /** Some count is an estimate. */
    estimate: boolean;
  };
}

/** One side's cost, or undefined when the side exists but cannot be read (its own finding says why). */
function side(t: PromptTemplate | undefined, prices: Record<string, number>): { count: TokenCount; price?: Price } | undefined {
  if (!t) return undefined;
  const price = priceFor(t.model, prices);
  return { count: fixedTokens(t), ...(price ? { price } : {}) };
}

export function templateCost(change: TemplateChange, policy: ResolvedPolicy): TemplateCost | undefined {
  const prices = policy.cost.prices ?? {};
  const hasOld = change.status !== "added" && change.old !== undefined;
  const hasNew = change.status !== "removed" && change.new !== undefined;
  const before = hasOld ? side(change.old?.template, prices) : undefined;
  const after = hasNew ? side(change.new?.template, prices) : undefined;
  if ((hasOld && !before) || (hasNew && !after) || (!before && !after)) return undefined;
  const head = (after ?? before)!;
  const tokensBefore = before?.count.tokens ?? 0;
  const tokensAfter = after?.count.tokens ?? 0;
  const model = modelLabel((hasNew ? change.new?.template : change.old?.template)?.model);
  const modelBefore = hasNew && hasOld ? modelLabel(change.old?.template?.model) : undefined;
  const out: TemplateCost = {
    path: change.path,
    status: change.status,
    ...(model ? { model } : {}),
    ...(modelBefore && modelBefore !== model ? { modelBefore } : {}),
    encoding: head.count.encoding,
    estimate: Boolean(before?.count.estimate || after?.count.estimate),
    tokensBefore,
    tokensAfter,
    delta: tokensAfter - tokensBefore,
  };
  const usdBefore = before ? (before.price ? usdPer1kCalls(tokensBefore, before.price) : undefined) : 0;
  const usdAfter = after ? (after.price ? usdPer1kCalls(tokensAfter, after.price) : undefined) : 0;
  if (before && usdBefore !== undefined) out.usdPer1kCallsBefore = usdBefore;
  if (after && usdAfter !== undefined) out.usdPer1kCallsAfter = usdAfter;
  if (usdBefore !== undefined && usdAfter !== undefined) out.usdPer1kCallsDelta = usdAfter - usdBefore;
  return out;
}

/** Per template and for the whole pull request. Templates that do not parse on a side they have are left out. */
/**
 * Build the encoders the change's templates are counted with, ahead of the count. Measured at 3,000
 * templates, building them between the parse and the assessment peaks ~6 MB lower than building them at
 * the first count, and lower and steadier than building them while git reads the templates (V8 then marks
 * concurrently with the parse, and one run in three ended ~50 MB higher).
 */
export function prepareCostEncodings(changes: ChangeSet): void {
  const encodings = new Set<EncodingName>();
  for (const c of changes.templates) {
    for (const side of [c.old, c.new]) if (side?.template) encodings.add(tokenizerFor(side.template.model).encoding);
  }
  for (const e of encodings) prepareEncoding(e);
}

export function costDelta(changes: ChangeSet, policy: ResolvedPolicy): CostDelta {
  const templates = changes.templates.flatMap((c) => templateCost(c, policy) ?? []);
  const priced = templates.filter((t) => t.usdPer1kCallsDelta !== undefined);
  const sum = (f: (t: TemplateCost) => number, ts = templates) => ts.reduce((s, t) => s + f(t), 0);
  return {
    templates,
    total: {
      tokensBefore: sum((t) => t.tokensBefore),
      tokensAfter: sum((t) => t.tokensAfter),
      delta: sum((t) => t.delta),
      ...(priced.length ? { usdPer1kCallsDelta: sum((t) => t.usdPer1kCallsDelta!, priced) } : {}),
      priced: priced.length,
      estimate: templates.some((t) => t.estimate),
    },
  };
}

const fmt = groupedNumber;

/**
 * `cost.max_token_increase`: a modified template whose fixed text grows by
 * more tokens than this is a finding. New templates are not increases; their
 * size shows in the report's cost table.
 */
export const tokenIncreaseRule: Rule = {
  id: "model-change.token-increase",
  category: "model-change",
  description: "A template's fixed text grows by more tokens than the policy's cost.max_token_increase.",
  checkFile({ change, policy }): RawFinding[] {
    const max = policy.cost.max_token_increase;
    if (max === undefined || change.status === "added" || change.status === "removed") return [];
    const before = change.old?.template;
    const after = change.new?.template;
    if (!before || !after) return [];
    const a = fixedTokens(before);
    const b = fixedTokens(after);
    const delta = b.tokens - a.tokens;
    if (delta <= max) return [];
    return [{
      rule: "model-change.token-increase",
      category: "model-change",
      severity: "low",
      file: change.path,
      line: after.messages[0]?.startLine ?? 1,
      column: 1,
      message: `The template's fixed text grows by ${fmt(delta)} tokens${b.estimate ? " (estimated)" : ""}, more than the policy's limit of ${fmt(max)}: every call pays for them.`,
      evidence: `${fmt(a.tokens)} → ${fmt(b.tokens)} tokens (+${fmt(delta)})`,
      remediation: "Trim the added text, move reference material behind a variable, or raise `cost.max_token_increase` if the growth is intended.",
    }];
  },
};
