import type { Rule } from "../../rule.js";
import { toxicityCustomRule, toxicityHateRule, toxicityInsultRule, toxicityProfanityRule, toxicitySelfHarmRule, toxicitySexualRule, toxicityThreatRule } from "./rules.js";

export { toxicityCustomRule, toxicityHateRule, toxicityInsultRule, toxicityProfanityRule, toxicitySelfHarmRule, toxicitySexualRule, toxicityThreatRule };
export { toxicityHits, type ToxicityHit } from "./hits.js";

/** The toxicity rules; `toxicity.custom` runs the policy's own `patterns`. */
export const toxicityRules: Rule[] = [toxicityHateRule, toxicityThreatRule, toxicitySelfHarmRule, toxicityInsultRule, toxicitySexualRule, toxicityProfanityRule, toxicityCustomRule];
