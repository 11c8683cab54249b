/**
 * Phrases that tell a model to drop its instructions, take on an unrestricted
 * persona, or hand over its system prompt — the classic direct-injection and
 * jailbreak openers. Written in the normal form of
 * `../toxicity/normalised-text.ts` (lower case, one space between words,
 * punctuation gone, "you're" → "you re"), so "1GN0RE   all previous
 * instructions" and "i g n o r e …" read the same; `collapseRepeats` turns the
 * natural spelling into the collapsed one the normal form uses.
 */
import { collapseRepeats } from "../toxicity/normalised-text.js";
import { wordCueAtoms } from "../toxicity/regex-trie.js";

export type OverrideKind = "ignore-instructions" | "persona" | "reveal-prompt";

const VERB = "ignore|disregard|forget|skip|override|overwrite|bypass|drop|discard|abandon|neglect|dismiss|throw away|set aside|erase|delete|clear|suspend|disable|turn off";
const WHICH = "previous|prior|preceding|above|earlier|former|initial|original|old|existing|foregoing|system|developer|given|current|default|built in|safety|content|above mentioned|aforementioned";
const WHAT = "instructions?|prompts?|rules|directions?|directives?|guidelines?|guidance|context|messages?|commands?|constraints?|guardrails?|restrictions?|policies|policy|programming|training|orders|settings|filters?|limitations?|conditioning|safeguards?|protocols?";
/** "ignore all instructions in the document" is a defence, not an attack: the object is located in untrusted text. */
const LOCATED = "(?! (?:in|inside|within|contained|found|from|that (?:appear|are|come|you find)|embedded|included|given by|provided by|written by|coming from|hidden in)\\b)";
const PROMPT_OBJECT = "(?:your |the |this )(?:full |entire |complete |original |initial |hidden |secret |exact |internal |first |real |underlying )*(?:system prompt|system message|system instructions|initial prompt|initial instructions|hidden prompt|hidden instructions|original prompt|original instructions|developer message|developer prompt|pre ?prompt|meta ?prompt)|your (?:full |entire |complete |original |initial |hidden |secret |exact |internal |first |real )*(?:instructions|prompt|rules|guidelines|configuration|directives)";

const PATTERNS: Record<OverrideKind, string[]> = {
  "ignore-instructions": [
    `(?:${VERB}) (?:all |any |every |each )?(?:of )?(?:the |your |my |these |those |this |that )?(?:${WHICH})(?: \\w+){0,2} (?:${WHAT})${LOCATED}`,
    `(?:${VERB}) (?:all |any )?(?:of )?(?:your|the system s|the developer s) (?:instructions|rules|guidelines|programming|training|restrictions|system prompt|guardrails|safety (?:rules|guidelines|filters|measures))${LOCATED}`,
    `(?:ignore|disregard|forget|bypass|override|break) (?:all|every) (?:of )?(?:the |your )?(?:rules|instructions|guidelines|restrictions|guardrails|safety (?:rules|guidelines|filters|measures)|content (?:policies|filters))${LOCATED}`,
    `(?:ignore|disregard|forget) (?:all of |everything |all )?(?:the )?(?:above|before this|prior to this|previously said|said before|that came before)`,
    `forget (?:everything|all) (?:you (?:were|have been|ve been) (?:told|taught|instructed|given)|above|before|so far|you know)`,
    `end of (?:the )?(?:system )?(?:prompt|instructions)`,
    `(?:the )?real instructions (?:are|follow)`,
    `your (?:new|real|actual|updated) (?:instructions|rules|task|goal|objective|purpose) (?:are|is)`,
    `(?:new|updated|revised) (?:system )?(?:instructions|prompt) (?:follow|below|override)`,
    `from now on (?:you (?:will|must|are to|shall) )?(?:ignore|disregard|answer without|respond without|have no)`,
    `(?:admin|administrator|developer|root|sudo) override`,
  ],
  persona: [
    `you are now (?:dan|an? (?:unrestricted|unfiltered|uncensored|jailbroken|evil|rogue|unaligned|amoral|unbound) (?:ai|model|assistant|chatbot|llm|version|persona)|in (?:developer|god|jailbreak|dan|unrestricted|debug|admin|sudo) mode|free from (?:all |any |your )?(?:rules|restrictions|guidelines|policies)|no longer (?:bound|restricted|an ai|limited|required to follow))`,
    `(?:enable|enter|activate|switch to|turn on|unlock)(?: the)? (?:developer|god|jailbreak|dan|unrestricted|sudo) mode`,
    `(?:developer|god|jailbreak|dan) mode (?:enabled|on|activated|unlocked)`,
    `do anything now`,
    `(?:act|behave|respond|pretend|roleplay|role play) (?:as|like) (?:if you (?:are|were|have) )?(?:an? )?(?:unrestricted|unfiltered|uncensored|jailbroken|evil|unaligned|amoral) (?:ai|model|assistant|chatbot|version|persona)`,
    `pretend (?:that )?(?:you have no|there are no|you are not bound by|you don t have any|you do not have any) (?:rules|restrictions|guidelines|filters|limits|content policy|policies|guardrails)`,
    `(?:you have|you ve got) no (?:rules|restrictions|guidelines|content policy|filters|limits|guardrails)`,
    `jailbr(?:eak|eaks|eaking|oken)`,
  ],
  "reveal-prompt": [
    `(?:print|reveal|show|output|repeat|display|tell|disclose|leak|give|share|return|echo|recite|dump|write out|spell out|type out|copy|paste|expose|provide|list|read back)(?: me| us)?(?: back)?(?: all| the whole| the entire| the full| the complete| verbatim)?(?: of)? (?:${PROMPT_OBJECT})`,
    `repeat (?:the |all )?(?:words|text|everything|content|lines) (?:above|before this)`,
    `(?:print|output|show|reveal|write) (?:everything|all (?:the )?text|the text) (?:above|before this)`,
    `(?:what|which) (?:are|were|is) your (?:initial |original |system |hidden |secret )?(?:instructions|rules|system prompt|prompt)`,
    `(?:what|everything) (?:was|is) written (?:above|before this)`,
  ],
};

