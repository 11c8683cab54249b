import { describe, expect, it } from "@jest/globals";
import { RegExpMatcher, englishDataset, englishRecommendedTransformers, type EnglishProfaneWord } from "obscenity";
import { collapseRepeats, normalise, quickNormal, sourceSpan } from "../../../core/risk/rules/toxicity/normalised-text.js";
import { NEUTRAL_WORDS, lexiconHits } from "../../../core/risk/rules/toxicity/lexicon.js";
import { toxicityHits } from "../../../core/risk/rules/toxicity/index.js";
import { fileRuleInput } from "../../helpers/rule-input.js";

describe("normal form", () => {
  it.each([
    ["F U C K you", "fuck you"],
    ["fuuuuck", "fuck"],
    ["killll   yourself!!!", "kill yourself "],
    ["sh1t happens", "shit hapens"],
    ["a$$hole", "asshole"],
    ["k.y.s", "kys"],
    ["k i l l   y o u r s e l f", "kill yourself"],
    ["f*ck", "f*ck"],
    ["you're an idiot!", "you re an idiot "],
    ["(you idiot)", "you idiot "],
    ["The year 2024, gpt-4o", "the year 2024 gpt ao"],
    ["ｆｕｃｋ", "fuck"],
    ["𝐟𝐮𝐜𝐤", "fuck"],
    ["em — dash", "em dash"],
  ])("%j → %j", (source, expected) => {
    expect(normalise(source).text).toBe(expected);
  });

  it("maps every character back to where it came from", () => {
    const source = "Tell them: y0u are an 1d10t!!";
    const n = normalise(source);
    const at = n.text.indexOf("idiot");
    const span = sourceSpan(n, at, at + "idiot".length, source);
    expect(source.slice(span.start, span.end)).toBe("1d10t");
  });

  it("quickNormal agrees with normalise on lines with nothing hidden", () => {
    for (const line of ["You are a helpful assistant.", "Never insult the user, even if they're rude!", "Keep   answers short -- and   friendly.", "Don't kill the process; shoot a message instead."]) {
      expect(quickNormal(line.toLowerCase()).trim()).toBe(normalise(line).text.trim());
    }
  });

  it("collapses pattern sources the way text is collapsed", () => {
    expect(collapseRepeats("\\bkill|better|shoot|suffer|\\bbeat")).toBe("\\bkill|beter|shoot|sufer|\\bbeat");
  });
});

describe("lexicon: the prefilter never hides a word obscenity would find", () => {
  const baseline = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  const words = [...new Set(englishDataset.build().blacklistedTerms.map((t) => englishDataset.getPayloadWithPhraseMetadata({ termId: t.id, startIndex: 0, endIndex: 0, matchLength: 0 }).phraseMetadata!.originalWord))]
    .filter((w): w is EnglishProfaneWord => !NEUTRAL_WORDS.has(w));
  const variants = (w: string) => [w, w.toUpperCase(), w.replace(/[aeiou]/, (c) => c.repeat(4)), w.replace(/i/g, "1").replace(/o/g, "0").replace(/s/g, "$"), w.replace(/e/g, "3").replace(/a/g, "@"), w.split("").join(" ")];

  it.each(words)("%s", (word) => {
    variants(word).forEach((v, i) => {
      const text = `They said ${v} today.`;
      // Spaced-out letters are read as one word: obscenity's verdict on the joined word is the reference.
      const spaced = i === variants(word).length - 1;
      if (spaced && word.includes(" ")) return;
      const obscenityFinds = spaced ? baseline.hasMatch(v.replace(/ /g, "")) : baseline.hasMatch(text);
      if (!obscenityFinds) return;
      const hits = toxicityHits(fileRuleInput(`${text}\n`)).filter((h) => h.word !== undefined);
      expect({ text, found: hits.length > 0 }).toEqual({ text, found: true });
    });
  });

  it("reports the neutral clinical words as nothing at all", () => {
    expect(lexiconHits("the patient's sex, penis, vagina, anus and semen analysis")).toEqual([]);
  });
});
