/** The `secret` category: credentials in added lines. */
import type { Rule } from "../../rule.js";
import { providerRules, PROVIDERS, providerRule } from "./providers.js";
import { privateKeyRule } from "./private-key.js";
import { connectionStringRule } from "./connection-string.js";
import { jwtRule } from "./jwt.js";
import { highEntropyRule } from "./assignment.js";
import { customSecretRule } from "./custom.js";

export { providerRules, PROVIDERS, providerRule, privateKeyRule, connectionStringRule, jwtRule, highEntropyRule, customSecretRule };

export const secretRules: Rule[] = [...providerRules, privateKeyRule, connectionStringRule, jwtRule, highEntropyRule, customSecretRule];
