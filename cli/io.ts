/** Where the CLI writes: injectable so commands are tested in process, without spawning. */
export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Whether stdout is a terminal (colour) and stderr is (progress). */
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export const processIO = (): CliIO => ({
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stdoutIsTTY: !!process.stdout.isTTY,
  stderrIsTTY: !!process.stderr.isTTY,
  cwd: process.cwd(),
  env: process.env,
});

/** A usage or input error: one clear line, exit code 1, never a stack trace. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}
