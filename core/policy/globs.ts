/**
 * Path globs as the policy uses them (`templates`, `ignore`, `owners`,
 * `governance`, `memory_schemas`): picomatch syntax over repository-relative
 * paths with `/` separators. Validation and matching live together so a glob
 * the schema accepts is exactly a glob the engine can match.
 */
import picomatch from "picomatch";

/** Why `glob` is not usable as a policy glob, or undefined when it is. */
export function globProblem(glob: string): string | undefined {
  if (glob.trim() === "") return "a glob must not be empty";
  const body = glob.startsWith("!") ? glob.slice(1) : glob;
  if (body.startsWith("/") || /^[A-Za-z]:[\\/]/.test(body)) return "globs are relative to the repository root, not absolute paths";
  if (body.split("/").includes("..")) return "globs must not climb out of the repository with `..`";
  try {
    // strictBrackets makes picomatch reject unbalanced [ { ( instead of matching them literally,
    // which would silently make a typo match nothing.
    picomatch.makeRe(glob, { strictBrackets: true });
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
}

const matchers = new Map<string, picomatch.Matcher>();

/** Whether repository path `path` matches `glob` (dotfiles included: `.github/prompts/x.prompt` is a template too). */
export function globMatches(glob: string, path: string): boolean {
  let m = matchers.get(glob);
  if (!m) {
    m = picomatch(glob, { dot: true });
    matchers.set(glob, m);
  }
  return m(path);
}
