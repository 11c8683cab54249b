import type { Problem } from "../errors/problem.js";
import type { PromptTemplate } from "../templates/model.js";

export type ChangeStatus = "added" | "modified" | "removed" | "renamed";

/** One changed path between base and head, as any data source (local git, GitHub API) reports it. */
export interface FileChange {
  /** Path at head (for `removed`: the path at base). Repository-relative, `/` separators. */
  path: string;
  /** For `renamed`: the path at base. */
  previousPath?: string;
  status: ChangeStatus;
  /** Lines (1-based, in the head text) that the change adds or modifies. For `added`: every line. */
  addedLines: number[];
  /** Lines (1-based, in the base text) that the change removes or modifies. For `removed`: every line. */
  removedLines: number[];
  /** The unified diff of this file against the merge base, where the source has it (GitHub's `patch`): the old text is derived from it. */
  patch?: string;
  /** The source could not give line numbers (GitHub omits `patch` for large diffs): recompute them from both texts. */
  linesUnknown?: boolean;
  /** Git blob SHAs where known. */
  oldBlobSha?: string;
  newBlobSha?: string;
}

/** Why a changed template's content could not be examined; each becomes a finding, never a silent skip. */
export type Unreadable = { reason: "binary" | "too-large" | "unavailable"; size?: number; detail?: string };

export interface TemplateSide {
  text?: string;
  /** Git blob SHA of this side, where the source knows it. */
  blobSha?: string;
  template?: PromptTemplate;
  /** Set when the text exists but does not parse. */
  parseError?: Problem;
  unreadable?: Unreadable;
}

export interface TemplateChange extends FileChange {
  old?: TemplateSide;
  new?: TemplateSide;
}

/** Everything the risk engine needs to know about a change, from any data source. */
export interface ChangeSet {
  baseSha: string;
  headSha: string;
  /** Every changed path, template or not (policy-change, CODEOWNERS and migrations need the others). */
  files: FileChange[];
  /** The changed paths that match the policy's template globs, with content at both sides. */
  templates: TemplateChange[];
  /** CODEOWNERS at the BASE commit (the first of `.github/`, root, `docs/`, as GitHub looks), for template owners. */
  codeowners?: { path: string; text: string };
  /** Changed files matching the policy's `memory_schemas` globs, both sides, for migration checks. */
  memorySchemas?: Map<string, { old?: string; new?: string }>;
  /** Workflow files changed by the PR (path → old/new text), for the policy-change rule. */
  workflows?: Map<string, { old?: string; new?: string }>;
  /** True when the data source could not list every changed file (e.g. GitHub's 3,000-file limit): fail closed. */
  incomplete?: { reason: string };
  /** Pull request context where there is one (App, Action); absent for a local diff. */
  pullRequest?: { number: number; title: string; body: string; author: string; labels?: string[] };
}