export const OVERRIDE_PATTERNS: { kind: OverrideKind; re: RegExp }[] = Object.entries(PATTERNS).flatMap(([kind, list]) =>
  list.map((p) => ({ kind: kind as OverrideKind, re: new RegExp(collapseRepeats(`\\b(?:${p})\\b`), "g") })),
);

/**
 * A line must carry one of these before the phrase regexes read it. They are
 * the distinctive parts of the phrases (rare verbs, the objects), not common
 * verbs like "show" or "give", so ordinary prompt lines stay on the fast path.
 */
export const OVERRIDE_CUE_ATOMS: readonly string[][] = wordCueAtoms([
  "ignore", "disregard", "forget", "override", "overwrite", "bypass", "discard", "abandon", "neglect", "dismiss", "throw away", "set aside", "erase", "suspend",
  "previous", "prior", "preceding", "earlier", "foregoing", "aforementioned", "above", "before this", "said before", "came before", "so far",
  "all rules", "all instructions", "all guidelines", "all restrictions", "all guardrails", "every rule", "every instruction",
  "your instructions", "your rules", "your programming", "your training", "your guidelines", "your restrictions", "your guardrails", "your safety", "your system", "your prompt", "your configuration", "your directives",
  "your full", "your entire", "your complete", "your original", "your initial", "your hidden", "your secret", "your exact", "your internal", "your first", "your real", "your new", "your actual", "your updated",
  "system prompt", "system message", "system instructions", "initial prompt", "initial instructions", "hidden prompt", "hidden instructions", "original prompt", "original instructions",
  "developer message", "developer prompt", "preprompt", "pre prompt", "metaprompt", "meta prompt",
  "safety filter", "safety rules", "safety guidelines", "safety measures", "content filter", "content policy", "content policies",
  "end of", "real instructions", "new instructions", "new system", "updated instructions", "updated system", "revised instructions", "revised system", "from now on", "override",
  "you are now", "god mode", "dan mode", "developer mode", "jailbreak mode", "sudo mode", "jailbr", "do anything now", "unrestricted", "unfiltered", "uncensored", "unaligned", "amoral", "unbound",
  "no rules", "no restrictions", "no guidelines", "no filters", "no limits", "no content policy", "no guardrails", "free from",
  "what are your", "what were your", "what is your", "which are your", "written above", "words above", "text above", "everything above", "content above", "lines above",
]);
