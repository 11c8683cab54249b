import { spawn } from "node:child_process";

export class GitCommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderr: string,
    readonly stdout: Buffer,
  ) {
    super(message);
  }
}

/**
 * The emulator's git must not read the user's or the machine's configuration:
 * a global `commit.gpgsign` or a hook path there would change SHAs or fail.
 */
const ISOLATED_ENV: NodeJS.ProcessEnv = {
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_TERMINAL_PROMPT: "0",
  LC_ALL: "C",
};

export interface GitRunOptions {
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  /** Exit codes that resolve instead of rejecting (e.g. 1 for `merge-base --is-ancestor`). */
  okCodes?: number[];
}

export interface GitRunResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs `git --git-dir=<gitDir> …args` without a shell. */
export function runGit(gitDir: string, args: string[], options: GitRunOptions = {}): Promise<GitRunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["--git-dir", gitDir, ...args], {
      env: { ...process.env, ...ISOLATED_ENV, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", (e) => reject(new GitCommandError(`cannot run git: ${e.message}`, null, "", Buffer.alloc(0))));
    child.on("close", (code) => {
      const stdout = Buffer.concat(out);
      const stderr = Buffer.concat(err).toString("utf8");
      if (code === 0 || (code !== null && options.okCodes?.includes(code))) resolve({ code: code ?? 0, stdout, stderr });
      else reject(new GitCommandError(`git ${args[0]} failed (${code}): ${stderr.trim().split("\n")[0] ?? ""}`, code, stderr, stdout));
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input ?? "");
  });
}

export async function gitText(gitDir: string, args: string[], options: GitRunOptions = {}): Promise<string> {
  return (await runGit(gitDir, args, options)).stdout.toString("utf8");
}
