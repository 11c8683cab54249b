/** The fixed vocabulary reports, labels and tests rely on (DESIGN §5). */
export const CATEGORIES = [
  "pii",
  "secret",
  "toxicity",
  "prompt-injection",
  "exfiltration",
  "hidden-text",
  "guardrail-removal",
  "model-change",
  "breaking-variables",
  "sensitive-domain",
  "metadata",
  "policy-change",
] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ["info", "low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);

/** What a rule reports. The engine turns it into a `Finding` by applying policy weight and overrides. */
export interface RawFinding {
  rule: string;
  category: Category;
  severity: Severity;
  /** Repository-relative path, `/` separators. */
  file: string;
  line: number;
  column: number;
  /** Why it matters, one sentence. */
  message: string;
  /** How to resolve it, one sentence. */
  remediation?: string;
  /** ALREADY MASKED evidence (use core/risk/mask.ts); never the raw secret or personal datum. */
  evidence?: string;
}

export interface Finding extends RawFinding {
  /** Points this finding adds to the score, after policy overrides. */
  weight: number;
  /** Set by a policy `min_tier` override: the change is at least this tier. */
  minTier?: "low" | "medium" | "high" | "critical";
  /** A requirement the change does not meet yet (missing rationale, owners, migration note): blocks approval until fixed. */
  blocking?: boolean;
}
