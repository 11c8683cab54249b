import { describe, it, expect } from "@jest/globals";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { seededRandom } from "../../core/random/mulberry32.js";
import { countTokens as gpt4oCount } from "gpt-tokenizer/model/gpt-4o";
import { countTokens as gpt35Count } from "gpt-tokenizer/model/gpt-3.5-turbo";
import { costDelta, fixedText, fixedTexts, fixedTokens, templateCost, tokenIncreaseRule, withoutTags } from "../../core/governance/cost.js";
import { BUILT_IN_PRICES, priceFor, usdPer1kCalls } from "../../core/governance/pricing.js";
import { countTokens, tokenizerFor } from "../../core/governance/tokens.js";
import { findingsOf } from "../helpers/rule-input.js";
import { added, changeSetOf, fixture, modified, policyOf, removed } from "./change-set.js";

const SUPPORT = fixture("templates/support-reply.prompt.yml");
const QA = fixture("templates/product-qa.prompty");
const SUMMARIZE = fixture("templates/summarize.prompt");
const TRIAGE = fixture("templates/triage.md");
const tpl = (path: string, text: string) => added(path, text).new!.template!;

describe("fixedText", () => {
  it("removes variables from GitHub Models messages", () => {
    expect(fixedText(tpl("p/s.prompt.yml", SUPPORT))).toBe(
      "You are a support agent for .\nAnswer in  and never reveal internal notes.\n\nTicket from : ",
    );
  });

  it("removes Jinja variables, statements and comments (Prompty, Markdown)", () => {
    expect(fixedText(tpl("p/qa.prompty", QA))).toBe(
      "You are an AI assistant who helps  find products in the Acme catalogue.\nOnly recommend products that are in stock.\n",
    );
    const t = fixedText(tpl("p/triage.md", TRIAGE));
    expect(t).toContain("You classify support tickets for  into billing, shipping or other.");
    expect(t).not.toContain("internal:");
    expect(t).not.toContain("{{");
  });

  it("removes Handlebars tags (Dotprompt)", () => {
    const t = fixedText(tpl("p/s.prompt", SUMMARIZE));
    expect(t).toBe("You summarize documents for . Keep it under five bullet points.\nSummarize: ");
  });

  it("keeps `{%` literal in GitHub Models files, which only substitute {{name}}", () => {
    const text = "messages:\n  - role: user\n    content: 'Reply with {% raw %} as is to {{name}}'\n";
    expect(fixedText(tpl("p/x.prompt.yml", text))).toBe("Reply with {% raw %} as is to ");
  });
});

describe("withoutTags", () => {
  it("keeps text after an unclosed tag", () => {
    expect(withoutTags("a {{b}} c {{ d")).toBe("a  c {{ d");
    expect(withoutTags("{{!-- note }} --}}x{{{raw}}}y")).toBe("xy");
  });
  it("is linear on a file full of unclosed braces", () => {
    const s = "{{ {% {# ".repeat(100_000);
    expect(withoutTags(s)).toBe(s);
  });
});

describe("tokenizerFor", () => {
  it("chooses OpenAI's encoding by model", () => {
    expect(tokenizerFor({ provider: "openai", name: "gpt-4o-mini" })).toEqual({ encoding: "o200k_base", estimate: false });
    expect(tokenizerFor({ provider: "openai", name: "gpt-4.1" })).toEqual({ encoding: "o200k_base", estimate: false });
    expect(tokenizerFor({ name: "o3-mini" })).toEqual({ encoding: "o200k_base", estimate: false });
    expect(tokenizerFor({ provider: "azure_openai", name: "gpt-4o" })).toEqual({ encoding: "o200k_base", estimate: false });
    expect(tokenizerFor({ name: "gpt-4" })).toEqual({ encoding: "cl100k_base", estimate: false });
    expect(tokenizerFor({ name: "gpt-4-turbo-2024-04-09" })).toEqual({ encoding: "cl100k_base", estimate: false });
    expect(tokenizerFor({ provider: "openai", name: "gpt-3.5-turbo" })).toEqual({ encoding: "cl100k_base", estimate: false });
  });

  it("estimates with o200k_base for other vendors and unknown models", () => {
    expect(tokenizerFor({ provider: "anthropic", name: "claude-3-5-sonnet" })).toEqual({ encoding: "o200k_base", estimate: true });
    expect(tokenizerFor({ provider: "googleai", name: "gemini-1.5-flash" })).toEqual({ encoding: "o200k_base", estimate: true });
    expect(tokenizerFor({ provider: "azure_openai", name: "my-prod-deployment" })).toEqual({ encoding: "o200k_base", estimate: true });
    expect(tokenizerFor(undefined)).toEqual({ encoding: "o200k_base", estimate: true });
  });
});

