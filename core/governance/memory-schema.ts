/**
 * Breaking changes between two versions of a JSON Schema that describes what
 * an application keeps in memory or passes into templates (the policy's
 * `memory_schemas`). "Breaking" means data valid under the old schema may be
 * invalid under the new one, or a reader loses a field it relied on:
 * a property removed, a property newly required, a type narrowed (`number` →
 * `integer`, `["string","null"]` → `string`), an enum value removed or an
 * enum imposed, `additionalProperties` closed. Composition keywords (`anyOf`,
 * `oneOf`, `allOf`, `$ref` targets' contents beyond `$defs`) are not compared.
 */
import { load } from "js-yaml";
import { err, ok, type Result } from "../errors/problem.js";

export type SchemaBreakKind =
  | "schema-removed"
  | "unparseable"
  | "property-removed"
  | "definition-removed"
  | "required-added"
  | "type-narrowed"
  | "enum-value-removed"
  | "enum-added"
  | "additional-properties-closed";

export interface SchemaBreak {
  /** JSON pointer into the schema document where the change is (`/properties/user/properties/email`; `""` is the root). */
  pointer: string;
  kind: SchemaBreakKind;
  /** One line naming what broke. */
  message: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const esc = (k: string): string => k.replace(/~/g, "~0").replace(/\//g, "~1");
const MAX_DEPTH = 64;

/** JSON first; YAML (a superset people also write schemas in) as the fallback. */
export function parseSchemaText(text: string, path?: string): Result<unknown> {
  try {
    return ok(JSON.parse(text));
  } catch (jsonError) {
    try {
      const v = load(text);
      if (isRecord(v) || typeof v === "boolean") return ok(v);
    } catch {
      // fall through to the JSON error, which is what a .json author expects to see
    }
    return err({ code: "memory-schema.parse", message: `The schema does not parse: ${(jsonError as Error).message}`, ...(path ? { file: path } : {}) });
  }
}

/** Declared types, or undefined for "any type". `nullable: true` (OpenAPI) adds null. */
function typesOf(s: Record<string, unknown>): Set<string> | undefined {
  const t = s.type;
  const list = typeof t === "string" ? [t] : Array.isArray(t) ? t.filter((x): x is string => typeof x === "string") : undefined;
  if (!list) return undefined;
  const out = new Set(list);
  if (s.nullable === true) out.add("null");
  return out;
}

const allows = (types: Set<string>, t: string): boolean => types.has(t) || (t === "integer" && types.has("number"));
const show = (types: Iterable<string>): string => [...types].map((t) => `\`${t}\``).join(" | ");
const canon = (v: unknown): string => JSON.stringify(v);

function enumOf(s: Record<string, unknown>): unknown[] | undefined {
  if (Array.isArray(s.enum)) return s.enum;
  if ("const" in s) return [s.const];
  return undefined;
}

function walk(before: unknown, after: unknown, pointer: string, out: SchemaBreak[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  const at = pointer || "(root)";
  if (after === false && before !== false) {
    out.push({ pointer, kind: "type-narrowed", message: `${at}: the schema now rejects every value` });
    return;
  }
  if (!isRecord(before) || !isRecord(after)) return;

  const t0 = typesOf(before);
  const t1 = typesOf(after);
  if (t1 && !t0) out.push({ pointer, kind: "type-narrowed", message: `${at}: any type → ${show(t1)}` });
  else if (t0 && t1) {
    const lost = [...t0].filter((t) => !allows(t1, t));
    if (lost.length) out.push({ pointer, kind: "type-narrowed", message: `${at}: type ${show(t0)} → ${show(t1)} (no longer accepts ${show(lost)})` });
  }

  const e0 = enumOf(before);
  const e1 = enumOf(after);
  if (e1 && !e0) out.push({ pointer, kind: "enum-added", message: `${at}: values are now restricted to ${e1.map(canon).join(", ")}` });
  else if (e0 && e1) {
    const keep = new Set(e1.map(canon));
    const gone = e0.map(canon).filter((v) => !keep.has(v));
    if (gone.length) out.push({ pointer, kind: "enum-value-removed", message: `${at}: enum value${gone.length > 1 ? "s" : ""} ${gone.join(", ")} removed` });
  }

  const p0 = isRecord(before.properties) ? before.properties : {};
  const p1 = isRecord(after.properties) ? after.properties : {};
  for (const [k, sub] of Object.entries(p0)) {
    const ptr = `${pointer}/properties/${esc(k)}`;
    if (!Object.hasOwn(p1, k)) out.push({ pointer: ptr, kind: "property-removed", message: `${ptr}: property \`${k}\` removed` });
    else walk(sub, p1[k], ptr, out, depth + 1);
  }

  const r0 = new Set(Array.isArray(before.required) ? before.required.filter((x): x is string => typeof x === "string") : []);
  const r1 = Array.isArray(after.required) ? after.required.filter((x): x is string => typeof x === "string") : [];
  for (const k of r1) {
    if (!r0.has(k)) out.push({ pointer: `${pointer}/required`, kind: "required-added", message: `${pointer}/required: property \`${k}\` is now required` });
  }

  const a0 = before.additionalProperties;
  const a1 = after.additionalProperties;
  if (a1 === false && a0 !== false) {
    out.push({ pointer: `${pointer}/additionalProperties`, kind: "additional-properties-closed", message: `${pointer}/additionalProperties: properties not listed are no longer allowed` });
  } else if (isRecord(a0) && isRecord(a1)) walk(a0, a1, `${pointer}/additionalProperties`, out, depth + 1);

  if (Array.isArray(before.items) && Array.isArray(after.items)) {
    before.items.forEach((s, i) => walk(s, (after.items as unknown[])[i], `${pointer}/items/${i}`, out, depth + 1));
  } else if (before.items !== undefined && after.items !== undefined && !Array.isArray(before.items) && !Array.isArray(after.items)) {
    walk(before.items, after.items, `${pointer}/items`, out, depth + 1);
  }

  for (const defs of ["$defs", "definitions"] as const) {
    const d0 = isRecord(before[defs]) ? (before[defs] as Record<string, unknown>) : {};
    const d1 = isRecord(after[defs]) ? (after[defs] as Record<string, unknown>) : {};
    for (const [k, sub] of Object.entries(d0)) {
      const ptr = `${pointer}/${defs}/${esc(k)}`;
      if (!Object.hasOwn(d1, k)) out.push({ pointer: ptr, kind: "definition-removed", message: `${ptr}: definition \`${k}\` removed` });
      else walk(sub, d1[k], ptr, out, depth + 1);
    }
  }
}

/** Breaking changes from `oldSchema` to `newSchema` (both parsed JSON Schema documents). */
export function memorySchemaBreaks(oldSchema: unknown, newSchema: unknown): SchemaBreak[] {
  const out: SchemaBreak[] = [];
  walk(oldSchema, newSchema, "", out, 0);
  return out;
}

/**
 * Breaks for one changed schema file from its texts. A new file breaks
 * nothing; a removed one, or one that no longer parses, breaks every reader.
 */
export function memorySchemaFileBreaks(path: string, sides: { old?: string; new?: string }): SchemaBreak[] {
  if (sides.old === undefined) return [];
  if (sides.new === undefined) return [{ pointer: "", kind: "schema-removed", message: `the schema ${path} is removed` }];
  const after = parseSchemaText(sides.new, path);
  if (!after.ok) return [{ pointer: "", kind: "unparseable", message: after.error.message }];
  const before = parseSchemaText(sides.old, path);
  // An old side that never parsed gave readers nothing to rely on.
  if (!before.ok) return [];
  return memorySchemaBreaks(before.value, after.value);
}
