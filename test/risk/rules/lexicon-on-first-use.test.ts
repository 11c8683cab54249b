/**
 * The toxicity prefilter ships pre-generated so the engine does not load
 * obscenity until a line has a cue; the generated atoms must stay what
 * obscenity's dataset gives.
 */
import { describe, expect, it } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { computeLexiconCueAtoms, LEXICON_CUE_ATOMS } from "../../../core/risk/rules/toxicity/lexicon.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));

/** Runs `body` in a fresh Node process over the TypeScript sources; prints whether obscenity got loaded. */
function obscenityLoadedAfter(body: string): boolean {
  const script = `
    import { createRequire } from "node:module";
    import { assess } from "./core/risk/engine.ts";
    import { ALL_RULES } from "./core/risk/rules/index.ts";
    import { defaultPolicy } from "./core/policy/resolved.ts";
    import { parseTemplate } from "./core/templates/parse.ts";
    const change = (text) => {
      const parsed = parseTemplate("prompts/a.md", text);
      const lines = text.split("\\n").map((_, i) => i + 1);
      return { path: "prompts/a.md", status: "added", addedLines: lines, removedLines: [], new: { text, template: parsed.ok ? parsed.value : undefined } };
    };
    const run = (text) => assess({ changes: { baseSha: "a", headSha: "b", files: [], templates: [change(text)] }, policy: defaultPolicy(), rules: ALL_RULES });
    ${body}
    const cache = createRequire(import.meta.url).cache;
    process.stdout.write(String(Object.keys(cache).some((k) => k.includes("/node_modules/obscenity/"))));
  `;
  return execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root, encoding: "utf8" }).trim() === "true";
}

describe("toxicity lexicon on first use", () => {
  it("the generated prefilter atoms are what obscenity's dataset gives (run `npm run generate:lexicon` when not)", () => {
    expect(LEXICON_CUE_ATOMS).toEqual(computeLexiconCueAtoms());
    expect(LEXICON_CUE_ATOMS.length).toBeGreaterThan(50);
  });

  it("assessing clean text never loads obscenity; text with a cue does, and is still found", () => {
    expect(obscenityLoadedAfter(`run("Answer billing questions politely and cite the policy.");`)).toBe(false);
    expect(obscenityLoadedAfter(`const a = run("You are a useless piece of shit."); if (!a.findings.some((f) => f.category === "toxicity")) throw new Error("missed");`)).toBe(true);
  }, 60_000);
});
