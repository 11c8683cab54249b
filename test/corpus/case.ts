/**
 * One labeled example for `npm run eval` and the quality floor test.
 * Secrets are assembled at run time from parts (see `joinParts`) so that no
 * real-looking secret sits in the repository for scanners to trip on.
 */
export interface CorpusCase {
  /** Unique within its file, e.g. `pii-email-01`. */
  id: string;
  /** The template text as it is at head (whole file; every line counts as added). */
  text: string;
  /** Whether a finding of THIS file's category is expected. */
  expected: boolean;
  /** File name to give the template (decides its format), default `prompts/case.md`. */
  path?: string;
  /** For change-based rules (guardrail-removal): the text at base; the file is then `modified`. */
  old?: string;
  /** Why this case is here (e.g. "Scunthorpe: innocent word containing a bad substring"). */
  note?: string;
}

export const joinParts = (...parts: string[]): string => parts.join("");
