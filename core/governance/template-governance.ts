/**
 * The governance block that applies to one changed template, and the small
 * tier comparison every `require.*` check shares.
 */
import type { TemplateChange } from "../diff/model.js";
import { governanceFor } from "../policy/governance.js";
import { tierRank, type Governance, type ResolvedPolicy, type TierName } from "../policy/resolved.js";
import type { PromptTemplate } from "../templates/model.js";

/** The head side's parsed template, or undefined when the change removed it or it does not parse. */
export const headTemplate = (change: TemplateChange): PromptTemplate | undefined => change.new?.template;
export const baseTemplate = (change: TemplateChange): PromptTemplate | undefined => change.old?.template;

/**
 * Folder governance from the policy overlaid by the template's own block. Invalid
 * parts of the template's block are left out here: `governanceFor` reports them,
 * and the policy loader's problems already reach the report.
 */
export function governanceOf(change: TemplateChange, policy: ResolvedPolicy, side: "new" | "old" = "new"): Governance {
  const t = change[side]?.template;
  const path = side === "old" ? change.previousPath ?? change.path : change.path;
  return governanceFor(path, policy, t?.metadata.governance, t?.metadataLines).governance;
}

/** Whether a requirement that applies "from tier `from` up" applies at `tier`. */
export const appliesAt = (from: TierName | undefined, tier: TierName): boolean => from !== undefined && tierRank(tier) >= tierRank(from);

/** The line a governance finding points at: the first metadata key found, else line 1. */
export function metadataLine(t: PromptTemplate | undefined, ...keys: string[]): number {
  if (!t) return 1;
  for (const k of keys) if (t.metadataLines[k] !== undefined) return t.metadataLines[k]!;
  return 1;
}

/** Changed templates that exist at head and parse: the ones head-side requirements apply to. */
export const headTemplates = (changes: readonly TemplateChange[]): Array<{ change: TemplateChange; template: PromptTemplate }> =>
  changes.flatMap((change) => (change.status !== "removed" && change.new?.template ? [{ change, template: change.new.template }] : []));

/** `a, b and c` */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
