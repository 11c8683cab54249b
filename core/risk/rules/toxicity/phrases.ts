/**
 * What obscenity's word list cannot see: threats, encouragement of self-harm,
 * insults aimed at people, requests for sexual material and hateful
 * generalisations are phrases made of ordinary words. Patterns are written in
 * the normal form of `normalised-text.ts` (lower case, one space between
 * words, apostrophes and hyphens read as spaces: "you're" → "you re",
 * "self-harm" → "self harm"), in natural spelling; `collapseRepeats` turns
 * them into the collapsed spelling the normal form uses.
 */
import type { Severity } from "../../finding.js";
import { collapseRepeats } from "./normalised-text.js";
import { wordCueAtoms } from "./regex-trie.js";

export type PhraseKind = "threat" | "self-harm" | "insult" | "sexual" | "hate";

export interface PhraseGroup {
  kind: PhraseKind;
  severity: Severity;
  /**
   * Match on the normal form; global. Kept as separate regexes: V8 compiles
   * one alternation of them all several times slower than the parts (≈45 ms
   * against ≈10 ms for the insults), and the phrase regexes only ever see the
   * few lines that carry a cue word.
   */
  patterns: RegExp[];
}

const PEOPLE = "user|users|customer|customers|caller|callers|student|students|patient|patients|person|people|them|him|her|client|clients|player|players|human|humans|visitor|visitors|reader|readers|employee|employees|kid|kids|children|member|members|guest|guests|everyone|anybody|anyone|victim|victims|target|opponent|opponents";
const YOU = "you|u|ya";
const SELF = "your ?self|your ?selves|them ?selves|them ?self|him ?self|her ?self|ur ?self";
const GROUPS = "jews|muslims|christians|blacks|black people|whites|white people|asians|mexicans|immigrants|migrants|refugees|women|gays|gay people|lesbians|trans people|transgender people|arabs|hindus|africans|latinos|indians|chinese|gypsies|roma|disabled people|foreigners";
const MINORS = "minor|minors|child|children|kid|kids|underage|under age|teen|teens|teenager|teenagers|preteen|preteens|little girls?|little boys?|schoolgirls?|schoolboys?";

const THREAT = [
  `(?:i|we)(?: ll| will| shall| am going to| m going to| re going to| are going to| gonna| am gonna| m gonna)(?: fucking| definitely| really| personally)? (?:kill|murder|stab|shoot|strangle|rape|torture|hurt|break (?:your|their) (?:legs|neck|face|bones)) (?:${YOU}|your family|your kids|your children|them|him|her)`,
  `(?:i|we)(?: ll| will| shall| am going to| m going to| re going to| are going to| gonna) (?:beat|destroy|end|hunt down|burn) (?:${YOU}|your family|your kids)`,
  `(?:i|we) know where (?:${YOU}|they) live`,
  `watch your back`,
  `sleep with one eye open`,
  `or else (?:i|we)(?: ll| will)`,
  `(?:${YOU})(?: will| ll| are going to| re going to| re gonna| are gonna| gonna) (?:die|regret this|regret it|suffer|pay for this|be sorry|bleed)`,
  `(?:${YOU}|they|users?|customers?|people like (?:you|them|that)|all of (?:you|them)|he|she|(?:you|those|these) people) (?:should|deserve to|ought to|must|need to|will|are going to|re going to|re gonna|gonna) (?:die|be killed|be shot|be hanged|be hung|be beaten|burn in hell|rot in hell|get hurt|be raped)`,
  `(?:threaten|threatening|threatens|intimidate|intimidating|intimidates|menace|terrori[sz]e|blackmail|extort|stalk|dox|doxx) (?:the |our |any |every |this |that |each )?(?:${PEOPLE})`,
  `(?:send|sending|write|writing|make|making|issue|issuing) (?:them |him |her |the user |users |a |an |some )?(?:death|violent|bomb|rape) threats?`,
];

const SELF_HARM = [
  `(?:kill|killing|hang|hanging|shoot|shooting|cut|cutting|hurt|hurting|harm|harming|off|burn|burning|starve|starving) (?:${SELF})(?! (?:some |a )?(?:slack|break))`,
  `kys`,
  `(?:go|just|please|pls) (?:die|jump off a (?:bridge|cliff|building|roof))`,
  `end (?:your|their|his|her) (?:own )?(?:life|lives)`,
  `take (?:your|their|his|her) own (?:life|lives)`,
  `slit (?:your|their|his|her|my) wrists?`,
  `end it all`,
  `(?:nobody|no one|noone|no body) (?:would|will|is going to) (?:miss|care about|notice) (?:${YOU})`,
  `(?:the )?world (?:would be|is|will be) better (?:off )?without (?:${YOU})`,
  `(?:${YOU})(?: d| would| are| re| will| ll)? (?:be )?better off dead`,
  `(?:encourage|encourages|encouraging|promote|promotes|promoting|glorify|glorifies|glorifying|romantici[sz]e|romantici[sz]es|romantici[sz]ing|praise|praises|praising) (?:the |their |users? |them )?(?:self harm|self injury|suicide|suicidal (?:thoughts|ideation|behaviou?r)|cutting|anorexia|bulimia|eating disorders?|starving themselves)`,
  `(?:painless|best|easiest|quickest|fastest|surest|most effective) (?:way|ways|method|methods) (?:to|of) (?:die|dying|kill (?:${SELF}|myself)|commit(?:ting)? suicide|end (?:my|your|their) (?:life|lives)|overdose)`,
  `how (?:to|you can|they can|i can) (?:commit suicide|kill (?:${SELF}|myself)|overdose on)`,
  `pro ana|thinspo|thinspiration`,
];

