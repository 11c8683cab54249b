/**
 * Which repository paths are templates: those matching one of the policy's
 * `templates` globs and none of its `ignore` globs (picomatch, dotfiles
 * included). Dotprompt partials (`_name.prompt`) are templates like any other
 * `.prompt` file. Repository bookkeeping files that a folder glob such as
 * `prompts/**` sweeps in (`.gitkeep`, `.gitignore`…) are not templates: they
 * would otherwise be reported as empty, unparseable templates.
 */
import picomatch from "picomatch";

export interface TemplateGlobs {
  templates: string[];
  ignore: string[];
}

const NOT_TEMPLATES = new Set([".gitkeep", ".keep", ".gitignore", ".gitattributes", ".ds_store"]);

type Matcher = (path: string) => boolean;
const NEVER: Matcher = () => false;

function compile(globs: readonly string[]): Matcher {
  const matchers: Matcher[] = [];
  for (const g of globs) {
    try {
      matchers.push(picomatch(g, { dot: true }));
    } catch {
      // An invalid glob matches nothing here; the policy validator reports it with its line.
    }
  }
  return matchers.length === 0 ? NEVER : (p) => matchers.some((m) => m(p));
}

interface Compiled {
  key: string;
  test: Matcher;
}
const cache = new WeakMap<TemplateGlobs, Compiled>();

function matcherFor(policy: TemplateGlobs): Matcher {
  const key = `${policy.templates.join("\0")}\u0001${policy.ignore.join("\0")}`;
  const hit = cache.get(policy);
  if (hit && hit.key === key) return hit.test;
  const include = compile(policy.templates);
  const exclude = compile(policy.ignore);
  const test: Matcher = (p) => include(p) && !exclude(p);
  cache.set(policy, { key, test });
  return test;
}

/** Repository-relative with `/` separators, no leading `./` or `/`. */
export function normalizeRepoPath(path: string): string {
  let p = path.replace(/\\/g, "/");
  while (p.startsWith("./")) p = p.slice(2);
  return p.replace(/^\/+/, "");
}

export function isTemplatePath(path: string, policy: TemplateGlobs): boolean {
  const p = normalizeRepoPath(path);
  if (!p || p.endsWith("/")) return false;
  if (NOT_TEMPLATES.has(p.slice(p.lastIndexOf("/") + 1).toLowerCase())) return false;
  return matcherFor(policy)(p);
}

/** The template paths among `paths`, in their order. */
export function templatePaths(paths: readonly string[], policy: TemplateGlobs): string[] {
  return paths.filter((p) => isTemplatePath(p, policy));
}