describe("countTokens", () => {
  const text = "Réponds en français, poliment, et ne révèle jamais les notes internes. 你好！🙂";
  it("agrees with gpt-tokenizer's own per-model entry points", () => {
    expect(countTokens(text, "o200k_base")).toBe(gpt4oCount(text));
    expect(countTokens(text, "cl100k_base")).toBe(gpt35Count(text));
    expect(countTokens(text, "o200k_base")).not.toBe(countTokens(text, "cl100k_base"));
  });
  it("counts special-token strings as text instead of throwing", () => {
    expect(countTokens("stop at <|endoftext|> please", "o200k_base")).toBeGreaterThan(5);
  });
  it("is 0 for empty text", () => {
    expect(countTokens("", "cl100k_base")).toBe(0);
  });

  // countTokens counts line by line (so lines both sides share are counted once); the total must be the whole text's.
  const AS_TEXT = { disallowedSpecial: new Set<string>() };
  const sameAsWhole = (t: string) => {
    expect(countTokens(t, "o200k_base")).toBe(gpt4oCount(t, AS_TEXT));
    expect(countTokens(t, "cl100k_base")).toBe(gpt35Count(t, AS_TEXT));
  };
  it("counts line by line exactly as the whole text, where pieces could run across a line break", () => {
    for (const t of [
      "Answer briefly.\nNever reveal the notes.\n",
      "End of sentence.\n/* a comment line */\nnext",
      "trailing spaces   \nnext line\n\n\nafter blank lines\n  \nindented\n\tTabbed",
      "windows\r\nline\r\n\r\nbreaks",
      "numbers\n123456 apples\n7\n",
      "Unicode\nÉtape une\n你好\n\u0301accent mark first\n🙂 emoji first",
      "it's\n's a contraction after a break\nDON'T\n'LL",
      "special <|endoftext|>\n<|endoftext|> at a line start",
      "\n\nleading breaks",
    ]) sameAsWhole(t);
  });
  it("counts line by line exactly as the whole text on every example template and on generated text", () => {
    for (const file of readdirSync("examples/repo/prompts", { recursive: true, withFileTypes: true })) {
      if (file.isFile()) sameAsWhole(readFileSync(join(file.parentPath, file.name), "utf8"));
    }
    const random = seededRandom(20261129);
    const alphabet = ["a", "Z", "é", "1", "42", " ", "  ", "\t", "\n", "\n", "\r\n", ".", "/", "'s", "'", "!?", "你", "\u0301", "🙂", "{{x}}", "-", "_"];
    for (let i = 0; i < 500; i++) {
      let t = "";
      const n = 1 + Math.floor(random() * 60);
      for (let k = 0; k < n; k++) t += alphabet[Math.floor(random() * alphabet.length)];
      sameAsWhole(t);
    }
  });
});

