/* Generated from schemas/governance.schema.json by `npm run schemas`. Do not edit. */

/**
 * A duration such as `24h`, `3d` or `1w`.
 */
export type Duration = string;

/**
 * Governance metadata of a prompt template: under the `governance` key of its front matter / top-level YAML, or given for whole folders in the policy.
 */
export interface Governance {
  /**
   * Users (`alice`, `@alice`) and teams (`org/team`, `@org/team`) who own the template.
   */
  owners?: string[];
  review_sla?: Duration;
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
