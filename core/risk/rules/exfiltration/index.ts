import type { Rule } from "../../rule.js";
import { exfiltrationCustomRule, exfiltrationLinkRule, exfiltrationMarkdownImageRule, exfiltrationSendInstructionRule, exfiltrationToolUrlRule, exfiltrationUrlRule } from "./rules.js";

export { exfiltrationCustomRule, exfiltrationLinkRule, exfiltrationMarkdownImageRule, exfiltrationSendInstructionRule, exfiltrationToolUrlRule, exfiltrationUrlRule };
export { hostAllowed } from "./allowlist.js";
export { urlsInLine, type UrlHit } from "./urls.js";

/** The exfiltration rules; `exfiltration.custom` runs the policy's own `patterns`. */
export const exfiltrationRules: Rule[] = [exfiltrationMarkdownImageRule, exfiltrationLinkRule, exfiltrationToolUrlRule, exfiltrationUrlRule, exfiltrationSendInstructionRule, exfiltrationCustomRule];
