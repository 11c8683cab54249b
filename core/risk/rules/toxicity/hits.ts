/**
 * Every toxic word or phrase on the added lines of one change, found once and
 * shared by the toxicity rules (each keeps its own kind).
 */
import type { Severity } from "../../finding.js";
import type { FileRuleInput } from "../../rule.js";
import { isGuardedMention } from "../guardrail-removal/mention-frame.js";
import { addedText, cueLines, headLines } from "./added-text.js";
import { LEXICON_CUE_ATOMS, LEXICON_CUE_SOURCE, LEXICON_INFIX_SOURCE, LEXICON_WORD_START_ATOMS, lexiconHits, type LexiconKind } from "./lexicon.js";
import { sourceSpan } from "./normalised-text.js";
import { PHRASE_CUE_ATOMS, PHRASE_GROUPS, type PhraseKind } from "./phrases.js";
import { trieSource } from "./regex-trie.js";

export type ToxicityKind = LexiconKind | PhraseKind;

export interface ToxicityHit {
  kind: ToxicityKind;
  severity: Severity;
  /** 1-based head line and column. */
  line: number;
  column: number;
  /** The text as written (for evidence; a slur is shown masked by the rule). */
  text: string;
  /** The lexicon word it was read as, for lexicon hits ("fuck" for "f u c k"). */
  word?: string;
  /** Only named by a guardrail ("never use slurs such as …"). */
  mentioned: boolean;
}

/** One trie over every lexicon pattern and phrase cue word: word-start anchored for plain text, complete for normal forms. */
const CUE = [new RegExp(trieSource([...LEXICON_WORD_START_ATOMS, ...PHRASE_CUE_ATOMS]), "g"), new RegExp(LEXICON_INFIX_SOURCE, "g")];
const NORMALISED_CUE = new RegExp(trieSource([...LEXICON_CUE_ATOMS, ...PHRASE_CUE_ATOMS]), "g");
const LEXICON_CUE = new RegExp(LEXICON_CUE_SOURCE, "g");
const NORMALISED_LEXICON_CUE = new RegExp(LEXICON_CUE_SOURCE);
/** Words per line worth reporting; a line of a thousand insults is one problem, not a thousand. */
const MAX_HITS_PER_LINE = 5;
const WINDOW = 40;

const cache = new WeakMap<object, ToxicityHit[]>();

export function toxicityHits(input: FileRuleInput): ToxicityHit[] {
  const key = input.added;
  const hit = cache.get(key);
  if (hit) return hit;
  const t = addedText(input.added, input.change.new?.text);
  const out: ToxicityHit[] = [];
  let lines: string[] | undefined;
  for (const i of cueLines(t, CUE, NORMALISED_CUE)) {
    const view = input.added[i]!;
    const source = view.text;
    const screen = t.screen(i);
    if (!PHRASE_GROUPS.some((g) => g.patterns.some((re) => { re.lastIndex = 0; return re.test(screen); })) && !NORMALISED_LEXICON_CUE.test(screen)) continue;
    const n = t.normalised(i);
    const found: Omit<ToxicityHit, "mentioned">[] = [];
    const taken = (start: number) => found.some((f) => f.column - 1 <= start && start < f.column - 1 + f.text.length);
    for (const group of PHRASE_GROUPS) for (const re of group.patterns) {
      re.lastIndex = 0;
      // exec, not matchAll: matchAll clones the regex, and V8 recompiles a clone of a big one each time.
      for (let m = re.exec(n.text); m && found.length < MAX_HITS_PER_LINE; m = re.exec(n.text)) {
        const { start, end } = sourceSpan(n, m.index, m.index + m[0].length, source);
        if (taken(start)) continue;
        found.push({ kind: group.kind, severity: group.severity, line: view.line, column: start + 1, text: source.slice(start, end) });
      }
    }
    LEXICON_CUE.lastIndex = 0;
    for (let m = LEXICON_CUE.exec(n.text); m && found.length < MAX_HITS_PER_LINE; m = LEXICON_CUE.exec(n.text)) {
      if (m[0].length === 0) { LEXICON_CUE.lastIndex++; continue; }
      const span = sourceSpan(n, m.index, m.index + Math.max(1, m[0].length), source);
      // obscenity reads a window around the cue, widened to whole words so its whitelists ("Dick Van Dyke") apply.
      let from = Math.max(0, span.start - WINDOW);
      let to = Math.min(source.length, span.end + WINDOW);
      const floor = Math.max(0, from - WINDOW);
      const ceiling = Math.min(source.length, to + WINDOW);
      while (from > floor && !/\s/.test(source[from - 1]!)) from--;
      while (to < ceiling && !/\s/.test(source[to]!)) to++;
      const window = source.slice(from, to);
      let hits = lexiconHits(window).map((h) => ({ ...h, start: h.start + from, end: h.end + from }));
      if (!hits.length) {
        // Letters spaced out ("f u c k") only read as a word once the gaps are gone.
        const spaced = source.slice(span.start, span.end);
        const joined = spaced.replace(/[\s.*_-]+/g, "");
        const whole = joined.length < spaced.length ? lexiconHits(joined)[0] : undefined;
        if (whole) hits = [{ ...whole, start: span.start, end: span.end }];
      }
      for (const h of hits) {
        if (found.length >= MAX_HITS_PER_LINE) break;
        if (taken(h.start)) continue;
        found.push({ kind: h.entry.kind, severity: h.entry.severity, line: view.line, column: h.start + 1, text: source.slice(h.start, h.end), word: h.word });
      }
    }
    if (!found.length) continue;
    lines ??= headLines(input.change, input.added);
    for (const f of found) out.push({ ...f, mentioned: isGuardedMention(lines, f.line - 1, f.column - 1, f.column - 1 + f.text.length) });
  }
  cache.set(key, out);
  return out;
}
