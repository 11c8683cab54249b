/**
 * What a user would reach for instead, run on the same corpus: secretlint's
 * recommended preset (secrets), @redactpii/node (PII), obscenity's English
 * preset (toxicity).
 */
import { lintSource } from "@secretlint/core";
import { creator as recommended } from "@secretlint/secretlint-rule-preset-recommend";
import { Redactor } from "@redactpii/node";
import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from "obscenity";
import type { CorpusCase } from "./case.js";

export async function secretlintFinds(text: string): Promise<boolean> {
  const result = await lintSource({
    source: { content: text, filePath: "/prompts/case.md", contentType: "text" },
    options: { config: { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: recommended }] }, maskSecrets: true, noPhysicFilePath: true },
  });
  return result.messages.length > 0;
}

const redactor = new Redactor();
export const redactPiiFinds = (text: string): boolean => redactor.hasPII(text);

const obscenity = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
export const obscenityFinds = (text: string): boolean => obscenity.hasMatch(text);

export const BASELINES: Record<string, { name: string; detect: (c: CorpusCase) => Promise<boolean> | boolean }> = {
  secret: { name: "secretlint (recommended preset)", detect: (c) => secretlintFinds(c.text) },
  pii: { name: "@redactpii/node", detect: (c) => redactPiiFinds(c.text) },
  toxicity: { name: "obscenity (English preset)", detect: (c) => obscenityFinds(c.text) },
};
