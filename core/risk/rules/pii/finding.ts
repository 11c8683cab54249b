/**
 * What every `pii.*` rule shares: the allowlist check and the shape of a
 * finding. Evidence always goes through `maskPersonal`.
 */
import type { RawFinding, Severity } from "../../finding.js";
import type { FileRuleInput } from "../../rule.js";
import { maskPersonal } from "../../mask.js";

const compact = (v: string): string => v.replace(/[\s().-]/g, "").toLowerCase();

/**
 * A value is allowlisted when an entry equals it (case-insensitive, ignoring
 * spaces, dashes, dots and parentheses, so `+1 415 555 0132` covers
 * `(415) 555-0132`'s digits too when written the same way), or, for emails,
 * when an entry `@domain` matches its domain.
 */
export function isAllowlisted(value: string, allowlist: readonly string[] | undefined): boolean {
  if (!allowlist || allowlist.length === 0) return false;
  const v = compact(value);
  const lower = value.toLowerCase();
  for (const entry of allowlist) {
    if (compact(entry) === v) return true;
    if (entry.startsWith("@") && lower.endsWith(entry.toLowerCase())) return true;
  }
  return false;
}

export interface LiteralHit {
  line: number;
  /** 0-based offset in the line. */
  index: number;
  value: string;
  severity?: Severity;
  /** Overrides the rule's default message (must not contain the raw value). */
  message?: string;
}

export interface LiteralKind {
  rule: string;
  message: string;
  remediation: string;
}

export function literalFinding(input: FileRuleInput, kind: LiteralKind, hit: LiteralHit): RawFinding {
  return {
    rule: kind.rule,
    category: "pii",
    severity: hit.severity ?? "high",
    file: input.change.path,
    line: hit.line,
    column: hit.index + 1,
    message: hit.message ?? kind.message,
    remediation: kind.remediation,
    evidence: maskPersonal(hit.value),
  };
}

export const LITERAL_REMEDIATION =
  "Replace the value with a template variable or an obviously fictitious example, or add it to this rule's allowlist in the policy if it is meant to be there.";