const INSULT_NOUNS = "idiot|idiots|moron|morons|imbecile|imbeciles|stupid|dumb|dumbass|dumbasses|retard|retards|retarded|loser|losers|worthless|pathetic|useless|clown|clowns|brainless|cretin|cretins|dimwit|dimwits|halfwit|halfwits|numbskull|numbskulls|dipshit|dipshits|asshole|assholes|jerk|jerks|scum|trash|garbage|pig|pigs|piece of (?:shit|trash|garbage|crap)|waste of (?:space|oxygen|air)";
const INSULT = [
  `(?:${YOU}|you re|youre|you are|user is|users are|customers are|customer is|the user is|the customer is|they are|they re)(?: such| just| nothing but| all)?(?: a| an)?(?: absolute| complete| total| utter| fucking| stupid| little| pathetic| worthless)? (?:${INSULT_NOUNS})`,
  `call(?:ing)? (?:the user|users|the customer|customers|them|him|her|people|everyone|the caller|callers) (?:a |an )?(?:${INSULT_NOUNS}|names|slurs)`,
  `your (?:stupid|idiotic|dumb|pathetic|moronic) (?:question|questions|request|requests|problem|problems|face|opinion|opinions|idea|ideas)`,
  `(?:stupid|dumb|idiot|idiotic|moronic|brainless|clueless|pathetic|worthless|lazy|ignorant|retarded|incompetent) (?:user|users|customer|customers|caller|callers|people|peasant|peasants|student|students|patient|patients|human|humans|client|clients|visitor|visitors|reader|readers|employee|employees|kid|kids)`,
  `(?:insult|insults|insulting|mock|mocks|mocking|ridicule|ridicules|ridiculing|belittle|belittles|belittling|humiliate|humiliates|humiliating|demean|demeans|demeaning|bully|bullies|bullying|harass|harasses|harassing|berate|berates|berating|taunt|taunts|taunting|degrade|degrades|degrading|curse at|cursing at|swear at|swearing at|yell at|yelling at|scream at|screaming at|make fun of|making fun of|be rude to|be mean to|be condescending to|talk down to|roast|roasting|trash talk|call names|name call|name calling) (?:the |our |any |every |this |that |each )?(?:${PEOPLE})`,
  `be (?:as |very |extremely |really |super |deliberately |openly )?(?:rude|mean|insulting|abusive|hostile|condescending|demeaning|belittling|nasty|toxic|offensive|cruel|contemptuous|vulgar|obscene|profane|disrespectful)`,
  `(?:use|using|include|including|add|adding|sprinkle|sprinkling|throw in|drop|spew|write|produce|generate|respond with|reply with|answer with) (?:lots of |plenty of |some |more |many |a lot of |frequent |heavy )?(?:profanity|profanities|slurs|racial slurs|vulgar language|vulgarity|obscenities|swear words|swearwords|curse words|cuss words|foul language|hate speech|insults)`,
  `shut (?:the fuck |the hell |your (?:mouth|trap|face) )?up`,
  `shut your (?:mouth|trap|face)`,
];

const SEXUAL = [
  `sexually explicit|explicit (?:sex|sexual|erotic|adult) ?\\w*|erotica|erotic(?: (?:story|stories|roleplay|role play|content|scenes?|fiction|fantasy|fantasies|chat|writing|novel|descriptions?))?|pornographic|pornography|nsfw|smut|smutty|lewd|x rated|sex scenes?|sexting|cybersex|cyber sex|phone sex`,
  `sexual (?:roleplay|role play|fantasies|fantasy|acts?|scenes?|content|material|favou?rs|services|encounters?|stories|story|descriptions?|chat|conversations?|images?|photos?)`,
  `sex (?:chat|roleplay|role play|stories|story|talk|scenes?)`,
  `nude (?:photos?|pictures?|pics|images?|selfies?)|nudes|naked (?:photos?|pictures?|pics|images?)|onlyfans|kinky|horny|strip ?tease`,
  `in (?:graphic|explicit|vivid) sexual detail`,
];
const SEXUAL_MINORS = [
  `(?:sexy|sexuali[sz]ed|explicit|erotic|nude|naked|lewd|porn\\w*|nsfw) (?:\\w+ ){0,3}(?:${MINORS})`,
  `sexual (?:content|material|images?|photos?|roleplay|role play|acts?|stories|story|scenes?) (?:involving|with|of|featuring|depicting|about) (?:\\w+ ){0,2}(?:${MINORS})`,
  `(?:${MINORS}) (?:\\w+ ){0,2}(?:sexy|nude|naked|erotic|lewd|porn\\w*)`,
  `child porn\\w*|loli|shota`,
];

