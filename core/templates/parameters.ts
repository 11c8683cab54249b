/**
 * Model references and generation parameters under common names, so rules
 * compare `max_tokens` whether a file says `maxTokens`, `max_completion_tokens`
 * or Dotprompt's `maxOutputTokens`.
 */
import type { ModelRef } from "./model.js";

const ALIASES: Record<string, string> = {
  temperature: "temperature",
  max_tokens: "max_tokens",
  maxTokens: "max_tokens",
  max_completion_tokens: "max_tokens",
  maxCompletionTokens: "max_tokens",
  maxOutputTokens: "max_tokens",
  max_output_tokens: "max_tokens",
  top_p: "top_p",
  topP: "top_p",
  tools: "tools",
  response_format: "response_format",
  responseFormat: "response_format",
};

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Known parameters under their common name, others as written. When a file
 * names one parameter twice (`max_tokens` and `maxTokens`), the common
 * spelling wins, then the first one written.
 */
export function normalizeParameters(...sources: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const fromCommon = new Set<string>();
  for (const source of sources) {
    if (!isRecord(source)) continue;
    for (const [key, value] of Object.entries(source)) {
      const common = Object.hasOwn(ALIASES, key) ? ALIASES[key]! : key;
      if (!(common in out) || (key === common && !fromCommon.has(common))) {
        out[common] = value;
        if (key === common) fromCommon.add(common);
      }
    }
  }
  return out;
}

/** `openai/gpt-4o-mini` → provider `openai`, name `gpt-4o-mini`; no slash → just a name. */
export function modelFromString(id: string): ModelRef | undefined {
  const s = id.trim();
  if (!s) return undefined;
  const slash = s.indexOf("/");
  if (slash <= 0 || slash === s.length - 1) return { name: s };
  return { provider: s.slice(0, slash), name: s.slice(slash + 1) };
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);

/** A model given as a string, or as a `{ provider, name }` / `{ provider, id }` mapping. */
export function modelFromValue(v: unknown): ModelRef | undefined {
  if (typeof v === "string") return modelFromString(v);
  if (!isRecord(v)) return undefined;
  const provider = str(v.provider);
  const name = str(v.name) ?? str(v.id);
  if (!provider && name) return modelFromString(name);
  return provider || name ? { ...(provider ? { provider } : {}), ...(name ? { name } : {}) } : undefined;
}
