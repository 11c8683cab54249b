import type { Rule } from "../rule.js";
import type { RequirementCheck } from "../engine.js";
import { policyChangeRule } from "./policy-change/index.js";
import { modelChangeRule } from "./model-change/index.js";
import { breakingVariablesRule } from "./breaking-variables/index.js";
import { sensitiveDomainRule } from "./sensitive-domain/index.js";
import { piiRules } from "./pii/index.js";
import { secretRules } from "./secret/index.js";
import { hiddenTextRules } from "./hidden-text/index.js";
import { toxicityRules } from "./toxicity/index.js";
import { promptInjectionRules } from "./prompt-injection/index.js";
import { exfiltrationRules } from "./exfiltration/index.js";
import { guardrailRemovalRules } from "./guardrail-removal/index.js";
import { GOVERNANCE_RULES } from "../../governance/checks.js";

/** Every rule the engine runs, in the order reports list rules with equal severity. */
export const ALL_RULES: Rule[] = [
  ...secretRules,
  ...piiRules,
  ...hiddenTextRules,
  ...promptInjectionRules,
  ...exfiltrationRules,
  ...guardrailRemovalRules,
  ...toxicityRules,
  policyChangeRule,
  modelChangeRule,
  breakingVariablesRule,
  sensitiveDomainRule,
  ...GOVERNANCE_RULES,
];

/**
 * Checks that depend on the tier (require.*): they block, they do not raise the tier.
 * The governance checks are added by core/check.ts (some need inputs only an adapter has).
 */
export const REQUIREMENT_CHECKS: RequirementCheck[] = [];
