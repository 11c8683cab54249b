import type { RawFinding, Severity } from "../../finding.js";
import type { FileRuleInput, LineView, Rule } from "../../rule.js";
import { clip } from "../../mask.js";
import { isGuardedMention } from "../guardrail-removal/mention-frame.js";
import { sentenceAround } from "../guardrail-removal/sentences.js";
import { headLines } from "../toxicity/added-text.js";
import { customPatternRule } from "../custom-patterns.js";
import { hostAllowed } from "./allowlist.js";
import { imageReferenceLabels, urlsInLine, type UrlHit } from "./urls.js";

interface LineUrls {
  view: LineView;
  hits: UrlHit[];
}

const scans = new WeakMap<readonly LineView[], LineUrls[]>();
/** URLs on the added lines, found once per change (a cheap `//` test skips every other line). */
function scan(added: readonly LineView[]): LineUrls[] {
  let s = scans.get(added);
  if (!s) {
    s = [];
    for (const view of added) {
      const hits = urlsInLine(view.text);
      if (hits.length) s.push({ view, hits });
    }
    scans.set(added, s);
  }
  return s;
}

/** Hosts whose whole purpose is to receive requests: a chat webhook, an automation hook, a request catcher. */
const WEBHOOK_HOST = /(?:^|\.)(?:hooks\.slack\.com|discord(?:app)?\.com|webhook\.office\.com|outlook\.office(?:365)?\.com|hooks\.zapier\.com|maker\.ifttt\.com|webhook\.site|pipedream\.net|requestcatcher\.com|beeceptor\.com|requestbin\.(?:com|net)|ngrok(?:-free)?\.(?:io|app|dev)|burpcollaborator\.net|oast\.(?:pro|live|site|online|fun|me)|interact\.sh|hookdeck\.com)$/;
const WEBHOOK_PATH = /discord(?:app)?\.com\/api\/webhooks|outlook\.office(?:365)?\.com\/webhook/i;

const SEND = /\b(?:send|sends|sending|post|posts|posting|forward|forwards|forwarding|upload|uploads|uploading|submit|submits|submitting|transmit|transmits|exfiltrate|relay|relays|sync|beacon|ping|leak|leaks|report|reports|log|logs|copy|append|appending|include|including|embed|embedding|attach|fetch|call|request|visit|load|open|curl|wget|http (?:get|post)|(?:get|post) request)\b/;
const DATA = /\b(?:conversations?|chats?|chat history|history|transcripts?|messages|everything|all (?:the )?(?:data|information|details|text|content|messages)|users?(?:'s|’s|s')? (?:data|details|information|info|messages?|inputs?|emails?|credentials|passwords?|tokens?|names?|address(?:es)?|phone(?: numbers?)?|locations?|questions?|quer(?:y|ies)|files?|answers?|account)|personal (?:data|information|details|info)|credentials|passwords?|api keys?|access tokens?|tokens?|secrets?|system prompt|instructions|context|session|cookies?|the above|previous (?:messages|answers|turns)|summary|summaries|pii|email address(?:es)?|phone numbers?|documents?|the (?:answer|response|output)s?)\b/;

