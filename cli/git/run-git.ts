import { spawn } from "node:child_process";

/** A git command that exited non-zero (or could not start): the arguments, the exit code and git's own words. */
export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args[0] ?? ""} failed (${code ?? "signal"}): ${stderr.trim().split("\n")[0] ?? ""}`);
  }
}

export interface RunOptions {
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
}

// Outside the executor on purpose: a closure made there would keep the resolved output alive with it.
const ignoreError = (): void => undefined;

/** Run git in `cwd` (never through a shell), feeding `input` to stdin; resolves with stdout as a Buffer. */
export function git(cwd: string, args: readonly string[], opts: RunOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", [...args], { cwd, env: { ...process.env, ...opts.env, GIT_TERMINAL_PROMPT: "0" }, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const errs: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => errs.push(d));
    child.on("error", (e) => reject(new GitError(args, null, `cannot run git: ${e.message}`)));
    child.on("close", (code) => {
      // The chunks are dropped here, not when the child process object is collected: a large
      // diff or blob batch would otherwise stay in memory through the assessment that follows.
      const stdout = Buffer.concat(out);
      out.length = 0;
      // libuv lets go of an exited child only later; until then these listeners, all made in this executor,
      // would keep this promise and so the whole output reachable after the caller is done with it.
      child.removeAllListeners();
      child.on("error", ignoreError);
      child.stdout.removeAllListeners("data");
      child.stderr.removeAllListeners("data");
      if (code === 0) resolve(stdout);
      else reject(new GitError(args, code, Buffer.concat(errs).toString("utf8")));
    });
    child.stdin.on("error", ignoreError); // git may exit before reading all input; the exit code tells
    child.stdin.end(opts.input ?? "");
  });
}

export async function gitText(cwd: string, args: readonly string[], input?: string): Promise<string> {
  return (await git(cwd, args, input === undefined ? {} : { input })).toString("utf8");
}
