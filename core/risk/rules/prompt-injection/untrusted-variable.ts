import type { RawFinding } from "../../finding.js";
import type { FileRuleInput, Rule } from "../../rule.js";
import { messageLine, type TemplateMessage, type TemplateVariable } from "../../../templates/model.js";
import { isDelimited } from "./delimiters.js";
import { boundedMemo } from "../../../bounded-memo.js";

/**
 * Name parts that say a variable carries text someone other than the
 * template's author wrote: the user's message, a retrieved document, a web
 * page, an email. Such text can carry instructions of its own.
 */
const UNTRUSTED = new Set([
  "input", "inputs", "query", "queries", "question", "questions", "message", "messages", "msg", "document", "documents", "doc", "docs", "text", "content", "contents",
  "context", "prompt", "request", "comment", "comments", "email", "emails", "mail", "body", "html", "page", "webpage", "transcript", "conversation", "history", "chat",
  "review", "reviews", "feedback", "ticket", "article", "upload", "uploaded", "web", "search", "results", "snippet", "snippets", "retrieved", "passage", "passages",
  "utterance", "reply", "post", "tweet", "note", "notes", "file", "attachment", "excerpt", "excerpts", "source", "sources", "chunk", "chunks", "complaint", "answer",
]);
const EXACT = new Set(["user", "q", "ask", "says", "said"]);
const INSTRUCTION_ROLES = new Set(["system", "developer"]);

// Names repeat across the templates of a change (and across the messages of each): each is judged once.
export const isUntrustedName: (name: string) => boolean = boundedMemo(judgeName, 4096);

function judgeName(name: string): boolean {
  const base = name.split(/[.[]/).pop() ?? name;
  const parts = base.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  if (parts.length === 1 && EXACT.has(parts[0]!)) return true;
  return parts.some((p) => UNTRUSTED.has(p));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every place `name` is substituted in `text`: {{name}}, {{{name}}}, {{ name | filter }}, {name}, ${name}. */
function occurrences(text: string, name: string): { start: number; end: number }[] {
  const re = new RegExp(`\\{\\{\\{?-?\\s*${escape(name)}\\s*(?:\\|[^{}\\n]{0,80})?-?\\}\\}\\}?|\\$?\\{\\s*${escape(name)}\\s*\\}`, "g");
  const out: { start: number; end: number }[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

/**
 * A variable that carries untrusted text, substituted into a system (or
 * developer) message with nothing marking where the data starts and ends:
 * whatever that text says reads as the template's own instructions.
 */
export const promptInjectionUntrustedVariableRule: Rule = {
  id: "prompt-injection.untrusted-variable",
  category: "prompt-injection",
  description: "Untrusted variables ({{user_input}}, {{document}}…) placed in a system message without delimiters.",
  checkFile(input: FileRuleInput): RawFinding[] {
    const t = input.change.new?.template;
    if (!t) return [];
    if (!t.messages.some((m) => INSTRUCTION_ROLES.has(m.role.toLowerCase()))) return [];
    let addedSet: Set<number> | undefined;
    const added = { has: (l: number) => (addedSet ??= new Set(input.added.map((v) => v.line))).has(l) };
    const allow = new Set((input.settings.allowlist ?? []).map((a) => a.toLowerCase()));
    const out: RawFinding[] = [];
    const seen = new Set<string>();
    const byMessage = new Map<number, TemplateVariable[]>();
    for (const v of t.variables) {
      if (v.message === undefined) continue;
      const list = byMessage.get(v.message);
      if (list) list.push(v);
      else byMessage.set(v.message, [v]);
    }
    let sourceLines: string[] | undefined;
    // The parser lists the variables it can place; a name it skipped (e.g. one a Prompty file never declares) still reaches the model.
    t.messages.forEach((m, index) => {
      if (!INSTRUCTION_ROLES.has(m.role.toLowerCase())) return;
      const listed = byMessage.get(index) ?? [];
      for (const found of m.text.matchAll(/\{\{\{?-?\s*([A-Za-z_][\w]*)(?=\s*(?:\||-?\}\}))/g)) {
        const name = found[1]!;
        if (listed.some((v) => v.name === name)) continue;
        const line = messageLine(m, found.index);
        const source = (sourceLines ??= t.source.split("\n"))[line - 1] ?? "";
        const col = source.indexOf(found[0]);
        listed.push({ name, line, column: col >= 0 ? col + 1 : 1, message: index });
      }
      if (listed.length) byMessage.set(index, listed);
    });
    for (const [index, vars] of byMessage) {
      const m: TemplateMessage | undefined = t.messages[index];
      if (!m || !INSTRUCTION_ROLES.has(m.role.toLowerCase())) continue;
      for (const v of vars) {
        const key = `${index}\0${v.name}`;
        if (seen.has(key) || !isUntrustedName(v.name) || allow.has(v.name.toLowerCase())) continue;
        seen.add(key);
        const spots = occurrences(m.text, v.name);
        // Where the text is not found (an unusual syntax), assume the worst: the variable is in the instructions.
        const bare = spots.length === 0 || spots.some((s) => !isDelimited(m.text, s.start, s.end));
        if (!bare) continue;
        // Report it when the change touches the message: adding the variable, or removing the delimiters around it.
        let last = m.startLine;
        for (let nl = m.text.indexOf("\n"); nl >= 0; nl = m.text.indexOf("\n", nl + 1)) last++;
        let touched = false;
        for (let l = m.startLine; l <= last && !touched; l++) touched = added.has(l);
        if (!touched) continue;
        const at = vars.find((x) => x.name === v.name && added.has(x.line)) ?? v;
        out.push({
          rule: "prompt-injection.untrusted-variable",
          category: "prompt-injection",
          severity: "medium",
          file: input.change.path,
          line: at.line,
          column: at.column,
          message: `\`{{${v.name}}}\` looks like text from users or documents, and it is placed in the ${m.role} message without delimiters: instructions inside it read as the template's own.`,
          remediation: `Move it to a user message, or wrap it in delimiters (e.g. <${v.name}>{{${v.name}}}</${v.name}>) and tell the model to treat what is inside as data.`,
          evidence: `{{${v.name}}} in ${m.role} message`,
        });
      }
    }
    return out;
  },
};
