import { parseArgs } from "node:util";
import { readFileSync, existsSync } from "node:fs";
import { resolve } from "node:path";
import { loadPolicy } from "../../core/policy/load.js";
import { DEFAULT_POLICY_PATH } from "../../core/policy/resolved.js";
import { formatProblem } from "../../core/errors/problem.js";
import { CliError, type CliIO } from "../io.js";

export const POLICY_HELP = `Usage: promptops policy validate [FILE]

Validate a policy file (default ${DEFAULT_POLICY_PATH}) against the schema and
the tier rules; print every error with its file, line and key path.

Exit codes: 0 valid; 1 any error.
`;

export async function policyCommand(argv: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === "-h" || sub === "--help") { io.stdout(POLICY_HELP); return sub ? 0 : 1; }
  if (sub !== "validate") throw new CliError(`unknown policy command: ${sub} (expected validate)`);
  const { values, positionals } = parseArgs({ args: rest, options: { help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  if (values.help) { io.stdout(POLICY_HELP); return 0; }
  const shown = positionals[0] ?? DEFAULT_POLICY_PATH;
  const file = resolve(io.cwd, shown);
  if (!existsSync(file)) throw new CliError(`policy file not found: ${shown}`);
  let text: string;
  try { text = readFileSync(file, "utf8"); } catch { throw new CliError(`cannot read ${shown}`); }
  const { problems } = loadPolicy(text, shown);
  if (!problems.length) { io.stdout(`${shown}: valid\n`); return 0; }
  for (const p of problems) io.stdout(formatProblem(p) + "\n");
  io.stderr(`${problems.length} error${problems.length > 1 ? "s" : ""} in ${shown}\n`);
  return 1;
}
