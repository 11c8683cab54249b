/**
 * What makes a sentence a guardrail, how strong it is, and which words carry
 * its meaning. A guardrail restricts (never, do not, refuse, only…) or
 * mandates (always, must…) something about safety, refusals, privacy, scope
 * or data handling — or is a flat prohibition of anything but presentation
 * ("you must not write the student's homework"); "Do not use emojis"
 * restricts style and is not one.
 */

/** Contractions and spelling variants read as their long forms first. */
export function plainSentence(s: string): string {
  // Each pass runs only when its characters occur: this is called for every changed sentence of every template.
  let t = s.toLowerCase();
  if (/['’‘`]/.test(t)) {
    t = t
      .replace(/[’‘`]/g, "'")
      .replace(/\bwon't\b/g, "will not")
      .replace(/\bcan't\b/g, "cannot")
      .replace(/\bshan't\b/g, "shall not")
      .replace(/\b(do|does|did|is|are|was|were|should|must|would|could|need|has|have)n't\b/g, "$1 not");
  }
  t = t.replace(/^\s*(?:[-*•+>]|\d{1,3}[.)]|#{1,6})\s+/, "");
  if (/[*_"“”]/.test(t)) t = t.replace(/[*_"“”]+/g, "");
  if (/[^\S ]| {2}/.test(t)) t = t.replace(/\s+/g, " ");
  return t.trim();
}

const ABSOLUTE_NEGATION = /\b(?:never|do not|does not|must not|shall not|cannot|can not|may not|will not|is not allowed|are not allowed|not allowed|not permitted|prohibited|forbidden|under no circumstances|at no time|no circumstances)\b/;
const REFUSAL = /\b(?:refuse|refuses|refusing|decline|declines|declining|reject|rejects|politely decline|say (?:that )?you (?:cannot|can not|are unable to) help)\b/;
/** Firm but not absolute: "should not", "avoid". */
const FIRM_NEGATION = /\b(?:should not|avoid|avoids|avoiding|refrain|refrains|refrain from)\b/;
/** Words that turn a rule into a preference, wherever they sit in the sentence. */
const SOFTENER = /\b(?:try not to|try to avoid|try to|prefer not to|best not to|discouraged|be careful (?:not )?to|be cautious about|minimi[sz]e|where possible|if possible|when possible|as much as possible|if you can|ideally|generally|usually|typically|in most cases|when appropriate|where appropriate|if appropriate|when relevant|if relevant|it is better|it is best|consider|preferably)\b/;
const SOFT_NEGATION = new RegExp(`${FIRM_NEGATION.source}|${SOFTENER.source}`);
const MANDATE = /\b(?:always|must|are required to|is required to|ensure|make sure|remind|required)\b|\b(?:verify|confirm|check)\b[^.]{0,80}\bbefore\b|\bkeep\b(?: [\w'-]+){0,4} (?:confidential|private|secret|safe|secure|anonymous)\b/;
/** What a style rule is about: a prohibition of these alone restricts presentation, not behaviour. */
const STYLE = /\b(?:emojis?|emoticons?|markdown|bullets?|bullet points|jargon|slang|exclamation|caps|capital letters|headings?|headers?|tables?|formatting|format|tone|verbose|wordy|long|lengthy|sentences?|paragraphs?|words?|characters?|apologi[sz]e|apolog\w*|repeat\w*|filler|preamble|greetings?|sign[- ]off|signature|quotes|quotation marks|abbreviations?|acronyms?|passive voice|first person|spelling|latex|code blocks?|emphasis|bold|italics?|hashtags?|exclamation marks?)\b/;
/** "If the user mentions self-harm, share the 988 hotline": a condition that routes a safety case. */
const CONDITION = /^(?:if|when|whenever|in case|should)\b/;
const SAFETY_CASE = /\b(?:self[- ]harm|suicid\w*|crisis|emergenc\w*|abuse|abused|violence|danger\w*|threat\w*|harass\w*|minor|underage|upset|angry|distress\w*|escalat\w*|human agent|medical|legal|lawyer|doctor|personal data|pii|password|credentials?|payment|card)\b/;
const SCOPE = /\b(?:only|solely|exclusively|strictly|limited to|restrict(?:ed)? to|stay on topic|stick to|off[- ]topic|out of scope|outside (?:the|your|this|of) scope|unrelated|not related)\b/;
const WIDE = /\b(?:anything|any topic|any topics|any question|any questions|any subject|all topics|all subjects|everything|whatever|any request|any kind of)\b/;
const EXCEPTION = /\b(?:unless|except|if the (?:user|customer) (?:asks|insists|requests|wants|says|is)|when (?:asked|requested|needed|necessary)|if (?:asked|requested|needed|necessary|they insist)|upon request|on request|if they ask)\b/;
const TOPIC =
  /\b(?:personal|private|privacy|confidential|sensitive|pii|phi|data|information|details|credentials?|passwords?|secrets?|tokens?|api keys?|system prompt|instructions|prompt|safe|safety|harm|harmful|dangerous|illegal|unlawful|violen\w*|weapons?|self[- ]harm|suicid\w*|hate|hateful|abuse|abusive|explicit|sexual|minors?|child\w*|medical|health|legal|financial|investment|tax|diagnos\w*|prescri\w*|treatment|dosage|advice|professional|doctor|physician|lawyer|attorney|therapist|consent|gdpr|hipaa|ferpa|pci|compliance|polic(?:y|ies)|guidelines?|regulat\w*|verify|verification|identity|authenticat\w*|disclaimer|escalat\w*|human agent|competitors?|speculat\w*|fabricat\w*|invent|make up|made up|hallucinat\w*|guess\w*|reveal|disclose|share|store|log|logs|collect|retain|expose|leak|external|third[- ]part\w*|emails?|phone|address|ssn|social security|card numbers?|account|bank|payment|refunds?|prices?|pricing|discounts?|promises?|guarantees?|opinions?|politic\w*|religio\w*|topic|topics|questions?|requests?|scope|impersonat\w*|pretend|role[- ]?play|jailbreak|profanity|offensive|discriminat\w*|bias\w*|off[- ]label|emergenc\w*|crisis|hotline|911|988)\b/;

export interface GuardrailShape {
  /** Forbids or refuses something (never, do not, refuse…). */
  negative: boolean;
  /** 3 = absolute (never, must, only), 2 = firm (should not, avoid), 1 = soft (try not to, where possible), 0 = none. */
  strength: number;
  scoped: boolean;
  wide: boolean;
  exception: boolean;
}

export function shapeOf(plain: string): GuardrailShape {
  const absolute = ABSOLUTE_NEGATION.test(plain) || REFUSAL.test(plain);
  const firm = FIRM_NEGATION.test(plain);
  const softener = SOFTENER.exec(plain)?.[0];
  const scoped = SCOPE.test(plain);
  const mandate = MANDATE.test(plain) || CONDITION.test(plain);
  const strength = softener ? 1 : absolute || scoped || mandate ? 3 : firm ? 2 : 0;
  const negative = absolute || firm || Boolean(softener && /not|avoid|discouraged|minimi/.test(softener));
  return { negative, strength, scoped, wide: WIDE.test(plain), exception: EXCEPTION.test(plain) };
}

/** Every guardrail has one of these cues (see the branches of `isGuardrail`): one pass rules most sentences out. */
const cueWith = (condition: RegExp): RegExp => new RegExp([REFUSAL, SCOPE, condition, ABSOLUTE_NEGATION, FIRM_NEGATION, SOFTENER, MANDATE].map((r) => `(?:${r.source})`).join("|"));
const CUE = cueWith(CONDITION);

/*
 * A superset of "plainSentence(s) is a guardrail", for raw sentences, cheaper than normalising them: most
 * changed sentences are not guardrails and are ruled out by one regex. Without apostrophes (contractions)
 * or irregular spacing, plainSentence only lower-cases, strips a list marker and drops `*_"“”`; done here
 * the same way (bar the marker), the plain form is a substring of the result with its word boundaries
 * intact, so any cue there matches here. The one anchored cue (a leading "if"/"when") matches anywhere.
 */
const CONTRACTION_OR_SPACING = /['’‘`]|[^\S ]| {2}/;
const LOOSE_CUE = cueWith(new RegExp(CONDITION.source.replace(/^\^/, "\\b")));

/** False only when `isGuardrail(plainSentence(s))` is false (without extra policy patterns). */
export function mayBeGuardrail(s: string): boolean {
  if (CONTRACTION_OR_SPACING.test(s)) return true;
  let t = s.toLowerCase();
  if (/[*_"“”]/.test(t)) t = t.replace(/[*_"“”]+/g, "").replace(/ {2,}/g, " ");
  return LOOSE_CUE.test(t);
}

/** Whether a sentence (already `plainSentence`d) is a guardrail. */
export function isGuardrail(plain: string, extra?: (s: string) => boolean): boolean {
  if (extra?.(plain)) return true;
  if (!CUE.test(plain)) return false;
  if (REFUSAL.test(plain)) return true;
  if (SCOPE.test(plain) && /\b(?:answer|respond|reply|discuss|help|assist|talk|provide|use|cover|address|handle|focus|support|engage)\w*\b/.test(plain)) return true;
  if (CONDITION.test(plain) && SAFETY_CASE.test(plain)) return true;
  if (TOPIC.test(plain)) return ABSOLUTE_NEGATION.test(plain) || SOFT_NEGATION.test(plain) || MANDATE.test(plain);
  // A flat prohibition is a guardrail unless it is about presentation ("do not use emojis").
  return ABSOLUTE_NEGATION.test(plain) && !STYLE.test(plain);
}

// ---- meaning tokens -------------------------------------------------------------

/** Words that carry no meaning of their own, and the cue words whose change is judged by `shapeOf` instead. */
const STOP = new Set(
  ("a an the to of and or for in on at by with about as is are was were be been being it its this that these those any all your you yours their them they our we us i me my " +
    "from into if when then than so such other no not never do does did must should shall will would can cannot could may might try always only avoid refuse refuses decline declines " +
    "reject under circumstances please also just even ever very really generally usually where possible ok okay allowed permitted unless except anything everything something " +
    "whatever ensure make sure required strictly solely exclusively politely time times what who how why which there here each every some more most less own same both either " +
    "neither nor but yet while however whether again once").split(" "),
);

/** Synonyms a rewording swaps freely: each group reads as its first word. */
const SYNONYMS: string[][] = [
  ["data", "information", "info", "details", "detail", "records", "record"],
  ["disclose", "reveal", "share", "expose", "leak", "divulge", "disclos", "shar", "reveal", "expos"],
  ["user", "customer", "client", "caller", "visitor", "person", "people", "patient", "student"],
  ["question", "request", "query", "inquiry", "enquiry", "topic", "ask"],
  ["answer", "respond", "reply", "discuss", "talk", "help", "assist", "address", "handle", "cover", "engage"],
  ["medical", "health", "clinical", "healthcare"],
  ["legal", "law"],
  ["financial", "finance", "investment", "invest"],
  ["personal", "private", "pii", "sensitive", "confidential"],
  ["prompt", "instruction", "instructions", "configuration", "guideline", "rule"],
  ["harm", "harmful", "dangerous", "unsafe"],
  ["product", "service", "offering"],
  ["advice", "recommendation", "guidance", "suggestion", "opinion"],
  ["diagnos", "diagnosis", "diagnose", "diagnostic"],
];
const CANONICAL = new Map<string, string>();
for (const group of SYNONYMS) for (const w of group) CANONICAL.set(w, group[0]!);

/** Tokens whose loss changes what a guardrail protects: a match must keep them. */
const KEY = new Set(["medical", "legal", "financial", "personal", "data", "prompt", "harm", "diagnos", "password", "credential", "secret", "minor", "child", "weapon", "suicid", "self", "violenc", "sexual", "explicit", "illegal", "payment", "card", "ssn", "email", "phone", "address", "competitor", "politic", "religio", "price", "refund"]);

function stem(w: string): string {
  if (w.length <= 4) return w;
  if (w.endsWith("e")) return w.slice(0, -1);
  for (const [suffix, repl] of [["ational", "ate"], ["ization", "ize"], ["isation", "ize"], ["fulness", "ful"], ["ness", ""], ["ments", ""], ["ment", ""], ["ings", ""], ["ing", ""], ["edly", ""], ["ied", "y"], ["ies", "y"], ["ed", ""], ["es", ""], ["ly", ""], ["s", ""]] as const) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3 && !(suffix === "s" && w.endsWith("ss"))) return w.slice(0, w.length - suffix.length) + repl;
  }
  return w;
}

const canonical = (w: string): string => CANONICAL.get(w) ?? CANONICAL.get(stem(w)) ?? stem(w);

/** The meaning of a guardrail as a set of canonical, stemmed content words. */
export function meaningTokens(plain: string): Set<string> {
  const out = new Set<string>();
  for (const raw of plain.split(/[^a-z0-9-]+/)) {
    for (const w of raw.split("-")) {
      if (!w || STOP.has(w) || w.length < 2) continue;
      out.add(canonical(w));
    }
  }
  return out;
}

export const isKeyToken = (t: string): boolean => KEY.has(t) || [...KEY].some((k) => k.length >= 5 && t.startsWith(k));
