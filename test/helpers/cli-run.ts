import { runCli } from "../../cli/main.js";
import type { CliIO } from "../../cli/io.js";

export interface CliRun { code: number; stdout: string; stderr: string }

/** Run the CLI in process with captured output, as if from `cwd`, without a TTY. */
export async function promptops(args: string[], cwd: string = process.cwd()): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, stdoutIsTTY: false, stderrIsTTY: false, cwd, env: {} };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}
