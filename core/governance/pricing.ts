/**
 * Input-token prices, to turn a token delta into money a reviewer can weigh.
 *
 * USD per 1M input tokens, standard (not batch, not cached) list prices as the
 * providers published them on 2025-08-15. Prices move: the policy's
 * `cost.prices` overrides or extends this table, and the report labels every
 * figure an estimate.
 */
import type { ModelRef } from "../templates/model.js";
import { bareModelName } from "./tokens.js";

export const PRICES_AS_OF = "2025-08-15";

export const BUILT_IN_PRICES: Readonly<Record<string, number>> = {
  // OpenAI
  "gpt-5": 1.25,
  "gpt-5-mini": 0.25,
  "gpt-5-nano": 0.05,
  "gpt-4.1": 2.0,
  "gpt-4.1-mini": 0.4,
  "gpt-4.1-nano": 0.1,
  "gpt-4o": 2.5,
  "gpt-4o-mini": 0.15,
  "o3": 2.0,
  "o3-mini": 1.1,
  "o4-mini": 1.1,
  "o1": 15.0,
  "gpt-4-turbo": 10.0,
  "gpt-4": 30.0,
  "gpt-3.5-turbo": 0.5,
  // Anthropic
  "claude-opus-4-1": 15.0,
  "claude-opus-4": 15.0,
  "claude-sonnet-4": 3.0,
  "claude-3-7-sonnet": 3.0,
  "claude-3-5-sonnet": 3.0,
  "claude-3-5-haiku": 0.8,
  "claude-3-haiku": 0.25,
  // Google (prompts up to 200k tokens)
  "gemini-2.5-pro": 1.25,
  "gemini-2.5-flash": 0.3,
  "gemini-2.0-flash": 0.1,
  "gemini-1.5-pro": 1.25,
  "gemini-1.5-flash": 0.075,
};

export interface Price {
  /** USD per 1M input tokens. */
  usdPer1M: number;
  /** The table key that matched. */
  model: string;
  source: "policy" | "built-in";
}

/**
 * Names as templates write them carry a provider prefix, a date or a
 * `-latest` tag (`openai/gpt-4o-2024-08-06`, `claude-3-5-sonnet-20241022`):
 * each is tried from most to least specific.
 */
function candidates(name: string): string[] {
  const raw = name.trim();
  if (raw.length > 200) return [raw]; // not a model name anyone prices; keeps the regexes below on short input
  const bare = bareModelName(raw);
  const out = [raw, raw.toLowerCase(), bare];
  const undated = bare.replace(/-(?:\d{4}-\d{2}-\d{2}|\d{8}|latest|preview)$/, "");
  out.push(undated);
  // Anthropic's `claude-3-5-sonnet-v2@20241022` (Vertex) and `…-v1:0` (Bedrock) spellings.
  out.push(undated.replace(/(?:-v\d+)?(?:[@:].*)?$/, ""));
  return [...new Set(out)];
}

type PolicyTable = Map<string, { k: string; v: number }>;
const policyTables = new WeakMap<object, PolicyTable>();
const EMPTY: Readonly<Record<string, number>> = {};

/** The policy's prices keyed case-insensitively, built once per policy object. */
function policyTable(prices: Readonly<Record<string, number>>): PolicyTable {
  let t = policyTables.get(prices);
  if (!t) {
    t = new Map(Object.entries(prices).map(([k, v]) => [k.toLowerCase(), { k, v }]));
    policyTables.set(prices, t);
  }
  return t;
}

// Looked up per side of every template; a change at GitHub's limit names a handful of models.
const lookups = new WeakMap<object, Map<string, Price | null>>();

/** The price for `model`, policy entries first; undefined when neither table knows it. */
export function priceFor(model: ModelRef | undefined, policyPrices: Readonly<Record<string, number>> = EMPTY): Price | undefined {
  if (!model?.name) return undefined;
  let known = lookups.get(policyPrices);
  if (!known) lookups.set(policyPrices, (known = new Map()));
  const key = `${model.provider ?? ""}\0${model.name}`;
  const hit = known.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const price = lookUp(model.name, model.provider, policyPrices);
  if (known.size >= 1024) known.clear();
  known.set(key, price ?? null);
  return price;
}

function lookUp(name: string, provider: string | undefined, policyPrices: Readonly<Record<string, number>>): Price | undefined {
  const names = candidates(name);
  if (provider) names.unshift(`${provider}/${name}`);
  const policyLower = policyTable(policyPrices);
  for (const n of names) {
    const p = policyLower.get(n.toLowerCase());
    if (p && Number.isFinite(p.v) && p.v >= 0) return { usdPer1M: p.v, model: p.k, source: "policy" };
  }
  for (const n of names) {
    const v = BUILT_IN_PRICES[n];
    if (v !== undefined) return { usdPer1M: v, model: n, source: "built-in" };
  }
  return undefined;
}

/** USD for 1,000 calls that each send `tokens` input tokens. */
export const usdPer1kCalls = (tokens: number, price: Price): number => (tokens * price.usdPer1M) / 1000;
