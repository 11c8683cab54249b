/**
 * Temporary git repositories for the audit tests, and the hand-made git
 * operations an attacker with push access could perform (commits that bypass
 * PromptOps, forced ref moves). The identity is set here: a fresh machine has none.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { git, readTree, resolveBranch } from "../../cli/audit/local-store.js";

export const GIT_ENV = {
  GIT_AUTHOR_NAME: "Mallory Example",
  GIT_AUTHOR_EMAIL: "mallory@example.com",
  GIT_COMMITTER_NAME: "Mallory Example",
  GIT_COMMITTER_EMAIL: "mallory@example.com",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
};

export async function makeRepo(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "promptops-audit-test-"));
  await git(dir, ["init", "-q", "-b", "main"], { env: GIT_ENV });
  return dir;
}

export const removeRepo = (dir: string) => rm(dir, { recursive: true, force: true });

/** A commit holding exactly `files`, built in a throwaway index. */
export async function commitFiles(repo: string, parents: string[], files: ReadonlyMap<string, string>, message: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "promptops-hand-"));
  try {
    const env = { ...GIT_ENV, GIT_INDEX_FILE: join(dir, "index") };
    await git(repo, ["read-tree", "--empty"], { env });
    const paths = [...files.keys()];
    await Promise.all(paths.map((p, i) => writeFile(join(dir, `b${i}`), files.get(p)!)));
    const shas = (await git(repo, ["hash-object", "-w", "--stdin-paths"], { input: paths.map((_, i) => join(dir, `b${i}`)).join("\n") + "\n", env }))
      .toString()
      .trim()
      .split("\n");
    if (paths.length) await git(repo, ["update-index", "--add", "--index-info"], { input: paths.map((p, i) => `100644 ${shas[i]}\t${p}`).join("\n") + "\n", env });
    const tree = (await git(repo, ["write-tree"], { env })).toString().trim();
    return (await git(repo, ["commit-tree", tree, ...parents.flatMap((p) => ["-p", p]), "-m", message], { env })).toString().trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function setRef(repo: string, branch: string, sha: string): Promise<void> {
  await git(repo, ["update-ref", `refs/heads/${branch}`, sha], { env: GIT_ENV });
}

export async function tipOf(repo: string, branch: string): Promise<string> {
  const sha = await resolveBranch(repo, branch);
  if (!sha) throw new Error(`no branch ${branch}`);
  return sha;
}

/** A commit by hand on top of the branch, as `git commit` + `git push` would make it. */
export async function handCommit(repo: string, branch: string, change: { write?: Record<string, string>; remove?: string[] }, message = "hand edit"): Promise<string> {
  const tip = await tipOf(repo, branch);
  const files = await readTree(repo, tip);
  for (const [p, c] of Object.entries(change.write ?? {})) files.set(p, c);
  for (const p of change.remove ?? []) files.delete(p);
  const sha = await commitFiles(repo, [tip], files, message);
  await setRef(repo, branch, sha);
  return sha;
}

/** Commits of a branch, oldest first. */
export async function commitsOf(repo: string, branch: string): Promise<string[]> {
  return (await git(repo, ["rev-list", "--reverse", await tipOf(repo, branch)])).toString().trim().split("\n");
}
