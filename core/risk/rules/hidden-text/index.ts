/** The `hidden-text` category: what a reviewer cannot see but a model reads. */
import type { Rule } from "../../rule.js";
import { tagCharactersRule } from "./tags.js";
import { bidiRule } from "./bidi.js";
import { invisibleRule } from "./invisible.js";
import { variationSelectorRule } from "./variation-selectors.js";
import { homoglyphRule } from "./homoglyph.js";

export { tagCharactersRule, bidiRule, invisibleRule, variationSelectorRule, homoglyphRule };

export const hiddenTextRules: Rule[] = [tagCharactersRule, bidiRule, invisibleRule, variationSelectorRule, homoglyphRule];
