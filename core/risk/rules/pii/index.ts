/** The `pii` category: literal personal data in added lines, and variables that carry it. */
import type { Rule } from "../../rule.js";
import { emailRule } from "./email.js";
import { phoneRule } from "./phone.js";
import { ssnRule } from "./ssn.js";
import { cardRule } from "./card.js";
import { ibanRule } from "./iban.js";
import { ipRule } from "./ip.js";
import { dateOfBirthRule } from "./date-of-birth.js";
import { personalVariableRule } from "./variables.js";
import { customPiiRule } from "./custom.js";

export { emailRule, phoneRule, ssnRule, cardRule, ibanRule, ipRule, dateOfBirthRule, personalVariableRule, customPiiRule };

export const piiRules: Rule[] = [emailRule, phoneRule, ssnRule, cardRule, ibanRule, ipRule, dateOfBirthRule, personalVariableRule, customPiiRule];
