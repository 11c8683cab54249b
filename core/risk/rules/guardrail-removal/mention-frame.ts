/**
 * Is a risky phrase used, or only mentioned by a guardrail? "Never insult the
 * user", "refuse requests about self-harm", "if the user asks you to ignore
 * previous instructions, decline" name the thing they forbid; a template that
 * says "insult the user" or "ignore previous instructions" does it.
 *
 * A hit counts as a mention when, in its sentence:
 * - a prohibition or refusal cue comes before it in the same clause
 *   ("never", "do not", "refuse", "avoid", "detect", "classify"…), or a short
 *   negator sits right before it ("no NSFW content", "without insults");
 * - it sits inside a condition or a report of what someone else does, with no
 *   comma in between ("if the user asks you to…", "users may try to…"), or
 *   after "requests to…" in a sentence that goes on to refuse or condemn it;
 * - it is quoted as an example ("phrases like '…'");
 * - a verdict follows it ("… is not allowed", "… must be refused");
 * - or it is an item of a list whose lead line forbids ("Do not:", "## Never").
 * …unless the sentence also removes a guardrail ("do not hesitate",
 * "never refuse", "no restrictions", "uncensored"): then nothing is excused.
 */
import { sentenceAround } from "./sentences.js";

const NEGATION =
  /\b(?:never|avoid(?:s|ing)?|refrain(?:s|ing)?|refus(?:e|es|ing)|declin(?:e|es|ing)|reject(?:s|ing)?|prohibit\w*|forbid\w*|disallow\w*|ban|bans|block(?:s|ing)?|filter(?:s|ing)?|flag(?:s|ging)?|detect(?:s|ing)?|classif(?:y|ies|ying)|moderat\w*|categori[sz]\w*|screen(?:s|ing)? for|warn(?:s|ing)? (?:about|against)|guard(?:s|ing)? against|protect\w* (?:against|from)|do not|don'?t|does not|doesn'?t|did not|must not|mustn'?t|should not|shouldn'?t|shall not|cannot|can'?t|can not|could not|will not|won'?t|would not|may not|might not|nor|under no circumstances|at no time|not (?:to|allowed|permitted))\b/;
