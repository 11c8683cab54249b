/**
 * User-supplied regular expressions (`rationale_pattern`, rule `patterns`)
 * are compiled with the `u` flag everywhere they run, so they are validated
 * the same way.
 */
export function regexProblem(source: string): string | undefined {
  try {
    new RegExp(source, "u");
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