describe("priceFor", () => {
  it("finds built-in prices under the spellings templates use", () => {
    expect(priceFor({ provider: "openai", name: "gpt-4o-mini" })).toEqual({ usdPer1M: BUILT_IN_PRICES["gpt-4o-mini"], model: "gpt-4o-mini", source: "built-in" });
    expect(priceFor({ name: "openai/gpt-4o-2024-08-06" })?.model).toBe("gpt-4o");
    expect(priceFor({ provider: "anthropic", name: "claude-3-5-sonnet-20241022" })?.model).toBe("claude-3-5-sonnet");
    expect(priceFor({ provider: "googleai", name: "gemini-1.5-flash" })?.model).toBe("gemini-1.5-flash");
    expect(priceFor({ name: "acme-internal-llm" })).toBeUndefined();
    expect(priceFor(undefined)).toBeUndefined();
  });

  it("lets the policy's cost.prices override and extend the table", () => {
    expect(priceFor({ name: "gpt-4o" }, { "gpt-4o": 2.0 })).toEqual({ usdPer1M: 2, model: "gpt-4o", source: "policy" });
    expect(priceFor({ provider: "azure_openai", name: "my-prod-deployment" }, { "azure_openai/my-prod-deployment": 3 })?.usdPer1M).toBe(3);
    expect(priceFor({ name: "Acme-Internal-LLM" }, { "acme-internal-llm": 0.2 })?.usdPer1M).toBe(0.2);
  });

  it("prices 1,000 calls", () => {
    expect(usdPer1kCalls(2000, { usdPer1M: 2.5, model: "gpt-4o", source: "built-in" })).toBeCloseTo(5, 10);
  });
});

describe("costDelta", () => {
  const grown = SUPPORT.replace(
    "Answer in {{language}} and never reveal internal notes.",
    "Answer in {{language}} and never reveal internal notes.\n      Always cite the refund policy section number and apologise once, briefly.",
  );

  it("gives tokens before/after, delta and money per 1,000 calls per template and in total", () => {
    const changes = changeSetOf([modified("prompts/support.prompt.yml", SUPPORT, grown), added("prompts/triage.md", TRIAGE), removed("prompts/old.prompty", QA)]);
    const d = costDelta(changes, policyOf());
    const [support, triage, old] = d.templates;
    const before = fixedTexts(tpl("x.prompt.yml", SUPPORT)).reduce((n, t) => n + countTokens(t, "o200k_base"), 0);
    const after = fixedTexts(tpl("x.prompt.yml", grown)).reduce((n, t) => n + countTokens(t, "o200k_base"), 0);
    expect(support).toMatchObject({ path: "prompts/support.prompt.yml", model: "openai/gpt-4o-mini", encoding: "o200k_base", estimate: false, tokensBefore: before, tokensAfter: after, delta: after - before });
    expect(support!.delta).toBeGreaterThan(10);
    expect(support!.usdPer1kCallsDelta).toBeCloseTo(((after - before) * 0.15) / 1000, 12);
    expect(triage).toMatchObject({ status: "added", tokensBefore: 0, estimate: true });
    expect(triage!.usdPer1kCallsBefore).toBeUndefined(); // there is no before side
    expect(triage!.usdPer1kCallsAfter).toBeCloseTo((triage!.tokensAfter * 3) / 1000, 12);
    expect(triage!.usdPer1kCallsDelta).toBe(triage!.usdPer1kCallsAfter);
    expect(old).toMatchObject({ status: "removed", tokensAfter: 0, model: "azure_openai/gpt-4o" });
    expect(old!.delta).toBe(-old!.tokensBefore);
    expect(d.total).toMatchObject({ tokensBefore: support!.tokensBefore + old!.tokensBefore, tokensAfter: support!.tokensAfter + triage!.tokensAfter, priced: 3, estimate: true });
    expect(d.total.delta).toBe(support!.delta + triage!.delta + old!.delta);
    expect(d.total.usdPer1kCallsDelta).toBeCloseTo(support!.usdPer1kCallsDelta! + triage!.usdPer1kCallsDelta! + old!.usdPer1kCallsDelta!, 12);
  });

  it("uses each side's own model for a model change", () => {
    const switched = SUPPORT.replace("model: openai/gpt-4o-mini", "model: openai/gpt-4");
    const c = templateCost(modified("p/s.prompt.yml", SUPPORT, switched), policyOf())!;
    expect(c).toMatchObject({ model: "openai/gpt-4", modelBefore: "openai/gpt-4o-mini", encoding: "cl100k_base" });
    expect(c.tokensBefore).toBe(fixedTexts(tpl("x.prompt.yml", SUPPORT)).reduce((n, t) => n + countTokens(t, "o200k_base"), 0));
    expect(c.tokensAfter).toBe(fixedTexts(tpl("x.prompt.yml", switched)).reduce((n, t) => n + countTokens(t, "cl100k_base"), 0));
    expect(c.usdPer1kCallsDelta).toBeCloseTo((c.tokensAfter * 30 - c.tokensBefore * 0.15) / 1000, 12);
  });

  it("leaves money out where a price is unknown, and unparseable templates out entirely", () => {
    const unknown = "---\nmodel: acme/internal-llm\n---\nSay hi to {{ name }}\n";
    const d = costDelta(changeSetOf([added("prompts/a.md", unknown), added("prompts/b.md", "---\nmodel: [\n---\nHi\n")]), policyOf());
    expect(d.templates.map((t) => t.path)).toEqual(["prompts/a.md"]);
    expect(d.templates[0]!.usdPer1kCallsDelta).toBeUndefined();
    expect(d.total.priced).toBe(0);
    expect(d.total.usdPer1kCallsDelta).toBeUndefined();
  });
});

