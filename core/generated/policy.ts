/* Generated from schemas/policy.schema.json by `npm run schemas`. Do not edit. */

/**
 * Who may approve: `owners` (owners of the changed templates), users, and `org/team` teams. Empty: anyone with write access.
 */
export type Principals = string[];
/**
 * Who is requested when the SLA is breached.
 */
export type Principals1 = string[];
export type TierName = "low" | "medium" | "high" | "critical";
export type Principals2 = string[];

/**
 * PromptOps policy, `.github/promptops.yml`, read from the base branch of a pull request.
 */
export interface Policy {
  version: 1;
  /**
   * Globs of the files that are prompt templates.
   *
   * @minItems 1
   */
  templates?: [string, ...string[]];
  /**
   * Globs excluded from `templates`.
   */
  ignore?: string[];
  /**
   * Risk tiers, ordered low to high by `min_score`. A change gets the highest tier whose threshold it reaches.
   */
  tiers?: {
    low?: Tier;
    medium?: Tier;
    high?: Tier;
    critical?: Tier;
  };
  /**
   * Per-rule or per-category overrides, keyed by rule id (`pii.email`) or category (`pii`).
   */
  rules?: {
    [k: string]: RuleSettings;
  };
  /**
   * What a pull request or template must carry, from which tier up.
   */
  require?: {
    rationale?: TierName;
    rationale_pattern?: string;
    owners?: boolean | TierName;
    provenance?: TierName;
    provenance_fields?: ("datasets" | "model" | "model.provider" | "model.name" | "model.revision" | "version")[];
    /**
     * A modified template whose content changed must raise governance.provenance.version (semver).
     */
    version_bump?: boolean;
    /**
     * Breaking variable or memory-schema changes need a migration note.
     */
    migration?: boolean;
    min_pass_rate?: {
      tier: TierName;
      rate: number;
    };
  };
  approvals?: {
    /**
     * Only approvals on the current head commit count.
     */
    dismiss_stale?: boolean;
    /**
     * Authors and committers of the PR's commits do not count as approvers.
     */
    exclude_committers?: boolean;
  };
  /**
   * Owners of templates by glob (last match wins, like CODEOWNERS).
   */
  owners?: {
    [k: string]: Principals2;
  };
  /**
   * Governance metadata for whole folders, by glob; a template's own `governance` key wins field by field.
   */
  governance?: {
    [k: string]: Governance;
  };
  /**
   * Globs of JSON Schema files describing memory or variable shapes; breaking changes need a migration note.
   */
  memory_schemas?: string[];
  /**
   * Folder whose changed files count as a migration note.
   */
  migrations?: string;
  cost?: {
    /**
     * A fixed-text token increase per template above this is a finding.
     */
    max_token_increase?: number;
    /**
     * USD per 1M input tokens by model name, added to the built-in table.
     */
    prices?: {
      [k: string]: number;
    };
  };
  limits?: {
    max_file_bytes?: number;
  };
  audit?: {
    branch?: string;
    public_keys?: string[];
  };
}
export interface Tier {
  min_score: number;
  approvals?: number;
  reviewers?: Principals;
  /**
   * Every listed team (and `owners`) must approve at least once.
   */
  require_all_teams?: boolean;
  /**
   * A duration such as `24h`, `3d` or `1w`.
   */
  review_sla?: string;
  escalation?: Principals1;
}
export interface RuleSettings {
  enabled?: boolean;
  weight?: number;
  severity?: "info" | "low" | "medium" | "high" | "critical";
  min_tier?: TierName;
  /**
   * Values (or, for exfiltration, hosts) that never count as findings.
   */
  allowlist?: string[];
  /**
   * Extra regular expressions for this rule; run with the same backtracking protection as the built-in ones.
   */
  patterns?: {
    id?: string;
    pattern: string;
    message?: string;
  }[];
}
/**
 * Governance metadata of a prompt template: under the `governance` key of its front matter / top-level YAML, or given for whole folders in the policy.
 */
export interface Governance {
  /**
   * Users (`alice`, `@alice`) and teams (`org/team`, `@org/team`) who own the template.
   */
  owners?: string[];
  /**
   * A duration such as `24h`, `3d` or `1w`.
   */
  review_sla?: string;
  /**
   * Classes of data the template handles, e.g. pii, phi, student-records, payment.
   */
  data_classes?: string[];
  /**
   * Regulated domain, e.g. health, education, finance.
   */
  domain?: string;
  provenance?: {
    datasets?: string[];
    model?: {
      provider?: string;
      name?: string;
      revision?: string;
    };
    version?: string;
  };
}
