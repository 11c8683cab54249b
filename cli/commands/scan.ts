import { parseArgs } from "node:util";
import { readFileSync, statSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import type { ChangeSet, TemplateChange } from "../../core/diff/model.js";
import { toSide } from "../../core/diff/build.js";
import { evaluate } from "../../core/check.js";
import { loadPolicy } from "../../core/policy/load.js";
import { lineChanges } from "../../core/diff/lines.js";
import { classify } from "../git/local-source.js";
import { gitText } from "../git/run-git.js";
import { CliError, type CliIO } from "../io.js";
import { parseFormat, parseTier } from "./check.js";
import { writeReport } from "./output.js";
import { tierRank } from "../../core/policy/resolved.js";

export const SCAN_HELP = `Usage: promptops scan [options] FILE...

Run every rule over whole files, each taken as entirely new (no base to compare).

Options:
  --format FORMAT     text | markdown | json | sarif (default text)
  --policy FILE       policy file for rule settings (default: none, safe defaults)
  --fail-on TIER      exit 2 when the tier is TIER or higher
  -h, --help          this help

Exit codes: 0 done; 2 the tier reached --fail-on; 1 usage or input error.
`;

export async function scanCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { format: { type: "string", default: "text" }, policy: { type: "string" }, "fail-on": { type: "string" }, help: { type: "boolean", short: "h" } },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) { io.stdout(SCAN_HELP); return 0; }
  if (!positionals.length) throw new CliError("scan needs at least one FILE");
  const format = parseFormat(values.format!);
  const failOn = values["fail-on"] === undefined ? undefined : parseTier(values["fail-on"]);
  const loaded = values.policy ? loadPolicy(readText(resolve(io.cwd, values.policy), values.policy), values.policy) : loadPolicy(undefined);
  const top = (await gitText(io.cwd, ["rev-parse", "--show-toplevel"]).catch(() => "")).trim() || io.cwd;

  const templates: TemplateChange[] = positionals.map((p) => {
    const abs = resolve(io.cwd, p);
    let st;
    try { st = statSync(abs); } catch { throw new CliError(`file not found: ${p}`); }
    if (!st.isFile()) throw new CliError(`not a file: ${p}`);
    const path = relative(top, abs).split(sep).join("/");
    const content = st.size > loaded.policy.limits.max_file_bytes ? { kind: "too-large" as const, size: st.size } : classify(readFileSync(abs));
    const side = toSide(path, content);
    return { path, status: "added", addedLines: lineChanges(undefined, side.text ?? "").added, removedLines: [], new: side };
  });
  const changes: ChangeSet = { baseSha: "", headSha: "", files: templates.map(({ path, status, addedLines, removedLines }) => ({ path, status, addedLines, removedLines })), templates };
  const { report } = evaluate(changes, loaded);
  delete report.base;
  delete report.head;
  writeReport(report, format, io);
  return failOn && tierRank(report.tier) >= tierRank(failOn) ? 2 : 0;
}

function readText(abs: string, shown: string): string {
  try { return readFileSync(abs, "utf8"); } catch { throw new CliError(`cannot read ${shown}`); }
}
