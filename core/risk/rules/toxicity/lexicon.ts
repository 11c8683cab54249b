/**
 * Profanity, slurs and explicit sexual terms come from `obscenity`'s English
 * preset rather than a list of our own: it is maintained, MIT-licensed, has no
 * dependencies, and its patterns carry what a hand-written list gets wrong —
 * word-boundary rules and per-word whitelists that keep Scunthorpe, assassin,
 * cocktail, Sussex, therapist and "analysis" quiet — plus confusable-Unicode
 * and leetspeak folding and repeated-letter collapse. Its matcher is slow
 * (about 4 MB/s measured here), so it only ever sees a short window around a
 * hit of `LEXICON_CUE_SOURCE`, a prefilter compiled from the very same
 * patterns (test/risk/rules/toxicity-normalisation.test.ts checks that the
 * prefilter never hides a word obscenity would find).
 */
import type { DataSet, ParsedPattern, EnglishProfaneWord, RegExpMatcher } from "obscenity";
import type { Severity } from "../../finding.js";
import { LEXICON_CUE_ATOMS as GENERATED_CUE_ATOMS } from "../../../generated/lexicon-cue-atoms.js";
import { obscenity } from "./obscenity.js";
import { KEEP_TWO_LETTERS } from "./normalised-text.js";
import { trieSource } from "./regex-trie.js";

export type LexiconKind = "hate" | "profanity" | "sexual";

export interface LexiconEntry {
  kind: LexiconKind;
  severity: Severity;
}

/**
 * Clinical and demographic vocabulary that health, biology and survey prompts
 * use every day ("the patient's sex", "vaginal bleeding", "anal fissure",
 * "scat singing"): not toxic by itself. Requests for sexual material are
 * caught by the sexual-content phrases instead.
 */
export const NEUTRAL_WORDS: ReadonlySet<EnglishProfaneWord> = new Set<EnglishProfaneWord>(["anal", "anus", "penis", "vagina", "semen", "ejaculate", "orgasm", "sex", "scat"]);

const ENTRIES: Partial<Record<EnglishProfaneWord, LexiconEntry>> = {};
const put = (kind: LexiconKind, severity: Severity, words: EnglishProfaneWord[]) => words.forEach((w) => (ENTRIES[w] = { kind, severity }));
put("hate", "high", ["abeed", "abo", "africoon", "arabush", "boonga", "chingchong", "chink", "dyke", "fag", "kike", "negro", "nigger", "tranny", "retard", "spastic"]);
put("profanity", "medium", ["fuck", "cunt", "shit", "bitch", "bastard", "cock", "dick", "prick", "pussy", "twat", "whore", "slut", "cuck", "wank"]);
put("profanity", "low", ["piss", "ass", "arse", "bollocks", "boob", "tit", "turd", "hooker"]);
put("sexual", "medium", [
  "blowjob", "buttplug", "cum", "deepthroat", "dildo", "doggystyle", "double penetration", "felch", "fellatio", "finger bang", "fisting",
  "gangbang", "handjob", "hentai", "jerk off", "jizz", "lubejob", "masturbate", "orgy", "porn", "bestiality", "incest", "rape",
]);

/**
 * Innocent words and names the preset's own whitelist misses (measured):
 * Penistone (a town), Dick Van Dyke, birds (blue tit, great tit), cockpit,
 * rapeseed, cumin, pussycat, the Wankel engine, shiitake (its `ii` collapses
 * to the preset's own "shitake" exception only after matching), and surnames.
 */
const EXTRA_WHITELIST = ["blue tit", "great tit", "coal tit", "titmouse", "tit for tat", "shiitake", "cumin", "pussycat", "pussy willow", "wankel", "penistone", "dick van dyke", "moby dick", "philip k. dick", "dickinson", "dickson", "dickerson", "cockpit", "rapeseed", "grapeseed", "drapes", "scrapes"];

interface Lexicon {
  dataset: DataSet<{ originalWord: EnglishProfaneWord }>;
  matcher: RegExpMatcher;
  patterns: ParsedPattern[];
  whitelist: string[];
}

let lexicon: Lexicon | undefined;

/**
 * obscenity's dataset and matcher, built on first use: importing and building
 * them costs ~15 MB and ~30 ms, and most prompt changes never reach the
 * matcher (the prefilter below, generated from the same patterns, finds no cue).
 */
function theLexicon(): Lexicon {
  if (lexicon) return lexicon;
  const o = obscenity();
  const dataset = new o.DataSet<{ originalWord: EnglishProfaneWord }>()
    .addAll(o.englishDataset)
    .removePhrasesIf((p) => !p.metadata || NEUTRAL_WORDS.has(p.metadata.originalWord))
    // The preset's `|trany` misses the plural once its collapse turns "trannies" into "tranies".
    .addPhrase((p) => p.setMetadata({ originalWord: "tranny" }).addPattern(o.pattern`|tranies`));
  const built = dataset.build();
  const whitelist = [...(built.whitelistedTerms ?? []), ...EXTRA_WHITELIST];
  const matcher = new o.RegExpMatcher({ ...built, whitelistedTerms: whitelist, ...o.englishRecommendedTransformers });
  return (lexicon = { dataset, matcher, patterns: built.blacklistedTerms.map((t) => t.pattern), whitelist });
}

