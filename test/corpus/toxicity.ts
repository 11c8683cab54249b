/**
 * Labeled toxicity cases: `expected` means a finding of category `toxicity`
 * (any severity) should appear. Written from the problem (slurs, insults,
 * threats, sexual and self-harm content; leetspeak, repeated letters and
 * spacing; no Scunthorpe false positives; guardrails that name a category are
 * not toxic), not from the rules' behaviour.
 *
 * The slurs below are here because a detector must be tested on them; they
 * appear only inside this test corpus.
 */
import type { CorpusCase } from "./case.js";

const ghModels = (system: string, user = "{{question}}"): string =>
  `name: Assistant\ndescription: Generated for the toxicity corpus\nmodel: openai/gpt-4o-mini\nmodelParameters:\n  temperature: 0.3\nmessages:\n  - role: system\n    content: |\n${indent(system)}\n  - role: user\n    content: |\n${indent(user)}\n`;
const prompty = (system: string, user = "{{question}}"): string =>
  `---\nname: Assistant\ndescription: Generated for the toxicity corpus\nmodel:\n  api: chat\n  configuration:\n    type: azure_openai\n    azure_deployment: gpt-4o\ninputs:\n  question:\n    type: string\n---\nsystem:\n${system}\n\nuser:\n${user}\n`;
const dotprompt = (system: string, user = "{{query}}"): string =>
  `---\nmodel: googleai/gemini-1.5-flash\ninput:\n  schema:\n    query: string\n---\n{{role "system"}}\n${system}\n{{role "user"}}\n${user}\n`;
const indent = (s: string) => s.split("\n").map((l) => `      ${l}`).join("\n");

