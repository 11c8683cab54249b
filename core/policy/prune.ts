/**
 * A validated document minus the values that failed validation, so merging
 * with defaults never sees a wrong type: a dropped field takes its default, a
 * dropped list item leaves the others. Missing keys have nothing to drop.
 */
import { segmentsOf, type SchemaIssue } from "./schema-errors.js";

const REMOVED = Symbol("removed");

export function withoutInvalid(data: Record<string, unknown>, issues: readonly SchemaIssue[]): Record<string, unknown> {
  const copy = structuredClone(data);
  for (const issue of issues) {
    if (issue.kind === "missing-key") continue;
    const segs = segmentsOf(issue.path);
    const last = segs.pop();
    if (last === undefined) continue;
    let node: unknown = copy;
    for (const s of segs) node = isObject(node) ? node[s] : undefined;
    if (isObject(node) && last in node) node[last] = REMOVED;
  }
  return clean(copy) as Record<string, unknown>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object";
}

function clean(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => x !== REMOVED).map(clean);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== REMOVED).map(([k, x]) => [k, clean(x)]));
  return v;
}
