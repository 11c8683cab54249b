/* Generated from schemas/audit-predicate.schema.json by `npm run schemas`. Do not edit. */

export type TierName = "low" | "medium" | "high" | "critical";
export type Category =
  | "pii"
  | "secret"
  | "toxicity"
  | "prompt-injection"
  | "exfiltration"
  | "hidden-text"
  | "guardrail-removal"
  | "model-change"
  | "breaking-variables"
  | "sensitive-domain"
  | "metadata"
  | "policy-change";
export type Severity = "info" | "low" | "medium" | "high" | "critical";
export type Sha = string;

/**
 * The predicate of an audit entry (predicateType `https://promptops.dev/audit/v1`): one decision of record about a change to prompt templates or the policy, inside an in-toto Statement v1 signed as a DSSE envelope on the `promptops-audit` branch.
 */
export interface AuditPredicate {
  /**
   * Position of the entry in the log, 1 for the first entry, contiguous.
   */
  seq: number;
  /**
   * SHA-256 (lowercase hex) of the bytes of the previous entry's file; null for seq 1.
   */
  prev: string | null;
  /**
   * What is recorded: a merged PR, a merge that bypassed a failing or pending check, an override, or a decision taken by the CLI on a local repository.
   */
  kind: "merged" | "bypass" | "override" | "local-check";
  /**
   * The routing outcome of record.
   */
  decision: "approved" | "blocked" | "pending" | "bypassed";
  /**
   * What the PromptOps check said when the decision was recorded; for a bypass, the status the merge ignored.
   */
  gate_status?: "approved" | "blocked" | "pending" | "unknown";
  /**
   * Who overrode the decision and why (kind `override`).
   */
  override?: {
    actor: string;
    reason: string;
  };
  /**
   * `owner/name` of the repository the decision is about, when known.
   */
  repository?: string;
  tier: TierName;
  /**
   * Risk score after policy weights and cap.
   */
  score: number;
  findings: AuditFindingsSummary;
  /**
   * Approval requirements of the tier and how far each was met.
   */
  requirements: AuditRequirement[];
  /**
   * Eligible approvals counted for the decision.
   */
  approvals: AuditApproval[];
  policy: AuditPolicyRef;
  /**
   * The pull request the decision is about; null for a local check.
   */
  pull_request: AuditPullRequest | null;
  /**
   * The changed templates (and the policy file, when it changed).
   */
  templates: AuditTemplateChange[];
  /**
   * Provenance of each changed template as declared in its governance metadata.
   */
  provenance: AuditTemplateProvenance[];
  /**
   * The rationale given on the pull request, if any.
   */
  rationale: string | null;
  /**
   * The webhook delivery (X-GitHub-Delivery) that caused the entry; null outside the App.
   */
  delivery_id: string | null;
  /**
   * Stable key of the decision: a redelivered webhook yields the same key and is not recorded twice.
   */
  idempotency_key: string;
  /**
   * When the decision was taken (ISO 8601, UTC).
   */
  decided_at: string;
  recorded_by: AuditRecorder;
}
export interface AuditFindingsSummary {
  total: number;
  by_category: {
    [k: string]: number;
  };
  by_severity: {
    [k: string]: number;
  };
  /**
   * The most severe findings (at most 20); evidence is masked, never the raw value.
   */
  top: AuditFinding[];
}
export interface AuditFinding {
  rule: string;
  category: Category;
  severity: Severity;
  weight?: number;
  file: string;
  line: number;
  message: string;
  /**
   * Masked evidence.
   */
  evidence?: string;
}
export interface AuditRequirement {
  /**
   * Requirement id from the risk report (`approvals`, `team:org/slug`, …).
   */
  id?: string;
  description?: string;
  /**
   * `owners`, a user, or an `org/team`.
   */
  who: string;
  needed: number;
  have: string[];
  missing: number;
}
export interface AuditApproval {
  reviewer: string;
  review_id: number;
  commit: Sha;
  submitted_at: string;
}
/**
 * The policy the decision was made under.
 */
export interface AuditPolicyRef {
  path: string;
  /**
   * Git blob SHA of the policy file on the base branch; null when the built-in default policy applied.
   */
  blob_sha: string | null;
}
export interface AuditPullRequest {
  number: number;
  title: string;
  author: string;
  url?: string;
  base: AuditGitRef;
  head: AuditGitRef;
  merge_sha: Sha | null;
  merged_by: string | null;
}
export interface AuditGitRef {
  ref: string;
  sha: Sha;
}
export interface AuditTemplateChange {
  path: string;
  previous_path?: string;
  status: "added" | "modified" | "removed" | "renamed";
  /**
   * Blob SHA after the change; null for a removed file.
   */
  blob_sha: Sha | null;
}
export interface AuditTemplateProvenance {
  path: string;
  datasets?: string[];
  model?: {
    provider?: string;
    name?: string;
    revision?: string;
  };
  version?: string;
}
export interface AuditRecorder {
  /**
   * What wrote the entry, e.g. `promptops-app`, `promptops-cli`.
   */
  agent: string;
  version?: string;
  installation_id?: number;
}