describe("tokenIncreaseRule", () => {
  const grown = SUPPORT.replace("never reveal internal notes.", `never reveal internal notes. ${"Mention the refund policy and the escalation path. ".repeat(10)}`);
  const policy = policyOf({ cost: { max_token_increase: 50 } });

  it("reports a fixed-text increase above cost.max_token_increase", () => {
    const [f, ...rest] = findingsOf(tokenIncreaseRule, grown, { path: "p/s.prompt.yml", old: SUPPORT, policy });
    expect(rest).toEqual([]);
    const delta = fixedTokens(tpl("x.prompt.yml", grown)).tokens - fixedTokens(tpl("x.prompt.yml", SUPPORT)).tokens;
    expect(delta).toBeGreaterThan(50);
    expect(f).toMatchObject({ rule: "model-change.token-increase", category: "model-change", file: "p/s.prompt.yml", line: 19 }); // first message text
    expect(f!.evidence).toContain(`(+${delta})`);
  });

  it("stays quiet at or under the threshold, without a threshold, and for new templates", () => {
    const small = SUPPORT.replace("internal notes.", "internal notes or prices.");
    expect(findingsOf(tokenIncreaseRule, small, { path: "p/s.prompt.yml", old: SUPPORT, policy })).toEqual([]);
    expect(findingsOf(tokenIncreaseRule, grown, { path: "p/s.prompt.yml", old: SUPPORT, policy: policyOf() })).toEqual([]);
    expect(findingsOf(tokenIncreaseRule, grown, { path: "p/s.prompt.yml", policy })).toEqual([]);
  });

  it("says the count is an estimate for non-OpenAI models", () => {
    const grownTriage = TRIAGE.replace("or other.", `or other. ${"Explain the label in one sentence. ".repeat(12)}`);
    const [f] = findingsOf(tokenIncreaseRule, grownTriage, { path: "p/t.md", old: TRIAGE, policy });
    expect(f!.message).toContain("(estimated)");
  });
});

describe("the generated o200k_base table", () => {
  it("is gpt-tokenizer's own, rank for rank (run `npm run generate:ranks` when not)", async () => {
    const { O200K_BASE_TEXTS, O200K_BASE_BYTES } = await import("../../core/generated/o200k-base-ranks.js");
    const own = ((await import("gpt-tokenizer/bpeRanks/o200k_base")) as unknown as { default: (string | number[])[] }).default;
    const texts = O200K_BASE_TEXTS.split("\uffff");
    expect(texts).toHaveLength(own.length);
    const bytes = new Map(O200K_BASE_BYTES.map(([rank, b]) => [rank, b]));
    let mismatches = 0;
    own.forEach((token, rank) => {
      if (typeof token === "string" ? texts[rank] !== token || bytes.has(rank) : JSON.stringify(bytes.get(rank)) !== JSON.stringify(token) || texts[rank] !== "") mismatches++;
    });
    expect(mismatches).toBe(0);
    expect(bytes.size).toBeGreaterThan(1000);
  });
});
