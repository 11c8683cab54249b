import type { Rule } from "../../rule.js";
import { guardrailRemovalRule } from "./rule.js";

export { guardrailRemovalRule };
export { isGuardedMention } from "./mention-frame.js";

export const guardrailRemovalRules: Rule[] = [guardrailRemovalRule];
