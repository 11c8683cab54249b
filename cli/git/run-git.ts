import { spawn, type ChildProcessByStdio } from "node:child_process";
import { randomUUID } from "node:crypto";
import { closeSync, fstatSync, openSync, readSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";

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
export function gitSpooled(cwd: string, args: readonly string[], input?: string): Promise<SpooledOutput> {
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
  return new Promise<SpooledOutput>((resolve, reject) => {
    const child = spawn("git", [...args], { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: "0" }, stdio: ["pipe", fd, "pipe"] }) as ChildProcessByStdio<Writable, null, Readable>;
    const errs: Buffer[] = [];
    child.stderr.on("data", (d: Buffer) => errs.push(d));
    child.on("error", (e) => { close(); reject(new GitError(args, null, `cannot run git: ${e.message}`)); });
    child.on("close", (code) => {
      child.removeAllListeners();
      child.on("error", ignoreError);
      child.stderr.removeAllListeners("data");
      if (code !== 0) { close(); reject(new GitError(args, code, Buffer.concat(errs).toString("utf8"))); return; }
      const size = fstatSync(fd).size;
      resolve({
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
      });
    });
    child.stdin.on("error", ignoreError);
    child.stdin.end(input ?? "");
  });
}

function tryUnlink(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch {
    return false;
  }
}
