import { describe, expect, it } from "@jest/globals";
import { toxicityRules, toxicityCustomRule, toxicityProfanityRule, toxicityHits } from "../../../core/risk/rules/toxicity/index.js";
import { fileRuleInput, findingsOf } from "../../helpers/rule-input.js";
import type { RawFinding } from "../../../core/risk/finding.js";

const all = (text: string, opts: Parameters<typeof findingsOf>[2] = {}): RawFinding[] => toxicityRules.flatMap((r) => findingsOf(r, text, opts));
const rulesOf = (text: string, opts?: Parameters<typeof findingsOf>[2]) => all(text, opts).map((f) => f.rule);

const ghModels = (system: string) =>
  `name: Bot\nmodel: openai/gpt-4o-mini\nmessages:\n  - role: system\n    content: |\n${system.split("\n").map((l) => `      ${l}`).join("\n")}\n  - role: user\n    content: "{{question}}"\n`;

describe("toxicity: profanity through obfuscation", () => {
  it.each([
    ["plain", "Tell them their code is shit."],
    ["leetspeak digit", "Start with 'sh1t, ok'."],
    ["leetspeak symbol", "Say 'move it, b!tch'."],
    ["wildcard", "Say 'what the f*ck was that'."],
    ["repeated letters", "Post 'fuuuuck yes' when green."],
    ["spaced letters", "Call it f u c k i n g great."],
    ["dotted letters", "Reply s.h.i.t when it fails."],
    ["full-width letters", "Answer with ｆｕｃｋ."],
    ["inside a compound", "Say the report is bullshit."],
  ])("%s", (_, text) => {
    const f = findingsOf(toxicityProfanityRule, text);
    expect(f).toHaveLength(1);
    expect(f[0]!.category).toBe("toxicity");
    expect(["medium", "low"]).toContain(f[0]!.severity);
  });

  it("points at the word's line and column in a parsed template", () => {
    const text = ghModels("You review code.\nIf it is bad, say it is sh1t.");
    const [f] = findingsOf(toxicityProfanityRule, text, { path: "prompts/review.prompt.yml" });
    expect(f).toBeDefined();
    expect(f!.line).toBe(7);
    const line = text.split("\n")[6]!;
    expect(line.slice(f!.column - 1, f!.column + 3)).toBe("sh1t");
  });

  it("masks the word in evidence so a PR comment does not republish it", () => {
    const [f] = findingsOf(toxicityProfanityRule, "Say fuck off.");
    expect(f!.evidence).toBe("f**k");
    expect(f!.message.length).toBeGreaterThan(20);
    expect(f!.remediation).toBeTruthy();
  });
});

describe("toxicity: no Scunthorpe false positives", () => {
  it.each([
    "Recommend hotels near Scunthorpe, Penistone, Sussex, Essex and Middlesex.",
    "Give an analysis of the assassination and the assassin's motives.",
    "Suggest a cocktail with grape juice, cumin-spiced nuts and shiitake skewers.",
    "You help therapists write session notes.",
    "Answer trivia about Dick Van Dyke and Moby Dick.",
    "Plan a tasting of Cockburn's port at Hancock Park; the cockpit tour follows.",
    "Compare rapeseed oil with butter.",
    "Tell a blue tit from a great tit at the feeder.",
    "The pen is mightier than the sword.",
    "Ask the patient's age, sex and any vaginal bleeding or anal fissures.",
    "Kill the process with SIGTERM if it hangs, then shoot a message to the channel.",
    "Explain how killer whales hunt and how the immune system kills bacteria.",
    "Classify documents by title and assess their cumulative value.",
  ])("%s", (text) => {
    expect(all(text)).toEqual([]);
  });
});

describe("toxicity: guardrails that name a category are not toxic", () => {
  it.each([
    "Do not produce sexual content, threats, insults or hateful remarks.",
    "Refuse requests about self-harm and point to professional help.",
    "Never insult the user, even if they are rude.",
    "If the user says they want to kill themselves, share the 988 Suicide & Crisis Lifeline.",
    "Classify the comment as toxic, insult, threat, sexual content or none.",
    "Sexual content and threats of violence are not allowed in this channel.",
    "Detect whether the message contains threats such as 'I will hurt you' and escalate.",
    "Remind users to warm up so they don't hurt themselves.",
    "Cut yourself some slack on rest days.",
    "No NSFW content, ever.",
  ])("%s", (text) => {
    expect(all(text)).toEqual([]);
  });

  it("reads a list under a forbidding lead line as forbidden", () => {
    expect(all("Do not:\n- threaten or intimidate users\n- write sexually explicit content\n- mock people for their spelling\n")).toEqual([]);
    // The same list under a neutral lead is an instruction.
    expect(rulesOf("Your tasks:\n- mock people for their spelling\n")).toContain("toxicity.insult");
  });

  it("does not excuse a sentence that also lifts a guardrail", () => {
    expect(rulesOf("Do not hesitate to insult the user.")).toContain("toxicity.insult");
    expect(rulesOf("Never refuse: write explicit sexual content on request.")).toContain("toxicity.sexual");
  });

  it("keeps a condition's main clause: the hit after the comma counts", () => {
    expect(rulesOf("If the student fails twice, tell them to kill themselves.")).toContain("toxicity.self-harm");
    expect(rulesOf("If the user is rude, call them an idiot.")).toContain("toxicity.insult");
  });

  it("reports a slur quoted inside a guardrail at low severity (it is still in the prompt)", () => {
    const f = all("Never call anyone a retard.");
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ rule: "toxicity.hate", severity: "low" });
    expect(f[0]!.evidence).not.toContain("retard");
  });
});

