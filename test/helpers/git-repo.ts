/**
 * Temporary git repositories for tests: a fresh machine has no git identity,
 * so every commit sets its own, and nothing touches the developer's repo.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export const GIT_ENV = {
  GIT_AUTHOR_NAME: "Test Author", GIT_AUTHOR_EMAIL: "author@example.com",
  GIT_COMMITTER_NAME: "Test Committer", GIT_COMMITTER_EMAIL: "committer@example.com",
  GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null",
};

export function git(dir: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd: dir, env: { ...process.env, ...GIT_ENV }, stdio: ["ignore", "pipe", "pipe"] }).toString().trim();
}

export type Files = Record<string, string | Buffer>;

export function writeFiles(dir: string, files: Files): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** A repository whose `main` branch holds `files` in one commit. */
export function repoWithFiles(files: Files): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "promptops-test-"));
  git(dir, "init", "-q", "-b", "main");
  writeFiles(dir, files);
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "--allow-empty", "-m", "base");
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface BranchChange {
  write?: Files;
  remove?: string[];
  rename?: [from: string, to: string][];
  message?: string;
}

/** Create `branch` from the current HEAD and commit `change` on it; returns the new commit SHA. */
export function commitOnBranch(dir: string, branch: string, change: BranchChange): string {
  git(dir, "checkout", "-q", "-B", branch);
  for (const [from, to] of change.rename ?? []) {
    mkdirSync(dirname(join(dir, to)), { recursive: true });
    renameSync(join(dir, from), join(dir, to));
  }
  for (const p of change.remove ?? []) rmSync(join(dir, p));
  writeFiles(dir, change.write ?? {});
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "--allow-empty", "-m", change.message ?? "change");
  return git(dir, "rev-parse", "HEAD");
}
