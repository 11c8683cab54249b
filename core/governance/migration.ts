/**
 * Migration playbooks (issue 8): a change that breaks callers — a breaking
 * memory-schema change, or anything the `breaking-variables` rule reports —
 * needs a migration note: a `## Migration` section in the pull request
 * description, or a changed file under the policy's `migrations` folder.
 * Without one, a blocking `metadata` finding names what broke.
 *
 * A local diff (the CLI) has no description, so there only a migrations-folder
 * file counts.
 */
import type { ChangeSet } from "../diff/model.js";
import type { ResolvedPolicy, TierName } from "../policy/resolved.js";
import { settingsFor } from "../risk/engine.js";
import type { RawFinding } from "../risk/finding.js";
import { breakingVariablesRule } from "../risk/rules/breaking-variables/index.js";
import { memorySchemaFileBreaks } from "./memory-schema.js";
import { hasSection } from "./pr-sections.js";

export interface BreakingChange {
  file: string;
  line: number;
  /** What broke, one short clause each. */
  what: string[];
  source: "memory-schema" | "breaking-variables";
}

/** "Variable `a` is renamed to `b`: callers still pass `a`." → "Variable `a` is renamed to `b`" */
const clause = (message: string): string => message.split(/:\s/)[0]!.replace(/\.$/, "");

/** Everything in the change that needs a migration note, one entry per file. */
export function breakingChanges(changes: ChangeSet, policy: ResolvedPolicy): BreakingChange[] {
  const out: BreakingChange[] = [];
  for (const [path, sides] of [...(changes.memorySchemas ?? new Map())].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const breaks = memorySchemaFileBreaks(path, sides);
    if (breaks.length) out.push({ file: path, line: 1, what: breaks.map((b) => b.message), source: "memory-schema" });
  }
  // The same findings the engine reports, so the note is asked for exactly when the report shows a break;
  // a policy that switches the rule (or one of its ids) off does not ask for notes about it.
  const settings = settingsFor(breakingVariablesRule, policy);
  if (settings.enabled !== false || Object.entries(policy.rules).some(([id, s]) => id.startsWith("breaking-variables.") && s.enabled === true)) {
    for (const change of changes.templates) {
      // The rule compares the parsed sides and never reads the added lines: splitting every file again for it would be waste.
      const found = (breakingVariablesRule.checkFile?.({ change, added: [], settings, policy }) ?? []).filter((f) => {
        const own = policy.rules[f.rule]?.enabled;
        return own ?? settings.enabled !== false;
      });
      if (found.length) out.push({ file: change.path, line: Math.min(...found.map((f) => f.line)), what: found.map((f) => clause(f.message)), source: "breaking-variables" });
    }
  }
  return out;
}

/** `./docs/migrations/` → `docs/migrations` */
const folder = (p: string): string => p.trim().replace(/^\.\//, "").replace(/^\/+/, "").replace(/\/+$/, "");

export interface MigrationNote {
  ok: boolean;
  by?: "pr-body" | "migrations-folder";
  /** The migrations-folder files the change adds or edits. */
  files?: string[];
}

export function migrationNoteOf(changes: ChangeSet, policy: ResolvedPolicy): MigrationNote {
  if (hasSection(changes.pullRequest?.body, "Migration")) return { ok: true, by: "pr-body" };
  if (policy.migrations) {
    const dir = folder(policy.migrations);
    const files = changes.files.filter((f) => f.status !== "removed" && (dir === "" || f.path.startsWith(`${dir}/`))).map((f) => f.path);
    if (files.length) return { ok: true, by: "migrations-folder", files };
  }
  return { ok: false };
}

const MAX_LISTED = 5;

/** Requirement check (`require.migration`, on by default): see the module comment. */
export function migrationCheck(changes: ChangeSet, policy: ResolvedPolicy, _tier: TierName): RawFinding[] {
  if (policy.require.migration === false) return [];
  const breaking = breakingChanges(changes, policy);
  if (breaking.length === 0 || migrationNoteOf(changes, policy).ok) return [];
  const where = [
    ...(changes.pullRequest ? ["a `## Migration` section to the PR description"] : []),
    policy.migrations ? `a file under \`${folder(policy.migrations)}/\`` : changes.pullRequest ? undefined : "a `migrations:` folder to the policy and a note in it",
  ].filter(Boolean);
  return breaking.map((b) => {
    const listed = b.what.slice(0, MAX_LISTED).join("; ") + (b.what.length > MAX_LISTED ? `; and ${b.what.length - MAX_LISTED} more` : "");
    return {
      rule: "metadata.migration",
      category: "metadata" as const,
      severity: "medium" as const,
      file: b.file,
      line: b.line,
      column: 1,
      message: `This change breaks ${b.source === "memory-schema" ? "readers of the memory schema" : "callers of the template"} and has no migration note: ${listed}.`,
      remediation: `Add ${where.join(" or ")} explaining how callers move to the new shape.`,
    };
  });
}
