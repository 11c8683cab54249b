/* Generated from schemas/risk-report.schema.json by `npm run schemas`. Do not edit. */

export type TierName = "low" | "medium" | "high" | "critical";

/**
 * The JSON contract of `promptops check --format json`, `promptops scan --format json` and the Action's `report` output. Fields are only ever added.
 */
export interface RiskReport {
  version: 1;
  tier: TierName;
  score: number;
  /**
   * Base commit SHA (check) — absent for scan.
   */
  base?: string;
  /**
   * Head commit SHA (check) — absent for scan.
   */
  head?: string;
  policy?: {
    path: string;
    blob?: string;
    /**
     * True when no policy file exists and the safe defaults apply.
     */
    default: boolean;
  };
  templates: {
    path: string;
    previous_path?: string;
    status: "added" | "modified" | "removed" | "renamed";
    format: "github-models" | "prompty" | "dotprompt" | "markdown" | "text" | "unknown";
    owners?: string[];
  }[];
  findings: {
    rule: string;
    category:
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
    severity: "info" | "low" | "medium" | "high" | "critical";
    weight?: number;
    /**
     * Repository-relative, `/` separators.
     */
    file: string;
    line: number;
    column: number;
    message: string;
    remediation?: string;
    /**
     * Masked: never a raw secret or personal datum. Empty when there is nothing to show.
     */
    evidence: string;
    blocking?: boolean;
  }[];
  requirements: {
    id: string;
    description: string;
    /**
     * Principals: `owners`, users, `org/team`; empty means any eligible reviewer.
     */
    who: string[];
    needed: number;
    /**
     * Eligible approvers counted (empty outside the App).
     */
    have: string[];
    missing: number;
  }[];
  /**
   * Why the tier is what it is.
   */
  reasons?: string[];
  /**
   * Conditions under which PromptOps could not decide and required the highest tier.
   */
  fail_closed?: string[];
  /**
   * Input problems (policy errors) with their location.
   */
  problems?: {
    code: string;
    message: string;
    file?: string;
    line?: number;
    column?: number;
    path?: string;
  }[];
  summary?: {
    by_category?: {
      [k: string]: number;
    };
    by_severity?: {
      [k: string]: number;
    };
    blocking?: number;
  };
  /**
   * Per-template governance: owners, SLA, provenance, cost, accuracy (filled by the governance checks).
   */
  governance?: {
    [k: string]: unknown;
  };
}
