import { parseArgs } from "node:util";
import { existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { LoadedPolicy } from "../../core/check.js";
import { formatProblem } from "../../core/errors/problem.js";
import { TIER_NAMES, tierRank, type TierName } from "../../core/policy/resolved.js";
import { LocalGitSource } from "../git/local-source.js";
import { gitText } from "../git/run-git.js";
import { CliError, type CliIO } from "../io.js";
import { FORMATS, type Format } from "./formats.js";

export const CHECK_HELP = `Usage: promptops check --base REF [--head REF] [options]

The risk report of the change from REF to head (as a pull request would show
it: from their merge base) and the approvals it needs. The policy is read from
REF, the base, unless --policy names a file.

Options:
  --base REF          base commit, branch or tag (required)
  --head REF          head commit (default HEAD)
  --repo DIR          the git repository (default: current directory)
  --policy FILE       read the policy from this file instead of the base commit
  --format FORMAT     text | markdown | json | sarif (default text)
  --output FILE       write the report to FILE instead of stdout
  --fail-on TIER      exit 2 when the tier is TIER or higher (low|medium|high|critical)
  --record            append the decision to the local audit branch (see 'promptops audit')
  --key-file FILE     signing key for --record (default: PROMPTOPS_SIGNING_KEY or
                      PROMPTOPS_SIGNING_KEY_FILE from the environment)
  -h, --help          this help

Exit codes: 0 done; 2 the tier reached --fail-on; 1 usage or input error.
`;

export async function checkCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      base: { type: "string" }, head: { type: "string", default: "HEAD" }, repo: { type: "string" }, policy: { type: "string" },
      format: { type: "string", default: "text" }, output: { type: "string" }, "fail-on": { type: "string" }, record: { type: "boolean", default: false }, "key-file": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) { io.stdout(CHECK_HELP); return 0; }
  if (!values.base) throw new CliError("missing --base REF (the commit or branch the change is measured against)");
  const format = parseFormat(values.format!);
  const failOn = values["fail-on"] === undefined ? undefined : parseTier(values["fail-on"]);
  const repo = await repoRoot(resolve(io.cwd, values.repo ?? "."));
  const source = new LocalGitSource(repo);
  const baseSha = await source.resolve(values.base).catch((e: Error) => { throw new CliError(e.message); });
  const headSha = await source.resolve(values.head!).catch((e: Error) => { throw new CliError(e.message); });
  // The engine is most of the CLI's code: start git on the diff first and load the engine while it works.
  source.changedFiles(baseSha, headSha).catch(() => undefined); // a failure is reported by the check's own call
  const [{ checkChange, readPolicyAt }, { loadPolicy }, { writeReport }] = await Promise.all([import("../../core/check.js"), import("../../core/policy/load.js"), import("./output.js")]);

  let loaded: LoadedPolicy;
  if (values.policy) {
    const file = resolve(io.cwd, values.policy);
    if (!existsSync(file)) throw new CliError(`policy file not found: ${values.policy}`);
    loaded = loadPolicy(readFileSync(file, "utf8"), values.policy);
  } else loaded = await readPolicyAt(source, baseSha);

  if (io.stderrIsTTY) io.stderr(`promptops: comparing ${baseSha.slice(0, 7)}...${headSha.slice(0, 7)}\n`);
  const result = await checkChange(source, baseSha, headSha, loaded);
  if (io.stderrIsTTY) io.stderr(`promptops: ${result.changes.templates.length} template(s) among ${result.changes.files.length} changed file(s)\n`);

  writeReport(result.report, format, io, values.output ? resolve(io.cwd, values.output) : undefined, [result.governanceMarkdown]);
  if (values.record) {
    const { recordLocalDecision } = await import("./record.js");
    await recordLocalDecision(repo, result, io, values["key-file"] ? resolve(io.cwd, values["key-file"]) : undefined);
  }
  if (loaded.problems.length) {
    // The report above already fails closed; the exit code says the input needs fixing.
    for (const p of loaded.problems) io.stderr(formatProblem(p) + "\n");
    return 1;
  }
  if (failOn && tierRank(result.report.tier) >= tierRank(failOn)) {
    io.stderr(`promptops: tier ${result.report.tier} reaches --fail-on ${failOn}\n`);
    return 2;
  }
  return 0;
}

export function parseFormat(f: string): Format {
  if (!(FORMATS as readonly string[]).includes(f)) throw new CliError(`unknown --format ${f} (expected ${FORMATS.join(", ")})`);
  return f as Format;
}

export function parseTier(t: string): TierName {
  if (!(TIER_NAMES as readonly string[]).includes(t)) throw new CliError(`unknown tier ${t} (expected ${TIER_NAMES.join(", ")})`);
  return t as TierName;
}

/** The top of the work tree containing `dir`; a clear error when it is not a git repository. */
export async function repoRoot(dir: string): Promise<string> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`not a directory: ${dir}`);
  const top = await gitText(dir, ["rev-parse", "--show-toplevel"]).catch(() => "");
  if (!top.trim()) throw new CliError(`not a git repository: ${dir}`);
  return top.trim();
}

