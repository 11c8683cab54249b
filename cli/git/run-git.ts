import { spawn } from "node:child_process";

export class GitError extends Error {
  constructor(message: string, readonly code: string, readonly stderr: string) {
    super(message);
  }
}

/** Run git with arguments (never through a shell), feeding `input` to stdin; resolves with stdout as a Buffer. */
export function git(cwd: string, args: string[], input?: string | Buffer, env?: NodeJS.ProcessEnv): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd, env: { ...process.env, ...env, GIT_TERMINAL_PROMPT: "0" }, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const errOut: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => errOut.push(d));
    child.on("error", (e) => reject(new GitError(`cannot run git: ${e.message}`, "git.spawn", "")));
    child.on("close", (code) => {
      const stderr = Buffer.concat(errOut).toString("utf8");
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new GitError(stderr.trim().split("\n")[0] || `git ${args[0]} failed (${code})`, "git.failed", stderr));
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(input ?? "");
  });
}

export async function gitText(cwd: string, args: string[], input?: string): Promise<string> {
  return (await git(cwd, args, input)).toString("utf8");
}