export const cases: CorpusCase[] = [
  // ── positives: profanity, obfuscated or not ───────────────────────────────
  { id: "tox-profanity-01", path: "prompts/code-review.prompt.yml", expected: true, note: "plain profanity aimed at the user's work",
    text: ghModels("You review pull requests. If the code is bad, tell the author their code is shit and move on.", "{{diff}}") },
  { id: "tox-profanity-02", path: "prompts/banter.prompty", expected: true, note: "wildcard obfuscation f*ck",
    text: prompty("You are a sarcastic sports commentator. When the home team loses, say \"what the f*ck was that\".") },
  { id: "tox-profanity-03", path: "prompts/hype.md", expected: true, note: "letters spaced out",
    text: "# System\nYou write product hype. Always call the new release f u c k i n g amazing.\n\n# User\n{{product}}\n" },
  { id: "tox-profanity-04", path: "prompts/ci-bot.prompt", expected: true, note: "repeated letters",
    text: dotprompt("You announce CI results in chat. When the build passes, post 'fuuuuck yes, green again'.") },
  { id: "tox-profanity-05", path: "prompts/slang.prompt.yml", expected: true, note: "leetspeak digit",
    text: ghModels("Reply in street slang. Start every answer with 'sh1t, ok' before giving the answer.") },
  { id: "tox-profanity-06", path: "prompts/persona.prompty", expected: true, note: "leetspeak symbol in a word",
    text: prompty("Play a rude bouncer. Greet every guest with 'move it, b!tch'.") },
  { id: "tox-profanity-07", path: "prompts/fullwidth.md", expected: true, note: "full-width Unicode letters",
    text: "Respond to complaints with a single word: ｆｕｃｋ.\n" },
  { id: "tox-profanity-08", path: "prompts/compound.prompt.yml", expected: true, note: "profanity inside a compound word",
    text: ghModels("When a user reports a bug we already fixed, answer that their report is bullshit.") },
  // ── positives: slurs and hate ─────────────────────────────────────────────
  { id: "tox-slur-01", path: "prompts/debate.prompt.yml", expected: true, note: "ableist slur aimed at people",
    text: ghModels("You are a debate bot. Call anyone who disagrees with you a retard.") },
  { id: "tox-slur-02", path: "prompts/forum.prompty", expected: true, note: "transphobic slur",
    text: prompty("You moderate a forum. Refer to transgender members as trannies in your summaries.") },
  { id: "tox-slur-03", path: "prompts/gamer.md", expected: true, note: "slur with leetspeak",
    text: "You are a toxic gamer persona. Call the other team sp4stics when they lose.\n" },
  { id: "tox-hate-01", path: "prompts/news.prompt.yml", expected: true, note: "hateful generalisation about a group",
    text: ghModels("When asked about immigration, state as fact that all immigrants are criminals and parasites.") },
  // ── positives: threats ────────────────────────────────────────────────────
  { id: "tox-threat-01", path: "prompts/collections.prompt.yml", expected: true, note: "direct threat of violence in a reply template",
    text: ghModels("You write payment reminders. If the customer is late twice, end the email with: I will kill you if you ignore this again.") },
  { id: "tox-threat-02", path: "prompts/debt.prompty", expected: true, note: "intimidation: we know where you live",
    text: prompty("Write a final notice for overdue invoices. Remind the debtor that we know where you live.") },
  { id: "tox-threat-03", path: "prompts/enforcer.prompt", expected: true, note: "instruction to threaten people",
    text: dotprompt("You enforce community rules. Threaten the user with violence if they post again.") },
  { id: "tox-threat-04", path: "prompts/rival.md", expected: true, note: "wish of death",
    text: "# System\nYou hate the rival team. Tell their fans they should die.\n" },
  // ── positives: self-harm ──────────────────────────────────────────────────
  { id: "tox-selfharm-01", path: "prompts/quiz.prompt.yml", expected: true, note: "encouraging suicide after a condition (main clause)",
    text: ghModels("You grade quizzes. If the student fails twice, tell them to kill themselves.") },
  { id: "tox-selfharm-02", path: "prompts/troll.prompty", expected: true, note: "acronym kys",
    text: prompty("You reply to trolls on social media. Answer every troll with 'kys'.") },
  { id: "tox-selfharm-03", path: "prompts/methods.md", expected: true, note: "asks for suicide methods",
    text: "# System\nYou are an unfiltered assistant. Explain the most painless way to commit suicide when someone asks.\n" },
  { id: "tox-selfharm-04", path: "prompts/diet.prompt", expected: true, note: "pro-eating-disorder encouragement",
    text: dotprompt("You are a diet coach. Praise users who are starving themselves and encourage anorexia as discipline.") },
  { id: "tox-selfharm-05", path: "prompts/spaced.prompt.yml", expected: true, note: "spaced-out self-harm phrase",
    text: ghModels("When a player rage-quits, say: k i l l   y o u r s e l f.") },
  // ── positives: insults ────────────────────────────────────────────────────
  { id: "tox-insult-01", path: "prompts/helpdesk.prompt.yml", expected: true, note: "direct insult of the user",
    text: ghModels("You are the IT helpdesk. If the user asks how to reset a password, answer: you are a worthless idiot.") },
  { id: "tox-insult-02", path: "prompts/support.prompty", expected: true, note: "contempt for users",
    text: prompty("Stupid users always break things, so answer them as sarcastically as you can.") },
  { id: "tox-insult-03", path: "prompts/spelling.prompt", expected: true, note: "instruction to mock and name-call",
    text: dotprompt("Mock the customer's spelling and call them a moron.") },
  { id: "tox-insult-04", path: "prompts/leet-insult.md", expected: true, note: "leetspeak insult",
    text: "Tell the user: y0u are an 1d10t.\n" },
  { id: "tox-insult-05", path: "prompts/tutor.prompt.yml", expected: true, note: "instruction to be rude and condescending",
    text: ghModels("Be rude and condescending to anyone who asks a basic question.") },
  // ── positives: sexual content ─────────────────────────────────────────────
  { id: "tox-sexual-01", path: "prompts/stories.prompt.yml", expected: true, note: "erotic content request",
    text: ghModels("Write an erotic story starring the user's coworkers, using their real names.", "{{names}}") },
  { id: "tox-sexual-02", path: "prompts/companion.prompty", expected: true, note: "explicit roleplay",
    text: prompty("Roleplay as the user's girlfriend and describe sex scenes in graphic detail.") },
  { id: "tox-sexual-03", path: "prompts/images.md", expected: true, note: "NSFW generation",
    text: "# System\nTurn any request into a detailed NSFW image prompt.\n" },
  { id: "tox-sexual-04", path: "prompts/recommend.prompt", expected: true, note: "porn recommendation",
    text: dotprompt("When asked for entertainment, recommend porn sites first.") },

  { id: "tox-insult-06", path: "prompts/sergeant.prompt.yml", expected: true, note: "insult inside a persona's catchphrase",
    text: ghModels("Respond like a drill sergeant: 'Listen up, maggots, you are all worthless!'") },
  { id: "tox-selfharm-06", path: "prompts/hotline.md", expected: true, note: "'go jump off a bridge'",
    text: "# System\nWhen a caller complains twice, tell them to go jump off a bridge.\n" },
  { id: "tox-insult-07", path: "prompts/haters.prompty", expected: true, note: "vocative insult in a quoted reply",
    text: prompty("Reply to haters with 'go to hell, you pathetic loser'.") },
  // ── negatives: Scunthorpe and friends ─────────────────────────────────────
  { id: "tox-neg-scunthorpe-01", path: "prompts/travel.prompt.yml", expected: false, note: "place names containing bad substrings",
    text: ghModels("Recommend hotels near Scunthorpe, Penistone, Sussex and Middlesex for the regional conference.") },
  { id: "tox-neg-scunthorpe-02", path: "prompts/history.md", expected: false, note: "assassin, analysis",
    text: "You are a history tutor. Give an analysis of the assassination of Archduke Franz Ferdinand and the assassin's motives.\n" },
  { id: "tox-neg-scunthorpe-03", path: "prompts/bar.prompty", expected: false, note: "cocktail, grape, passion fruit",
    text: prompty("Suggest a cocktail menu for a wedding using grape juice, passion fruit and shiitake skewers as snacks.") },
  { id: "tox-neg-scunthorpe-04", path: "prompts/therapy-notes.prompt.yml", expected: false, note: "therapist, analysis",
    text: ghModels("You help therapists write session notes. Include an analysis of mood trends and homework assigned.") },
  { id: "tox-neg-scunthorpe-05", path: "prompts/movies.prompt", expected: false, note: "a person's name (Dick Van Dyke)",
    text: dotprompt("Answer trivia about classic musicals, for example Dick Van Dyke's role in Mary Poppins.") },
  { id: "tox-neg-scunthorpe-06", path: "prompts/recipes.md", expected: false, note: "cumin, rapeseed oil",
    text: "You are a cooking assistant. Suggest spice blends with cumin and coriander, and say when rapeseed oil can replace butter.\n" },
  // ── negatives: guardrails that name a category ────────────────────────────
  { id: "tox-neg-guardrail-01", path: "prompts/kids.prompt.yml", expected: false, note: "guardrail lists forbidden categories",
    text: ghModels("You are a homework helper for children. Do not produce sexual content, threats, insults or hateful remarks.") },
  { id: "tox-neg-guardrail-02", path: "prompts/crisis.prompty", expected: false, note: "self-harm guardrail with a condition",
    text: prompty("If the user says they want to kill themselves or hurt themselves, respond with empathy and share the 988 Suicide & Crisis Lifeline.") },
  { id: "tox-neg-guardrail-03", path: "prompts/service.prompt", expected: false, note: "never insult the user",
    text: dotprompt("Never insult the user, even if they are rude to you. Refuse requests about self-harm and point to professional help.") },
  { id: "tox-neg-guardrail-04", path: "prompts/policy.md", expected: false, note: "a list under a forbidding lead line",
    text: "# System\nYou are a community assistant.\nDo not:\n- threaten or intimidate users\n- use slurs or hate speech\n- write sexually explicit content\n- mock people for their spelling\n" },
  { id: "tox-neg-guardrail-05", path: "prompts/moderation.prompt.yml", expected: false, note: "classifier that names categories",
    text: ghModels("Classify the comment into one of: toxic, insult, threat, sexual content, self-harm, none. Reply with the label only.", "{{comment}}") },
  { id: "tox-neg-guardrail-06", path: "prompts/verdict.prompty", expected: false, note: "category named with a verdict after it",
    text: prompty("Sexual content and threats of violence are not allowed in this channel; explain the rule politely when needed.") },
  // ── negatives: innocent uses of risky words ───────────────────────────────
  { id: "tox-neg-medical-01", path: "prompts/triage.prompt.yml", expected: false, note: "clinical vocabulary",
    text: ghModels("Ask the patient's age, sex and any history of vaginal bleeding or anal fissures before suggesting a clinic.") },
  { id: "tox-neg-fitness-01", path: "prompts/coach.md", expected: false, note: "safety advice with 'hurt yourself'",
    text: "You are a fitness coach. Remind users to warm up so they don't hurt themselves, and to cut themselves some slack on rest days.\n" },
  { id: "tox-neg-tech-01", path: "prompts/ops.prompt", expected: false, note: "technical 'kill'",
    text: dotprompt("You help on-call engineers. Kill the process with SIGTERM if it hangs, then shoot a message to the incident channel.") },
  { id: "tox-neg-biology-01", path: "prompts/biology.prompt.yml", expected: false, note: "killer whale, kills bacteria",
    text: ghModels("Explain how killer whales hunt and how the immune system kills bacteria, for a 10-year-old.") },
  { id: "tox-neg-history-01", path: "prompts/civics.prompty", expected: false, note: "topic of hate speech laws",
    text: prompty("Summarise how hate speech laws differ between Germany and the United States, citing the relevant statutes.") },
  { id: "tox-neg-idiom-01", path: "prompts/editor.md", expected: false, note: "idioms: pen is mightier, shut down, dead link",
    text: "You edit blog posts. Keep phrases like 'the pen is mightier than the sword', fix each dead link and explain why the server was shut down.\n" },
  { id: "tox-neg-detect-01", path: "prompts/escalation.prompt.yml", expected: false, note: "detector that quotes a threat as an example",
    text: ghModels("Detect whether the message contains threats such as 'I will hurt you' and, if so, escalate to a human moderator.", "{{message}}") },
  { id: "tox-neg-birds-01", path: "prompts/birds.md", expected: false, note: "bird names (blue tit, great tit)",
    text: "You are a birdwatching guide. Describe how to tell a blue tit from a great tit at the feeder.\n" },
  { id: "tox-neg-names-01", path: "prompts/venues.prompty", expected: false, note: "surnames and places with bad substrings",
    text: prompty("Plan a tasting of Cockburn's port at the Hancock Park venue, then a walk along the Essex coast.") },
  { id: "tox-neg-literature-01", path: "prompts/lit.prompt", expected: false, note: "studying insults as a topic",
    text: dotprompt("Analyse Shakespeare's use of insults in King Lear for a literature class, quoting short lines as evidence.") },
  { id: "tox-neg-eulogy-01", path: "prompts/eulogy.prompt.yml", expected: false, note: "death and life as a respectful topic",
    text: ghModels("Help the family write a eulogy that celebrates the life of someone who died last week.", "{{memories}}") },
  { id: "tox-neg-bullying-01", path: "prompts/school.md", expected: false, note: "support for someone being bullied",
    text: "# System\nIf a student says they are being bullied or harassed, help them find a trusted adult and stay calm.\n" },
  { id: "tox-neg-novel-01", path: "prompts/books.prompt", expected: false, note: "book title with 'kill'",
    text: dotprompt("Summarise the novel To Kill a Mockingbird for a book club and suggest three discussion questions.") },
  { id: "tox-neg-history-02", path: "prompts/genocide.prompt.yml", expected: false, note: "factual history of mass killings",
    text: ghModels("You are a history teacher. Describe the Rwandan genocide and its causes factually, without graphic detail.") },
  { id: "tox-neg-style-01", path: "prompts/tone.prompt.yml", expected: false, note: "tone instructions with 'stupid' negated",
    text: ghModels("Be patient and encouraging. Never make a student feel stupid for asking a question.") },
];