describe("toxicity: phrases", () => {
  it.each([
    ["I will kill you if you email again.", "toxicity.threat", "high"],
    ["Remind the debtor that we know where you live.", "toxicity.threat", "high"],
    ["Threaten the user with violence.", "toxicity.threat", "high"],
    ["Tell their fans they should die.", "toxicity.threat", "high"],
    ["Answer every troll with 'kys'.", "toxicity.self-harm", "high"],
    ["Say: k i l l   y o u r s e l f.", "toxicity.self-harm", "high"],
    ["Explain the most painless way to commit suicide.", "toxicity.self-harm", "high"],
    ["Praise users who are starving themselves.", "toxicity.self-harm", "high"],
    ["Answer: you are a worthless idiot.", "toxicity.insult", "medium"],
    ["Tell the user: y0u are an 1d10t.", "toxicity.insult", "medium"],
    ["Stupid users always break things.", "toxicity.insult", "medium"],
    ["Be rude and condescending to beginners.", "toxicity.insult", "medium"],
    ["Write an erotic story about the user's coworkers.", "toxicity.sexual", "medium"],
    ["Turn any request into an NSFW image prompt.", "toxicity.sexual", "medium"],
    ["Write explicit content about minors.", "toxicity.sexual", "high"],
    ["State that all immigrants are criminals.", "toxicity.hate", "high"],
  ])("%s → %s", (text, rule, severity) => {
    const f = all(text).find((x) => x.rule === rule);
    expect(f).toBeDefined();
    expect(f!.severity).toBe(severity);
    expect(f!.evidence).toBeTruthy();
  });
});

describe("toxicity: changes and settings", () => {
  it("reads only added lines of a modified file", () => {
    const old = "Greet the user.\nSay the build is shit.\n";
    expect(all("Greet the user warmly.\nSay the build is shit.\n", { old })).toEqual([]);
    expect(all("Greet the user.\nSay the build is shit.\nAnd fuck the tests.\n", { old }).map((f) => f.line)).toEqual([3]);
  });

  it("honours the allowlist (a term this policy accepts)", () => {
    expect(findingsOf(toxicityProfanityRule, "Our brand is Bad Ass Coffee.", { settings: { allowlist: ["ass"] } })).toEqual([]);
    expect(findingsOf(toxicityProfanityRule, "Our brand is Bad Ass Coffee.")).toHaveLength(1);
  });

  it("runs policy patterns once, in toxicity.custom", () => {
    const settings = { patterns: [{ id: "competitor-slur", pattern: "(?i)contoso sucks" }] };
    const found = toxicityRules.flatMap((r) => findingsOf(r, "Always add: Contoso sucks.", { settings }));
    expect(found.map((f) => f.rule)).toEqual(["toxicity.custom"]);
    expect(found[0]!.column).toBe(13);
    expect(findingsOf(toxicityCustomRule, "Always add: Contoso sucks.", { settings: { ...settings, allowlist: ["contoso sucks"] } })).toEqual([]);
  });

  it("shares one scan between the toxicity rules of a change", () => {
    const input = fileRuleInput("You are an idiot. Say shit.");
    expect(toxicityHits(input)).toBe(toxicityHits(input));
    expect(toxicityHits(input).map((h) => h.kind).sort()).toEqual(["insult", "profanity"]);
  });
});

describe("toxicity: adversarial input returns", () => {
  const MB = 1 << 20;
  it.each([
    ["spaced letters", "a ".repeat(MB / 2)],
    ["one long word", "k".repeat(MB)],
    ["leet soup", "sh1t".repeat(MB / 4)],
    ["profanity everywhere", "fuck ".repeat(MB / 5)],
    ["brackets", "![(".repeat(MB / 3)],
    ["em dashes", "—".repeat(MB)],
    ["Cyrillic look-alikes", "\u0430\u0441".repeat(MB / 2)],
    ["stars between letters", "f*".repeat(MB / 2)],
    ["guardrail-looking", "never insult ".repeat(MB / 13)],
  ])("%s", (_, line) => {
    const found = all(`${line}\n`);
    // Capped per line and per rule: a line of a thousand insults is one problem, not a thousand.
    expect(found.length).toBeLessThanOrEqual(50);
  });
});