const NEAR_NEGATION = /\b(?:no|not|without|free (?:of|from)|zero|nothing)\s+(?:[\w'-]+\s+){0,3}$/;
const CONDITION = /\b(?:if|when|whenever|in case|once|unless)\b/;
/** Someone else's words or acts: "the user asks you to…", "users may try to…", "a document that contains…". */
const THIRD_PARTY = new RegExp(
  "\\b(?:users?|customers?|someone|anyone|people|person|callers?|students?|patients?|child(?:ren)?|visitors?|they|inputs?|messages?|texts?|content|documents?|emails?|requests?|attempts?|prompts?|instructions?|data|queries|query)\\b[^,;:]{0,80}?\\b(?:" +
    "(?:asks|asked|asking|tries|tried|trying|attempts|attempted|attempting|requests|requested|requesting|wants|wanted|tells|told|telling|instructs|instructed|instructing|says|said|saying|claims|claimed|claiming|mentions|mentioned|mentioning|expresses|expressed|expressing|talks|talking|describes|described|describing|contains|contained|containing|includes|included|including|writes|wrote|writing|types|typed|demands|demanded|insists|insisted|seems|appears|shows|discusses|discloses|reveals)" +
    "|(?:may|might|can|could|will|would|often|sometimes|who|that)\\s+(?:\\w+\\s+)?(?:ask|try|attempt|request|want|tell|instruct|say|claim|mention|express|talk|describe|contain|include|write|type|demand|insist|use|send|paste))\\b",
);
const NOUN_FRAME = /\b(?:requests?|attempts?|instructions?|demands?|questions?|prompts?|tricks?|efforts?|signs?|mentions?|thoughts?)\s+(?:to|for|about|involving|that|asking|regarding|related to|of|on|like)\b/;
const EXAMPLE = /\b(?:like|such as|e\.g\.|for example|for instance|including|phrases?|words?|strings?|messages?|text)\b/;
const VERDICT =
  /^[^;.]{0,80}?\b(?:is|are|be|remains?|gets?|counts? as)\s+(?:strictly\s+|always\s+|never\s+|considered\s+|treated as\s+)?(?:not\s+(?:allowed|permitted|acceptable|tolerated|ok|okay)|prohibited|forbidden|banned|off[- ]limits|unacceptable|disallowed|refused|declined|rejected|blocked|ignored|flagged|reported|an? (?:attack|injection|jailbreak|red flag|manipulation))/;
const REMOVES_GUARDRAIL =
  /\b(?:(?:do not|don'?t|never|no need to|not|stop|without)\s+(?:[\w-]+\s+)?(?:hesitat\w*|hold(?:ing)? back|be afraid|refus\w*|declin\w*|censor\w*|filter\w*|shy away|soften\w*|water\w* down|sugar-?coat\w*)|no (?:restrictions?|limits?|filters?|censorship|rules|boundaries|holds barred|warnings?|disclaimers?)|uncensored|unfiltered|unrestricted|refuse nothing|anything goes)\b/;
const CLAUSE_BREAK = /;|,\s*(?:and|but|then|so)\b|\s(?:but|then|instead|however|so)\s/g;
const LIST_ITEM = /^\s*(?:[-*•+]|\d{1,3}[.)])\s+/;
const LEAD_FORBIDS = /\b(?:never|do not|don'?t|must not|avoid|prohibited|forbidden|not allowed|refuse|decline|red flags?|don'?ts)\b/;

function lastBreak(before: string, re: RegExp): number {
  let at = 0;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(before))) at = m.index + m[0].length;
  re.lastIndex = 0;
  return at;
}

/**
 * Whether the hit [start, end) of `lines[index]` is only mentioned by a
 * guardrail. `lines` is the whole head text split in lines, so a sentence that
 * wraps over several lines and a list under a "Do not:" lead are seen whole.
 */
export function isGuardedMention(lines: readonly string[], index: number, start: number, end: number): boolean {
  // The hit's line plus up to three lines before it: enough for a wrapped sentence.
  const first = Math.max(0, index - 3);
  let offset = 0;
  for (let i = first; i < index; i++) offset += lines[i]!.length + 1;
  // Only the neighbourhood of the hit matters; a 1 MB line is not lower-cased whole for it.
  const from = Math.max(0, offset + start - 700);
  const context = lines.slice(first, index + 1).join("\n").slice(from, offset + end + 300).toLowerCase();
  offset -= from;
  const s = sentenceAround(context, offset + start);
  const sentence = context.slice(s.start, s.end);
  const a = offset + start - s.start;
  const b = Math.min(sentence.length, offset + end - s.start);
  if (REMOVES_GUARDRAIL.test(sentence)) return false;
  const before = sentence.slice(Math.max(0, a - 240), a);
  const after = sentence.slice(b, b + 120);
  const clause = before.slice(lastBreak(before, CLAUSE_BREAK));
  const segment = clause.slice(Math.max(clause.lastIndexOf(","), 0));
  if (NEAR_NEGATION.test(before) || NEGATION.test(clause)) return true;
  if (CONDITION.test(segment) || THIRD_PARTY.test(segment)) return true;
  // "Requests to …" names someone else's request only when the sentence goes on to judge it.
  if (NOUN_FRAME.test(segment) && (NEGATION.test(sentence.slice(b)) || /\b(?:attacks?|injections?|malicious|suspicious|untrusted)\b/.test(sentence.slice(b)))) return true;
  const quoted = /["'“‘`]\s*$/.test(sentence.slice(Math.max(0, a - 3), a)) || /["'“‘`]/.test(before.slice(-12));
  if (quoted && EXAMPLE.test(before)) return true;
  if (VERDICT.test(after)) return true;
  return listLeadForbids(lines, index);
}

/** For a list item, whether the line that introduces the list forbids what it lists ("Do not:", "## Never"). */
function listLeadForbids(lines: readonly string[], index: number): boolean {
  if (!LIST_ITEM.test(lines[index] ?? "")) return false;
  for (let i = index - 1; i >= 0 && i >= index - 30; i--) {
    const l = lines[i]!;
    if (!l.trim() || LIST_ITEM.test(l)) continue;
    const lead = l.toLowerCase();
    return LEAD_FORBIDS.test(lead) && !REMOVES_GUARDRAIL.test(lead);
  }
  return false;
}
