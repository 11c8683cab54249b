/**
 * Strings that a template engine or a model's chat format turns into a message
 * boundary. Written into a template (or into data that is substituted into
 * one) they forge a new system or assistant turn.
 */
import type { RawFinding, Severity } from "../../finding.js";
import type { FileRuleInput, Rule } from "../../rule.js";
import type { PromptTemplate } from "../../../templates/model.js";
import { clip } from "../../mask.js";

interface Marker {
  name: string;
  re: RegExp;
  /** Dotprompt's own markers are never legitimate in source; chat-format tokens can be, in a raw completion template. */
  alwaysHigh: boolean;
}

const MARKERS: Marker[] = [
  { name: "Dotprompt's internal role/history/media marker", re: /<<<dotprompt:[^>\n]{0,80}>>>/gi, alwaysHigh: true },
  { name: "ChatML turn marker", re: /<\|im_(?:start|end|sep)\|>(?:[ \t]*(?:system|user|assistant|developer|tool)\b)?/gi, alwaysHigh: false },
  { name: "Llama 3 header token", re: /<\|(?:begin_of_text|start_header_id|end_header_id|eot_id|eom_id|python_tag)\|>/gi, alwaysHigh: false },
  { name: "chat-template role token", re: /<\|(?:system|user|assistant|end|endoftext|prompter|tool)\|>/gi, alwaysHigh: false },
  { name: "Llama 2 instruction marker", re: /\[\/?INST\]|<<\/?SYS>>/gi, alwaysHigh: false },
  { name: "Gemma turn marker", re: /<(?:start|end)_of_turn>(?:[ \t]*(?:user|model|system)\b)?/gi, alwaysHigh: false },
];
const CHEAP = /<\||<<|\[\/?inst\]|_of_turn>/i;

const ROLE_LINE = /^[ \t]*(system|user|assistant|developer|tool|function)[ \t]*:/im;
const MAX_FINDINGS = 50;
const ID = "prompt-injection.role-marker";

function finding(input: FileRuleInput, severity: Severity, line: number, column: number, message: string, evidence: string): RawFinding {
  return {
    rule: ID, category: "prompt-injection", severity, file: input.change.path, line, column, message, evidence: clip(evidence),
    remediation: "Remove the marker; use the template format's own role syntax, and keep data that may contain markers inside delimiters the engine does not parse.",
  };
}

/** Prompty renders the template and then splits on role lines, so a role line inside a sample or default becomes a message. */
function promptyDataRoleLines(input: FileRuleInput, t: PromptTemplate, added: Set<number>): RawFinding[] {
  const out: RawFinding[] = [];
  const visit = (value: unknown, path: string) => {
    if (typeof value === "string") {
      const m = ROLE_LINE.exec(value);
      if (!m) return;
      const line = locate(t, path, m[0].trim());
      if (!added.has(line)) return;
      out.push(finding(input, "high", line, 1,
        `A \`${m[1]!.toLowerCase()}:\` line inside Prompty data (${path}) becomes a new ${m[1]!.toLowerCase()} message when the template is rendered.`,
        value.slice(m.index, m.index + 80)));
    } else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) visit(v, `${path}/${k}`);
    }
  };
  visit(t.metadata.sample, "/sample");
  visit(t.metadata.inputs, "/inputs");
  return out;
}

/** The line of the role marker inside the metadata value at `path`, searching from the key's line. */
function locate(t: PromptTemplate, path: string, marker: string): number {
  const from = t.metadataLines[path] ?? 1;
  const lines = t.source.slice(0, 1 << 20).split("\n", from + 200);
  for (let i = from - 1; i < lines.length && i < from + 200; i++) if (lines[i]!.includes(marker)) return i + 1;
  return from;
}

/**
 * In a Prompty body, a role line while an XML-style data block or a code fence
 * is open: the author meant it as data, Prompty reads it as a new message.
 */
function promptyRoleLinesInData(input: FileRuleInput, t: PromptTemplate, added: Set<number>): RawFinding[] {
  const out: RawFinding[] = [];
  const lines = t.source.split("\n");
  let body = 0;
  if (lines[0]?.trim() === "---") {
    for (let i = 1; i < lines.length; i++) if (lines[i]!.trim() === "---") { body = i + 1; break; }
  }
  // Tag events per name; a tag is open at line i when its last event before i opens it and a close follows.
  const events = new Map<string, { line: number; open: boolean }[]>();
  const fenced = new Set<number>();
  let fence = false;
  for (let i = body; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^\s*(```|~~~)/.test(l)) { fence = !fence; continue; }
    if (fence) { fenced.add(i); continue; }
    for (const m of l.matchAll(/<(\/?)([A-Za-z][\w.-]{0,40})(?:\s[^<>]{0,200})?>/g)) {
      if (m[0].endsWith("/>")) continue;
      const list = events.get(m[2]!.toLowerCase()) ?? [];
      list.push({ line: i, open: !m[1] });
      events.set(m[2]!.toLowerCase(), list);
    }
  }
  const openTagAt = (i: number): string | undefined => {
    for (const [name, list] of events) {
      let last: { line: number; open: boolean } | undefined;
      for (const e of list) if (e.line < i) last = e;
      if (last?.open && list.some((e) => e.line > i && !e.open)) return name;
    }
    return undefined;
  };
  for (let i = body; i < lines.length; i++) {
    if (!added.has(i + 1)) continue;
    const role = /^\s*(system|user|assistant)\s*:\s*$/i.exec(lines[i]!);
    if (!role) continue;
    const tag = fenced.has(i) ? undefined : openTagAt(i);
    if (!fenced.has(i) && !tag) continue;
    out.push(finding(input, "high", i + 1, 1,
      `This \`${role[1]!.toLowerCase()}:\` line sits inside ${tag ? `<${tag}>` : "a code block"}, which reads as data, but Prompty starts a new ${role[1]!.toLowerCase()} message here.`,
      lines[i]!.trim()));
  }
  return out;
}

export const promptInjectionRoleMarkerRule: Rule = {
  id: ID,
  category: "prompt-injection",
  description: "Role-marker strings a template engine or chat format turns into new messages (Dotprompt <<<dotprompt:…>>>, ChatML, Llama, Prompty role lines inside data).",
  checkFile(input: FileRuleInput): RawFinding[] {
    const out: RawFinding[] = [];
    const t = input.change.new?.template;
    const structured = t !== undefined && t.format !== "text";
    const allow = (input.settings.allowlist ?? []).map((a) => a.toLowerCase().trim());
    for (const { line, text } of input.added) {
      if (out.length >= MAX_FINDINGS) break;
      if (!CHEAP.test(text)) continue;
      for (const m of MARKERS) {
        m.re.lastIndex = 0;
        for (let hit = m.re.exec(text); hit && out.length < MAX_FINDINGS; hit = m.re.exec(text)) {
          if (allow.some((a) => hit![0].toLowerCase().startsWith(a))) continue;
          const severity: Severity = m.alwaysHigh || structured ? "high" : "medium";
          out.push(finding(input, severity, line, hit.index + 1,
            m.alwaysHigh
              ? `A literal ${m.name}: Dotprompt splits rendered text on these, so this forges a message boundary.`
              : `A literal ${m.name}: a model or chat template can read it as the start of a new turn, so text after it may act as a system or assistant message.`,
            hit[0]));
        }
      }
    }
    if (t?.format === "prompty") {
      const added = new Set(input.added.map((l) => l.line));
      out.push(...promptyDataRoleLines(input, t, added), ...promptyRoleLinesInData(input, t, added));
    }
    return out.slice(0, MAX_FINDINGS);
  },
};