/** The URL is a destination: "… to https://", "… in https://", or a call/fetch verb right before it with data after. */
const TOWARDS = /\b(?:to|at|into|onto|in|via|using|with)\s*[:\-]?\s*["'`(<]?$/;
const CALLS = /\b(?:call|fetch|request|visit|load|open|curl|wget|post|get|ping)\s*["'`(<]?$/;

/** Whether a sentence tells the model to send data to the URL at [start, end) of it. */
function sendsDataTo(sentence: string, start: number, end: number): boolean {
  const before = sentence.slice(Math.max(0, start - 200), start);
  const after = sentence.slice(end, end + 200);
  if (TOWARDS.test(before)) return SEND.test(before) && DATA.test(before + " " + after);
  if (CALLS.test(before)) return DATA.test(after);
  return false;
}

type Kind = "markdown-image" | "link" | "tool-url" | "url" | "send-instruction";

interface Classified {
  kind: Kind;
  severity: Severity;
  view: LineView;
  hit: UrlHit;
}

// Keyed by the added lines, which the engine builds once per change and drops after its rules ran: keyed by
// the change, the classifications (and the line texts they hold) would live as long as the check result.
const memo = new WeakMap<readonly LineView[], { change: FileRuleInput["change"]; classified: Classified[] }>();

function classify(input: FileRuleInput): Classified[] {
  const cached = memo.get(input.added);
  if (cached?.change === input.change) return cached.classified;
  const out: Classified[] = [];
  const lines = scan(input.added);
  let imageLabels: Set<string> | undefined;
  let head: string[] | undefined;
  for (const { view, hits } of lines) {
    for (const hit of hits) {
      const hasVars = hit.variables.length > 0;
      const webhook = WEBHOOK_HOST.test(hit.host) || WEBHOOK_PATH.test(hit.url);
      // A webhook or endpoint fed with variables is reported as such, whatever the sentence around it says.
      if (hasVars && (hit.place === "field" || webhook)) { out.push({ kind: "tool-url", severity: "high", view, hit }); continue; }
      if (hit.place === "bare" || hit.place === "field") {
        const lower = view.text.toLowerCase();
        const s = sentenceAround(lower, hit.start);
        const sentence = lower.slice(s.start, s.end);
        if (sendsDataTo(sentence, hit.start - s.start, hit.end - s.start)) {
          head ??= headLines(input.change, input.added);
          if (!isGuardedMention(head, view.line - 1, hit.start, hit.end)) {
            out.push({ kind: "send-instruction", severity: "high", view, hit });
            continue;
          }
        }
      }
      if (!hasVars) continue;
      switch (hit.place) {
        case "markdown-image":
        case "html-load":
          out.push({ kind: "markdown-image", severity: "high", view, hit });
          break;
        case "reference": {
          imageLabels ??= imageReferenceLabels((input.change.new?.text ?? "").slice(0, 1 << 20));
          const image = imageLabels.has(hit.label ?? "");
          out.push({ kind: image ? "markdown-image" : "link", severity: image ? "high" : "medium", view, hit });
          break;
        }
        case "markdown-link":
        case "html-link":
          out.push({ kind: "link", severity: "medium", view, hit });
          break;
        default: {
          head ??= headLines(input.change, input.added);
          if (!isGuardedMention(head, view.line - 1, hit.start, hit.end)) out.push({ kind: "url", severity: "medium", view, hit });
        }
      }
    }
  }
  memo.set(input.added, { change: input.change, classified: out });
  return out;
}

/** Shows where the data goes and which variables ride along, never the rest of the path (a webhook path is a secret). */
function evidence(hit: UrlHit): string {
  const vars = hit.variables.length ? ` carrying ${hit.variables.slice(0, 3).join(", ")}${hit.variables.length > 3 ? "…" : ""}` : "";
  return clip(`${hit.scheme ? `${hit.scheme}://` : "//"}${hit.host}/…${vars}`, 120);
}

interface Spec {
  kind: Kind;
  description: string;
  message: (c: Classified) => string;
  remediation: string;
}

const WHERE: Record<UrlHit["place"], string> = {
  "markdown-image": "a Markdown image",
  "html-load": "an HTML element that loads its URL",
  "markdown-link": "a Markdown link",
  "html-link": "an HTML link",
  reference: "a Markdown reference definition",
  field: "a URL field",
  bare: "a URL",
};

const SPECS: Spec[] = [
  {
    kind: "markdown-image",
    description: "Markdown/HTML images whose URL carries template variables to a host outside the allowlist.",
    message: (c) => `${WHERE[c.hit.place]} points at ${c.hit.host}, outside the allowlist, with ${c.hit.variables.join(", ")} in its URL: rendering it sends that data to the host with no click.`,
    remediation: "Remove the variable from the URL, or add the host to `rules.exfiltration.allowlist` if it is yours.",
  },
  {
    kind: "link",
    description: "Markdown/HTML links (inline or reference-style) whose URL carries template variables to a host outside the allowlist.",
    message: (c) => `${WHERE[c.hit.place]} points at ${c.hit.host}, outside the allowlist, with ${c.hit.variables.join(", ")} in its URL: a click or a link preview sends that data to the host.`,
    remediation: "Remove the variable from the URL, or add the host to `rules.exfiltration.allowlist` if it is yours.",
  },
  {
    kind: "tool-url",
    description: "Tool, webhook or endpoint URLs fed with template variables, and chat/webhook hosts receiving variables.",
    message: (c) => `A ${c.hit.place === "field" ? `\`${c.hit.label}\` endpoint` : "webhook"} at ${c.hit.host}, outside the allowlist, is fed with ${c.hit.variables.join(", ")}: calling it hands that data to the host.`,
    remediation: "Point tools and webhooks only at hosts you control and list them in `rules.exfiltration.allowlist`; keep user data out of URLs.",
  },
  {
    kind: "url",
    description: "URLs in prompt text that carry template variables to a host outside the allowlist.",
    message: (c) => `A URL to ${c.hit.host}, outside the allowlist, carries ${c.hit.variables.join(", ")}: if the model renders or fetches it, that data leaves.`,
    remediation: "Remove the variable from the URL, or add the host to `rules.exfiltration.allowlist` if it is yours.",
  },
  {
    kind: "send-instruction",
    description: "Instructions to send conversation or user data to an external URL.",
    message: (c) => `The template tells the model to send data to ${c.hit.host}, a host outside the allowlist.`,
    remediation: "Remove the instruction; data should leave only through tools you control, listed in `rules.exfiltration.allowlist`.",
  },
];

const MAX_FINDINGS = 50;

function makeRule(spec: Spec): Rule {
  const id = `exfiltration.${spec.kind}`;
  const rule: Rule = {
    id,
    category: "exfiltration",
    description: spec.description,
    checkFile(input: FileRuleInput): RawFinding[] {
      const out: RawFinding[] = [];
      for (const c of classify(input)) {
        if (out.length >= MAX_FINDINGS) break;
        if (c.kind !== spec.kind || hostAllowed(c.hit.host, input.settings.allowlist)) continue;
        out.push({
          rule: id, category: "exfiltration", severity: c.severity, file: input.change.path, line: c.view.line, column: c.hit.start + 1,
          message: spec.message(c), remediation: spec.remediation, evidence: evidence(c.hit),
        });
      }
      return out;
    },
  };
  return rule;
}

export const [exfiltrationMarkdownImageRule, exfiltrationLinkRule, exfiltrationToolUrlRule, exfiltrationUrlRule, exfiltrationSendInstructionRule] =
  SPECS.map((s) => makeRule(s)) as [Rule, Rule, Rule, Rule, Rule];

/** The policy's own exfiltration patterns (`rules.exfiltration.patterns`), run once, in linear time; allowed hosts stay allowed. */
export const exfiltrationCustomRule: Rule = customPatternRule({
  category: "exfiltration",
  label: "exfiltration",
  what: "a destination this policy treats as exfiltration",
  isAllowlisted: (value, allowlist) => {
    const url = urlsInLine(value)[0];
    return url ? hostAllowed(url.host, allowlist) : false;
  },
  finding: (input, m) => {
    const url = urlsInLine(m.value)[0];
    return {
      rule: m.rule, category: "exfiltration", severity: "high", file: input.change.path, line: m.line, column: m.index + 1, message: m.message,
      remediation: "Remove the matched destination, or adjust the policy pattern if it is a false positive.",
      evidence: url ? evidence(url) : clip(m.value),
    };
  },
});
