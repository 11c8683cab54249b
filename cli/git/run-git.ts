import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { closeSync, fstatSync, openSync, readSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

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

// Outside the executor on purpose: a closure made there would keep the output alive with it.
const ignoreError = (): void => undefined;

/**
 * Run git in `cwd` (never through a shell), feeding `input` to stdin, with stdout going to `stdout`: a
 * pipe whose chunks go to `onStdout`, or a file descriptor. Resolves once git has exited 0.
 */
function runGit(cwd: string, args: readonly string[], opts: RunOptions, stdout: "pipe" | number, onStdout?: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", [...args], { cwd, env: { ...process.env, ...opts.env, GIT_TERMINAL_PROMPT: "0" }, stdio: ["pipe", stdout, "pipe"] });
    const errs: Buffer[] = [];
    if (onStdout) child.stdout?.on("data", onStdout);
    child.stderr!.on("data", (d: Buffer) => errs.push(d));
    child.on("error", (e) => reject(new GitError(args, null, `cannot run git: ${e.message}`)));
    child.on("close", (code) => {
      // libuv lets go of an exited child only later; until then these listeners, all made for this run,
      // would keep the caller's output reachable after the caller is done with it.
      child.removeAllListeners();
      child.on("error", ignoreError);
      child.stdout?.removeAllListeners("data");
      child.stderr!.removeAllListeners("data");
      if (code === 0) resolve();
      else reject(new GitError(args, code, Buffer.concat(errs).toString("utf8")));
    });
    child.stdin!.on("error", ignoreError); // git may exit before reading all input; the exit code tells
    child.stdin!.end(opts.input ?? "");
  });
}

/** Run git in `cwd` (never through a shell), feeding `input` to stdin; resolves with stdout as a Buffer. */
export async function git(cwd: string, args: readonly string[], opts: RunOptions = {}): Promise<Buffer> {
  const out: Buffer[] = [];
  await runGit(cwd, args, opts, "pipe", (d) => out.push(d));
  return Buffer.concat(out);
}

export async function gitText(cwd: string, args: readonly string[], input?: string): Promise<string> {
  return (await git(cwd, args, input === undefined ? {} : { input })).toString("utf8");
}

/** git's output in a file: read it where you need it, then close it (which also removes it). */
export interface SpooledOutput {
  readonly size: number;
  /** `length` bytes from `position` (fewer at the end of the file). */
  read(position: number, length: number): Buffer;
  close(): void;
}

/**
 * Run git with its stdout going to a temporary file instead of a pipe. A pipe
 * holds 64 KB: git stops writing until this process reads, so while this
 * process computes (the CLI compiles the engine while git writes the diff)
 * git would wait. With a file both work at once, and a large output is read
 * only in the parts wanted.
 */
export async function gitSpooled(cwd: string, args: readonly string[], input?: string): Promise<SpooledOutput> {
  const path = join(tmpdir(), `promptops-git-${randomUUID()}`);
  const fd = openSync(path, "wx+", 0o600);
  // Gone from the directory at once where the system allows it, so nothing is left behind even on a crash.
  const unlinked = process.platform !== "win32" && tryUnlink(path);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    closeSync(fd);
    if (!unlinked) tryUnlink(path);
  };
  try {
    await runGit(cwd, args, input === undefined ? {} : { input }, fd);
  } catch (e) {
    close();
    throw e;
  }
  const size = fstatSync(fd).size;
  return {
    size,
    read(position, length) {
      const buf = Buffer.allocUnsafe(Math.max(0, Math.min(length, size - position)));
      let done = 0;
      while (done < buf.length) {
        const n = readSync(fd, buf, done, buf.length - done, position + done);
        if (n === 0) break;
        done += n;
      }
      return done === buf.length ? buf : buf.subarray(0, done);
    },
    close,
  };
}

function tryUnlink(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch {
    return false;
  }
}
