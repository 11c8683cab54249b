/**
 * Declared inputs as `variable name → shape as written`, so rules can compare
 * a template's variables with what it declares and notice type changes.
 */
import { isRecord } from "./parameters.js";

/** Prompty `inputs`: a mapping as written, or a list of `{ name, … }` entries keyed by name. */
export function declaredInputs(v: unknown): Record<string, unknown> | undefined {
  if (isRecord(v)) return { ...v };
  if (!Array.isArray(v)) return undefined;
  const out: Record<string, unknown> = {};
  for (const item of v) {
    if (isRecord(item) && typeof item.name === "string") {
      const { name, ...shape } = item;
      out[name] = shape;
    }
  }
  return out;
}

// `name?`, `tags(array, the tags)`, `address(object)`: Picoschema key annotations.
const PICO_KEY = /^([^?(]+?)\s*(\?)?\s*(?:\(([^)]*)\))?$/;

/**
 * Dotprompt `input.schema`: JSON Schema objects give their `properties`;
 * Picoschema keys lose their annotations (`name?` → `name`) and the container
 * types they carry become the shape (`tags(array): string` → `{type: array, items: string}`),
 * so `name: string` → `name(array): string` reads as a type change.
 */
export function picoschemaInputs(schema: unknown): Record<string, unknown> | undefined {
  if (!isRecord(schema)) return undefined;
  if (schema.type === "object" && isRecord(schema.properties)) return { ...schema.properties };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    const m = key.length <= 200 ? PICO_KEY.exec(key.trim()) : null;
    if (!m) {
      out[key] = value;
      continue;
    }
    const kind = m[3]?.split(",")[0]?.trim();
    out[m[1]!] = kind === "array" ? { type: "array", items: value } : kind === "object" ? { type: "object", properties: value } : kind === "enum" ? { enum: value } : value;
  }
  return out;
}
