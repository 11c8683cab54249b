import type { RawFinding, Category } from "./finding.js";
import type { TemplateChange, ChangeSet } from "../diff/model.js";
import type { ResolvedPolicy, RuleSettings } from "../policy/resolved.js";

/** A line of the head text that the change adds or modifies. */
export interface LineView {
  /** 1-based line in the head text. */
  line: number;
  text: string;
}

export interface FileRuleInput {
  change: TemplateChange;
  /** Added/modified lines of the head text; for an added file, every line. Scan these for content rules. */
  added: LineView[];
  /** Settings for this rule merged from the policy (category settings, then rule-id settings). */
  settings: RuleSettings;
  policy: ResolvedPolicy;
}

export interface ChangeSetRuleInput {
  changes: ChangeSet;
  settings: RuleSettings;
  policy: ResolvedPolicy;
}

/**
 * A rule is a small pure module. File rules see one changed template at a time;
 * change-set rules see the whole change (policy edits, PR body, cross-file checks).
 * Rules never throw on bad input: the engine turns a thrown error into a
 * fail-closed `metadata` finding, but a rule should not rely on that.
 */
export interface Rule {
  /** Stable id, `<category>` or `<category>.<name>`, used in policy overrides and reports. */
  id: string;
  category: Category;
  /** One line for `--help` and docs. */
  description: string;
  checkFile?(input: FileRuleInput): RawFinding[];
  checkChangeSet?(input: ChangeSetRuleInput): RawFinding[];
}
