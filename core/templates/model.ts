/**
 * The one model every template format parses into (DESIGN §3). Every piece
 * carries its 1-based source line so findings point at the right place.
 */
export type TemplateFormat = "github-models" | "prompty" | "dotprompt" | "markdown" | "text";

export interface TemplateMessage {
  role: string;
  /** The message text as the model sees it before variable substitution. */
  text: string;
  /**
   * 1-based file line of the first line of `text`. Line `i` (0-based) of `text`
   * is at file line `startLine + i` for block text; for a single-line value it is `startLine`.
   */
  startLine: number;
}

export interface TemplateVariable {
  name: string;
  line: number;
  column: number;
  /** Index into `messages` when the variable occurs inside a message. */
  message?: number;
}

export interface ModelRef {
  /** e.g. `openai`, `azure_openai`, `anthropic`, `googleai`. */
  provider?: string;
  /** e.g. `gpt-4o-mini`, `openai/gpt-4.1`. */
  name?: string;
}

export interface PromptTemplate {
  path: string;
  format: TemplateFormat;
  /** Front matter / top-level keys other than the messages, as parsed. */
  metadata: Record<string, unknown>;
  /** Line of each metadata key path (`/model`, `/modelParameters/temperature`, `/governance/owners`). */
  metadataLines: Record<string, number>;
  model?: ModelRef;
  /** Generation parameters normalised to common names where possible: temperature, max_tokens, top_p, tools, response_format. */
  parameters: Record<string, unknown>;
  messages: TemplateMessage[];
  variables: TemplateVariable[];
  /** Declared input schema (Prompty `inputs`, Dotprompt `input.schema`), if any: variable name → type/shape as written. */
  inputs?: Record<string, unknown>;
  /** The raw source text. */
  source: string;
}

/** Helper for rules: the file line of character offset `offset` within message `m`. */
export function messageLine(m: TemplateMessage, offset: number): number {
  let line = m.startLine;
  for (let i = 0; i < offset && i < m.text.length; i++) if (m.text.charCodeAt(i) === 10) line++;
  return line;
}
