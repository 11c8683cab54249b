/**
 * Message roles and the cutting of a template body into messages. Body
 * formats (Prompty, Dotprompt, Markdown) find role markers; this module turns
 * the text between markers into messages whose `startLine` is the file line of
 * their first character, so `messageLine` maps text offsets back to the file.
 */
import type { LineIndex } from "./line-index.js";
import type { TemplateMessage } from "./model.js";
import type { Span } from "./variables/hits.js";

/** The roles a chat API accepts; anything else is a structural error. */
export const MESSAGE_ROLES: ReadonlySet<string> = new Set(["system", "user", "assistant", "developer", "tool"]);

/** A role and the file range [start, end) of its text, before trimming. */
export interface RoleSegment {
  role: string;
  start: number;
  end: number;
}

const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 13 || c === 10 || c === 12 || c === 11;

/**
 * Drops whole blank lines at the start (the first kept line keeps its
 * indentation, so columns stay true) and trailing whitespace.
 */
export function trimSpan(text: string, start: number, end: number): Span {
  let s = start;
  for (;;) {
    let k = s;
    while (k < end && isBlank(text.charCodeAt(k)) && text.charCodeAt(k) !== 10) k++;
    if (k < end && text.charCodeAt(k) === 10) s = k + 1;
    else {
      if (k >= end) s = end;
      break;
    }
  }
  let e = end;
  while (e > s && isBlank(text.charCodeAt(e - 1))) e--;
  return { start: s, end: e };
}

/**
 * Messages from segments in file order. Segments with no text are dropped
 * (as Prompty does), so a marker followed by nothing adds no empty message.
 */
export function segmentsToMessages(lines: LineIndex, segments: readonly RoleSegment[]): { messages: TemplateMessage[]; spans: Span[] } {
  const messages: TemplateMessage[] = [];
  const spans: Span[] = [];
  for (const seg of segments) {
    const span = trimSpan(lines.text, seg.start, seg.end);
    if (span.end <= span.start) continue;
    messages.push({ role: seg.role, text: lines.text.slice(span.start, span.end), startLine: lines.line(span.start) });
    spans.push(span);
  }
  return { messages, spans };
}
