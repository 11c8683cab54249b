import type { Rule } from "../../rule.js";
import type { RawFinding } from "../../finding.js";
import type { PromptTemplate } from "../../../templates/model.js";

const ROOT_END = /[.[\s|]/;
/** `user.name` → `user`, `items[0]` → `items`, `x | upper` → `x` (most names are already roots: no new string). */
const rootName = (name: string): string => {
  const end = name.search(ROOT_END);
  return end < 0 ? name : name.slice(0, end);
};
const names = (t: PromptTemplate): Set<string> => new Set(t.variables.map((v) => rootName(v.name)));

/**
 * Callers render templates by path and variable names: removing or renaming
 * either breaks them at run time, silently if the engine renders a missing
 * variable as empty. Such a change needs a migration note.
 */
export const breakingVariablesRule: Rule = {
  id: "breaking-variables",
  category: "breaking-variables",
  description: "Variables removed or renamed, input schema changes that break callers, templates removed or moved.",
  checkFile({ change }) {
    const out: RawFinding[] = [];
    const base = { category: "breaking-variables" as const, file: change.path, column: 1 };
    if (change.status === "removed") {
      out.push({ ...base, rule: "breaking-variables.template-removed", severity: "medium", line: 1, message: "The template is removed: every caller that renders it breaks.", remediation: "Add a migration note naming the replacement, or keep the template until callers have moved." });
      return out;
    }
    if (change.status === "renamed") {
      out.push({ ...base, rule: "breaking-variables.template-moved", severity: "low", line: 1, message: `The template moves from ${change.previousPath}: callers that load it by path break.`, evidence: `${change.previousPath} → ${change.path}`, remediation: "Update callers, or add a migration note." });
    }
    const before = change.old?.template;
    const after = change.new?.template;
    if (!before || !after) return out;
    const now = names(after);
    const was = names(before);
    const gone = [...was].filter((n) => !now.has(n));
    const fresh = [...now].filter((n) => !was.has(n));
    // Only an equal number of removals and additions reads as renames (paired in order of appearance).
    const renames = fresh.length === gone.length;
    for (const name of gone) {
      const renamedTo = renames ? fresh[gone.indexOf(name)] : undefined;
      const at = renamedTo ? after.variables.find((x) => rootName(x.name) === renamedTo) : undefined;
      out.push({
        ...base, rule: "breaking-variables.removed", severity: "high", line: at?.line ?? firstMessageLine(after), column: at?.column ?? 1,
        message: renamedTo ? `Variable \`${name}\` is renamed to \`${renamedTo}\`: callers still pass \`${name}\`.` : `Variable \`${name}\` is removed: callers that pass it, or rely on its text, change behaviour.`,
        evidence: renamedTo ? `{{${name}}} → {{${renamedTo}}}` : `{{${name}}}`,
        remediation: "Add a migration note (a `## Migration` section in the PR body) and update every caller.",
      });
    }
    // New required variables break callers that do not pass them.
    for (const name of fresh) {
      if (renames) continue; // reported above as a rename
      const v = after.variables.find((x) => rootName(x.name) === name)!;
      out.push({ ...base, rule: "breaking-variables.added", severity: "medium", line: v.line, column: v.column, message: `New variable \`${name}\`: callers that do not pass it render an empty value.`, evidence: `{{${name}}}`, remediation: "Give it a default, or add a migration note and update every caller." });
    }
    if (before.inputs && after.inputs) {
      for (const [key, shape] of Object.entries(before.inputs)) {
        const line = after.metadataLines["/inputs"] ?? after.metadataLines["/input/schema"] ?? 1;
        if (!(key in after.inputs)) {
          if (!gone.includes(key)) out.push({ ...base, rule: "breaking-variables.input-removed", severity: "high", line, message: `Declared input \`${key}\` is removed from the input schema.`, evidence: key, remediation: "Add a migration note and update every caller." });
        } else if (JSON.stringify(typeOf(shape)) !== JSON.stringify(typeOf(after.inputs[key]))) {
          const keyLine = after.metadataLines[`/inputs/${key}`] ?? after.metadataLines[`/input/schema/${key}`] ?? line;
          out.push({ ...base, rule: "breaking-variables.input-type", severity: "high", line: keyLine, message: `Declared input \`${key}\` changes type.`, evidence: `${JSON.stringify(typeOf(shape))} → ${JSON.stringify(typeOf(after.inputs[key]))}`, remediation: "Add a migration note and update every caller." });
        }
      }
    }
    return out;
  },
};

/** The declared type of an input as written: Prompty `{type: string}`, Picoschema `string, description`. */
function typeOf(shape: unknown): unknown {
  if (typeof shape === "string") return shape.split(",")[0]!.trim();
  if (shape && typeof shape === "object" && "type" in shape) return (shape as { type: unknown }).type;
  return shape;
}

const firstMessageLine = (t: PromptTemplate): number => t.messages[0]?.startLine ?? 1;