export interface LexiconHit {
  word: EnglishProfaneWord;
  entry: LexiconEntry;
  /** Offsets in the text given to `lexiconHits`, end exclusive. */
  start: number;
  end: number;
}

/** obscenity's verdict on `text` (a short window): every blacklisted term it finds, whitelists applied. */
export function lexiconHits(text: string): LexiconHit[] {
  const out: LexiconHit[] = [];
  const { matcher, dataset } = theLexicon();
  for (const m of matcher.getAllMatches(text, true)) {
    const word = dataset.getPayloadWithPhraseMetadata(m).phraseMetadata?.originalWord;
    const entry = word ? ENTRIES[word] : undefined;
    if (!word || !entry) continue;
    out.push({ word, entry, start: m.startIndex, end: m.endIndex + 1 });
  }
  return out;
}

// ---- prefilter ---------------------------------------------------------------

/**
 * One regex atom per pattern step, for the trie below; `undefined` for a
 * pattern obscenity itself can never match (a doubled letter its collapse
 * removes, such as the preset's `|titt`).
 */
function atoms(p: ParsedPattern, whitelist: readonly string[]): string[] | undefined {
  const { SyntaxKind } = obscenity();
  const out: string[] = [];
  if (p.requireWordBoundaryAtStart) out.push("\\b");
  let literal = "";
  let exact = true;
  for (const node of p.nodes) {
    if (node.kind === SyntaxKind.Literal) {
      const s = String.fromCharCode(...node.chars);
      literal += s;
      // Runs, not letters: text keeps doubles of KEEP_TWO letters and collapses the rest.
      for (const run of s.match(/(.)\1*/g) ?? []) {
        const ch = run[0]!;
        if (ch === " ") out.push("[^a-z0-9]+");
        else if (!/[a-z]/.test(ch)) out.push("[^\\n]");
        else if (run.length === 1) out.push(`${ch}+`);
        else if (KEEP_TWO_LETTERS.includes(ch)) out.push(`${ch}${ch}+`);
        else return undefined;
      }
    } else if (node.kind === SyntaxKind.Optional) {
      exact = false;
      const child = node.childNode;
      if (child.kind === SyntaxKind.Literal) {
        const s = String.fromCharCode(...child.chars).replace(/[^a-z]/g, "");
        out.push(`(?:${[...s].map((c) => `${c}+`).join("")})?`);
      } else out.push("[^\\s]{0,4}");
    } else {
      // One character of obscenity's collapsed text is a run in raw text ("fuuuck").
      exact = false;
      out.push("[^\\s]{1,4}");
    }
  }
  // A whitelist entry that continues the word ("assistant" for `|ass`) is the
  // commonest innocent hit; excluding it keeps ordinary prose off the slow path.
  // The look-ahead also refuses the pattern's own last letter, so `s+` cannot
  // give one back to slip past it.
  if (exact && p.requireWordBoundaryAtStart && !p.requireWordBoundaryAtEnd) {
    const tails = whitelist.filter((w) => w.startsWith(literal) && w.length > literal.length && /^[a-z]+$/.test(w)).map((w) => w.slice(literal.length));
    if (tails.length) out.push(`(?!${[...new Set([literal.at(-1)!, ...tails])].join("|")})`);
  } else if (p.requireWordBoundaryAtEnd) out.push("\\b");
  return out;
}

/**
 * Superset prefilter over lower-case text (raw or normalised): every place
 * obscenity could match hits this regex, but almost no ordinary prose does.
 * Trie-factored so V8 dispatches on the first letter (≈300 MB/s instead of
 * ≈60 MB/s for a flat alternation).
 */
export function computeLexiconCueAtoms(): string[][] {
  const { patterns, whitelist } = theLexicon();
  return patterns.map((p) => atoms(p, whitelist)).filter((a): a is string[] => a !== undefined);
}

/**
 * `computeLexiconCueAtoms()` as generated into core/generated/ by
 * `npm run generate:lexicon` (a test keeps the two equal), so that importing
 * the engine does not load obscenity.
 */
export const LEXICON_CUE_ATOMS: readonly (readonly string[])[] = GENERATED_CUE_ATOMS;
export const LEXICON_CUE_SOURCE: string = trieSource(LEXICON_CUE_ATOMS);

/**
 * The same patterns, all anchored at a word start, plus the stems that end up
 * inside compounds ("motherfucker", "bullshit", "sonofabitch", "childporn").
 * For plain lower-case text this is ≈3× faster than `LEXICON_CUE_SOURCE`
 * (V8 skips mid-word positions at once); lines that may hide words are read
 * through their normal form with the full, unanchored set.
 */
export const LEXICON_WORD_START_ATOMS: readonly (readonly string[])[] = LEXICON_CUE_ATOMS.map((a) => ["\\b", ...(a[0] === "\\b" ? a.slice(1) : a)]);
export const LEXICON_INFIX_SOURCE = "fuck|shit|bitch|cunt|twat|wank|nigg|whore|slut|dick|porn";
