/**
 * Errors as values: every problem PromptOps reports about its input carries a
 * stable code and the place it was found, so adapters can render it as a
 * failing check / annotation instead of crashing.
 */
export interface Problem {
  /** Stable machine-readable code, e.g. `policy.unknown-key`, `template.parse`. */
  code: string;
  message: string;
  /** Repository-relative path with `/` separators, when the problem is in a file. */
  file?: string;
  /** 1-based line, when known. */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
  /** JSON-pointer-like key path inside a structured file, e.g. `/tiers/high/approvals`. */
  path?: string;
}

export type Result<T, E = Problem> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

/** `file:line:col: message` — the one-line form used by the CLI and logs. */
export function formatProblem(p: Problem): string {
  const where = p.file ? `${p.file}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ""}` : ""}: ` : "";
  const path = p.path ? ` (at ${p.path})` : "";
  return `${where}${p.message}${path} [${p.code}]`;
}
