/**
 * The governance checks, for the lead to register with the engine:
 * `GOVERNANCE_CHECKS` in `REQUIREMENT_CHECKS` (they run once the tier is
 * known; their findings block, weight 0), `GOVERNANCE_RULES` in `ALL_RULES`.
 *
 * The pass-rate check needs evaluation results, which only the Action has:
 * `governanceChecks({ evals })` adds it when results were given.
 */
import type { RequirementCheck } from "../risk/engine.js";
import type { Rule } from "../risk/rule.js";
import { passRateCheck, type EvalReport } from "./accuracy.js";
import { tokenIncreaseRule } from "./cost.js";
import { migrationCheck } from "./migration.js";
import { ownersCheck } from "./owners.js";
import { provenanceCheck, versionBumpCheck } from "./provenance.js";
import { rationaleCheck } from "./rationale.js";

export const GOVERNANCE_CHECKS: RequirementCheck[] = [ownersCheck, provenanceCheck, versionBumpCheck, rationaleCheck, migrationCheck];

export const GOVERNANCE_RULES: Rule[] = [tokenIncreaseRule];

export interface GovernanceInputs {
  /** Parsed evaluation results for the head commit (`parseEvalResults`). */
  evals?: EvalReport;
}

/** `GOVERNANCE_CHECKS` plus the checks that need inputs only some adapters have. */
export function governanceChecks(inputs: GovernanceInputs = {}): RequirementCheck[] {
  return inputs.evals ? [...GOVERNANCE_CHECKS, passRateCheck(inputs.evals)] : [...GOVERNANCE_CHECKS];
}
