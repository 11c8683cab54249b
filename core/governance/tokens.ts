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
import { boundedMemo } from "../bounded-memo.js";
import { O200K_BASE_BYTES, O200K_BASE_TEXTS } from "../generated/o200k-base-ranks.js";

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
 * The rank tables are megabytes each. o200k_base, which nearly every template
 * uses, comes as one generated string literal (cheap to import, split on first
 * use); cl100k_base is loaded from gpt-tokenizer the first time a template
 * needs it.
 */
declare const require: ((id: string) => unknown) | undefined;
type Ranks = Parameters<typeof GptEncoding.getEncodingApi>[1] extends () => infer R ? R : never;
const unwrap = (m: unknown): Ranks => ((m as { default?: Ranks }).default ?? (m as Ranks));
/** The o200k table from its generated one-literal form (see scripts/generate-token-ranks.ts): the same array, built in a fraction of the time. */
function o200kRanks(): Ranks {
  const ranks: (string | number[])[] = O200K_BASE_TEXTS.split("\uffff");
  for (const [rank, bytes] of O200K_BASE_BYTES) ranks[rank] = [...bytes];
  return ranks as Ranks;
}

const RANKS: Record<EncodingName, () => Ranks> = {
  o200k_base: o200kRanks,
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


/** Build an encoder before its first count (see `prepareCostEncodings` for when that pays). */
export function prepareEncoding(name: EncodingName): void {
  encoder(name);
}

/** Special-token strings (`<|endoftext|>`) in a template are text to count, not an error. */
const AS_TEXT = { disallowedSpecial: new Set<string>() };

// Enough for the distinct lines of a large pull request. Keyed by the line itself, one memo per encoding:
// a key built by concatenation would be a second copy of every line.
const MAX_MEMO = 32_768;
const countLineMemo = (encoding: EncodingName) => boundedMemo((line: string) => encoder(encoding).countTokens(line, AS_TEXT), MAX_MEMO);
const countLine: Record<EncodingName, (line: string) => number> = { o200k_base: countLineMemo("o200k_base"), cl100k_base: countLineMemo("cl100k_base") };

/*
 * Where a line break is followed by a letter or a digit, both encodings' pre-tokenizers end a piece: the
 * only pieces that hold a line break are runs of line breaks and white space, or punctuation followed by
 * line breaks (and `/`), and none of them goes on into a letter or digit; the patterns look neither back
 * nor, there, ahead. BPE merges only within a piece, so counting each such line on its own gives the
 * same total as counting the text at once, and lets the lines that both sides of a change share (most of
 * them, in a real edit) be counted once.
 */
const LINE_START = /\n(?=[\p{L}\p{N}])/gu;

/** Tokens in `text` under `encoding`, counted line by line; each distinct line is counted once. */
export function countTokens(text: string, encoding: EncodingName): number {
  if (text === "") return 0;
  let total = 0;
  let from = 0;
  LINE_START.lastIndex = 0;
  for (let m = LINE_START.exec(text); m; m = LINE_START.exec(text)) {
    total += countLine[encoding](text.slice(from, m.index + 1));
    from = m.index + 1;
  }
  return total + countLine[encoding](from === 0 ? text : text.slice(from));
}
