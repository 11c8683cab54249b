/**
 * Token counts with the model's own tokenizer where we have it (gpt-tokenizer
 * ships OpenAI's BPE ranks): `o200k_base` for GPT-4o, GPT-4.1, GPT-5 and the
 * o-series, `cl100k_base` for GPT-4 and GPT-3.5. Other vendors do not publish
 * a tokenizer we can run offline, so their counts are `o200k_base` estimates
 * and say so.
 *
 * Encoders are built on first use and kept: building one costs tens of
 * milliseconds, a ~1 KB count a few hundredths of one.
 */
import { GptEncoding } from "gpt-tokenizer/GptEncoding";
import { modelToEncodingMap } from "gpt-tokenizer/mapping";
import type { ModelRef } from "../templates/model.js";
import { requireOnFirstUse } from "../lazy-require.js";

export type EncodingName = "o200k_base" | "cl100k_base";

export interface TokenizerChoice {
  encoding: EncodingName;
  /** True when the model is not an OpenAI model: the count approximates its own tokenizer's. */
  estimate: boolean;
}

const OPENAI_PROVIDERS = new Set(["openai", "azure_openai", "azure-openai", "azureopenai", "azure"]);
const OPENAI_NAME = /^(?:gpt-|chatgpt-|o[1-9](?:-|$)|text-|davinci|babbage|codex-)/;

/** `openai/gpt-4o-2024-08-06` → `gpt-4o-2024-08-06`, lower case. */
export const bareModelName = (name: string): string => name.trim().toLowerCase().replace(/^.*\//, "");

const mapped = (name: string): string | undefined => (modelToEncodingMap as Record<string, string | undefined>)[name];

export function tokenizerFor(model: ModelRef | undefined): TokenizerChoice {
  const provider = model?.provider?.trim().toLowerCase();
  const name = model?.name ? bareModelName(model.name) : "";
  const openaiName = OPENAI_NAME.test(name);
  const openai = provider ? OPENAI_PROVIDERS.has(provider) && (openaiName || mapped(name) !== undefined) : openaiName;
  if (!openai) return { encoding: "o200k_base", estimate: true };
  const enc = mapped(name) ?? mapped(name.replace(/-\d{4}-?\d{2}-?\d{2}$/, ""));
  if (enc === "cl100k_base" || (enc === undefined && /^gpt-(?:3\.5|4(?:-(?!o)|$))/.test(name))) return { encoding: "cl100k_base", estimate: false };
  // Legacy p50k/r50k models are not shipped here; o200k_harmony (gpt-oss) counts plain text like o200k_base.
  return { encoding: "o200k_base", estimate: enc !== undefined && enc !== "o200k_base" && enc !== "o200k_harmony" };
}

/*
 * The rank tables are megabytes each: each is loaded the first time a template
 * needs it, not when the engine is imported (most changes need one encoding,
 * scans of non-cost reports none).
 */
declare const require: ((id: string) => unknown) | undefined;
type Ranks = Parameters<typeof GptEncoding.getEncodingApi>[1] extends () => infer R ? R : never;
const unwrap = (m: unknown): Ranks => ((m as { default?: Ranks }).default ?? (m as Ranks));
const RANKS: Record<EncodingName, () => Ranks> = {
  o200k_base: () => unwrap(requireOnFirstUse(() => require!("gpt-tokenizer/bpeRanks/o200k_base"), "gpt-tokenizer/bpeRanks/o200k_base")),
  cl100k_base: () => unwrap(requireOnFirstUse(() => require!("gpt-tokenizer/bpeRanks/cl100k_base"), "gpt-tokenizer/bpeRanks/cl100k_base")),
};

const encoders = new Map<EncodingName, GptEncoding>();
function encoder(name: EncodingName): GptEncoding {
  let e = encoders.get(name);
  if (!e) {
    e = GptEncoding.getEncodingApi(name, RANKS[name]);
    encoders.set(name, e);
  }
  return e;
}

/**
 * Build an encoder now rather than at the first count: callers do it while
 * waiting on I/O, and before the change set fills the heap (200,000 ranks
 * added to a full heap cost several collections).
 */
export function prepareEncoding(name: EncodingName): void {
  encoder(name);
}

/** Special-token strings (`<|endoftext|>`) in a template are text to count, not an error. */
const AS_TEXT = { disallowedSpecial: new Set<string>() };

// Enough for both sides of a pull request at GitHub's 3,000-file limit, so the report reuses the rule's counts.
const MAX_MEMO = 16_384;
// Keyed by the text itself, one map per encoding: a key built by concatenation would be a second copy of every message.
const memo: Record<EncodingName, Map<string, number>> = { o200k_base: new Map(), cl100k_base: new Map() };

/** Tokens in `text` under `encoding`. Identical texts (both sides of an unchanged message) are counted once. */
export function countTokens(text: string, encoding: EncodingName): number {
  if (text === "") return 0;
  const counts = memo[encoding];
  const hit = counts.get(text);
  if (hit !== undefined) return hit;
  const n = encoder(encoding).countTokens(text, AS_TEXT);
  if (counts.size >= MAX_MEMO) counts.clear();
  counts.set(text, n);
  return n;
}
