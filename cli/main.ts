import { CliError, processIO, type CliIO } from "./io.js";
import { VERSION } from "./version.js";

export const HELP = `promptops ${VERSION} — governance for LLM prompt templates

Usage: promptops <command> [options]

Commands:
  check --base REF     risk report and required approvals of a change (local git)
  scan FILE...         run every rule over whole files
  policy validate      validate a policy file
  keygen               make an Ed25519 signing key for the audit log
  audit verify|show    verify or browse the audit branch

Run 'promptops <command> --help' for a command's options.
`;

type Command = (argv: string[], io: CliIO) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => (await import("./commands/check.js")).checkCommand,
  scan: async () => (await import("./commands/scan.js")).scanCommand,
  policy: async () => (await import("./commands/policy.js")).policyCommand,
  keygen: async () => (await import("./commands/audit.js")).keygenCommand,
  audit: async () => (await import("./commands/audit.js")).auditCommand,
};

/** Run the CLI; returns the exit code. Errors become one line on stderr, never a stack trace. */
export async function runCli(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "-h" || name === "--help") { io.stdout(HELP); return name ? 0 : 1; }
  if (name === "-v" || name === "--version") { io.stdout(`${VERSION}\n`); return 0; }
  const load = COMMANDS[name];
  if (!load) { io.stderr(`promptops: unknown command '${name}'\n\n${HELP}`); return 1; }
  try {
    return await (await load())(rest, io);
  } catch (e) {
    const message = e instanceof CliError ? e.message : e instanceof Error && "code" in e && String((e as { code: unknown }).code).startsWith("ERR_PARSE_ARGS") ? e.message : `unexpected error: ${e instanceof Error ? e.message : String(e)}`;
    io.stderr(`promptops ${name}: ${message}\n`);
    if (io.env.PROMPTOPS_DEBUG && e instanceof Error && e.stack) io.stderr(e.stack + "\n");
    return e instanceof CliError ? e.exitCode : 1;
  }
}