const HATE = [
  `(?:all|those|these|most|every|filthy|dirty|the|stupid) (?:${GROUPS}) (?:are|should be|must be|deserve to be|need to be|re) (?:all )?(?:animals|vermin|inferior|subhuman|sub human|parasites|scum|trash|garbage|criminals|terrorists|rapists|cockroaches|rats|savages|filth|a disease|a plague|killed|exterminated|eliminated|gassed|wiped out|shot|hanged|lynched|sterili[sz]ed|stupid|worthless|evil|dogs|pigs|monkeys|apes)`,
  `(?:kill|exterminate|gas|lynch|wipe out|eradicate) (?:all )?(?:the |those |these )?(?:${GROUPS})`,
  `heil hitler|sieg heil`,
];

const compile = (patterns: string[]) => patterns.map((p) => new RegExp(collapseRepeats(`\\b(?:${p})\\b`), "g"));

export const PHRASE_GROUPS: readonly PhraseGroup[] = [
  { kind: "threat", severity: "high", patterns: compile(THREAT) },
  { kind: "self-harm", severity: "high", patterns: compile(SELF_HARM) },
  { kind: "hate", severity: "high", patterns: compile(HATE) },
  { kind: "sexual", severity: "high", patterns: compile(SEXUAL_MINORS) },
  { kind: "sexual", severity: "medium", patterns: compile(SEXUAL) },
  { kind: "insult", severity: "medium", patterns: compile(INSULT) },
];

/** Words at least one phrase needs: lines without any skip the phrase regexes. */
const CUES = [
  // threats
  "kill", "murder", "stab", "shoot", "shot", "strangle", "rape", "torture", "hurt", "break your", "break their", "beat you", "destroy you", "end you", "hunt down", "burn you", "where you live", "where they live",
  "watch your back", "one eye open", "or else", "die", "regret", "suffer", "pay for this", "be sorry", "bleed", "hanged", "hung", "beaten", "burn in", "rot in",
  "threat", "intimidat", "menace", "terroris", "terroriz", "blackmail", "extort", "stalk", "dox",
  // self-harm
  "yourself", "yourselves", "your self", "themselves", "themself", "them self", "himself", "herself", "urself", "ur self", "kys", "jump off", "life", "lives", "wrist", "end it all",
  "miss you", "miss u", "care about you", "notice you", "without you", "without u", "off dead", "self harm", "self injury", "suicid", "cutting", "anorexi", "bulimi", "eating disorder", "starving",
  "painless", "overdose", "pro ana", "thinspo",
  // insults
  "idiot", "moron", "imbecil", "stupid", "dumb", "retard", "loser", "worthless", "pathetic", "useless", "clown", "brainless", "cretin", "dimwit", "halfwit", "numbskull", "dipshit", "asshole", "jerk", "scum",
  "trash", "garbage", "pig", "piece of", "waste of", "clueless", "lazy", "ignorant", "incompetent",
  "insult", "mock", "ridicul", "belittl", "humiliat", "demean", "bully", "bulli", "harass", "berat", "taunt", "degrad", "curse at", "cursing at", "swear at", "swearing at", "yell at", "yelling at",
  "scream at", "screaming at", "call the", "call them", "call him", "call her", "call users", "call customers", "call people", "call everyone", "call callers", "calling the", "calling them", "make fun", "making fun", "be rude", "be mean", "be condescending", "talk down", "roast", "trash talk", "call names", "name call",
  "rude", "abusive", "hostile", "condescending", "nasty", "toxic", "offensive", "cruel", "contempt", "vulgar", "obscen", "profan", "disrespect", "slur", "hate speech", "swear", "curse words", "cuss", "foul language", "shut",
  // sexual
  "sexual", "sexy", "explicit", "erotic", "porn", "nsfw", "smut", "lewd", "x rated", "sex", "cybersex", "cyber sex", "nude", "naked", "onlyfans", "kinky", "horny", "strip", "loli", "shota",
  // hate
  "animals", "vermin", "inferior", "subhuman", "sub human", "parasites", "criminals", "terrorists", "rapists", "cockroaches", "rats", "savages", "filth", "disease", "plague", "killed",
  "exterminat", "eliminated", "gas", "wiped out", "wipe out", "lynch", "sterilis", "steriliz", "evil", "dogs", "pigs", "monkeys", "apes", "eradicate", "heil",
];

export const PHRASE_CUE_ATOMS: readonly string[][] = wordCueAtoms(CUES);
