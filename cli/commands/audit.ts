import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { keygen, verify, show, DEFAULT_BRANCH, type CommandOutput } from "../audit/commands.js";
import { CliError, type CliIO } from "../io.js";

export const KEYGEN_HELP = `Usage: promptops keygen (--out FILE | --stdout-private) [--force]

Make an Ed25519 key for signing audit entries. Prints the public key in the
form the policy pins (audit.public_keys: ["ed25519:…"]).

Options:
  --out FILE          write the private key (PEM) to FILE with mode 0600
  --stdout-private    print the private key on stdout (to pipe into a secret store)
  --force             overwrite FILE
`;

export const AUDIT_HELP = `Usage: promptops audit verify [--repo DIR] [--branch B] [--key PUB]... [--checkpoint FILE] [--format text|json]
       promptops audit show   [--repo DIR] [--branch B] [--since DATE] [--pr N] [--format text|json]

verify  checks every signature against the pinned keys (--key, else the
        policy's audit.public_keys at HEAD), contiguous seq, the hash chain,
        the checkpoint, that history is linear and only adds entries, and a
        checkpoint kept outside the branch. Exit 0 only when everything holds.
show    lists entries (signatures are not checked: use verify).

Default branch: ${DEFAULT_BRANCH}.
`;

/** Audit commands use exit 1 for any failure, like the rest of the CLI (2 means a tier reached --fail-on). */
function emit(out: CommandOutput, io: CliIO): number {
  if (out.stdout) io.stdout(out.stdout);
  if (out.stderr) io.stderr(out.stderr);
  return out.exitCode === 0 ? 0 : 1;
}

export async function keygenCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { out: { type: "string" }, "stdout-private": { type: "boolean" }, force: { type: "boolean" }, help: { type: "boolean", short: "h" } }, strict: true });
  if (values.help) { io.stdout(KEYGEN_HELP); return 0; }
  return emit(await keygen({ ...(values.out ? { out: resolve(io.cwd, values.out) } : {}), ...(values.force ? { force: true } : {}), ...(values["stdout-private"] ? { stdoutPrivate: true } : {}) }), io);
}

export async function auditCommand(argv: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === "-h" || sub === "--help") { io.stdout(AUDIT_HELP); return sub ? 0 : 1; }
  const { values } = parseArgs({
    args: rest,
    options: {
      repo: { type: "string" }, branch: { type: "string" }, key: { type: "string", multiple: true }, checkpoint: { type: "string" },
      since: { type: "string" }, pr: { type: "string" }, format: { type: "string", default: "text" }, help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) { io.stdout(AUDIT_HELP); return 0; }
  if (values.format !== "text" && values.format !== "json") throw new CliError(`unknown --format ${values.format} (expected text, json)`);
  const repo = resolve(io.cwd, values.repo ?? ".");
  const common = { repo, ...(values.branch ? { branch: values.branch } : {}), format: values.format as "text" | "json" };
  if (sub === "verify") {
    return emit(await verify({ ...common, ...(values.key?.length ? { keys: values.key } : {}), ...(values.checkpoint ? { checkpointFile: resolve(io.cwd, values.checkpoint) } : {}) }), io);
  }
  if (sub === "show") {
    let pr: number | undefined;
    if (values.pr !== undefined) {
      pr = Number(values.pr);
      if (!Number.isInteger(pr) || pr <= 0) throw new CliError(`--pr takes a pull request number, got ${values.pr}`);
    }
    return emit(await show({ ...common, ...(values.since ? { since: values.since } : {}), ...(pr ? { pr } : {}) }), io);
  }
  throw new CliError(`unknown audit command: ${sub} (expected verify or show)`);
}
