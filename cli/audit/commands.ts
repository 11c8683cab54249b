/**
 * `promptops keygen`, `promptops audit verify`, `promptops audit show` and the
 * local `--record` step, as plain functions returning their output, so they
 * are tested without spawning and the CLI's argument parser only wires them.
 *
 * Exit codes: 0 success, 1 the log has problems (verify), 2 usage or
 * environment errors (missing branch, no keys, unreadable files).
 */
import { chmod, readFile, writeFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { load } from "js-yaml";
import { append, type AppendOptions, type AppendResult, type AuditRecord } from "../../core/audit/append.js";
import { parseEnvelope, decodeBase64 } from "../../core/audit/dsse.js";
import { generateSigningKey, type Signer } from "../../core/audit/keys.js";
import { ENTRY_PATH_PATTERN, logOrigin, sha256Hex } from "../../core/audit/layout.js";
import { parseStatement, type Statement } from "../../core/audit/statement.js";
import { verifyLog, type AuditProblem } from "../../core/audit/verify.js";
import { LocalGitStore, git, readBlob, readHistory, readTree, resolveBranch, type GitIdentity } from "./local-store.js";

export interface CommandOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export const DEFAULT_BRANCH = "promptops-audit";
const POLICY_PATH = ".github/promptops.yml";

const lines = (...ls: string[]) => (ls.length ? `${ls.join("\n")}\n` : "");
const pad = (seq: number) => String(seq).padStart(6, "0");

// ---------------------------------------------------------------- keygen

export interface KeygenOptions {
  /** Write the private key PEM here, with mode 0600. */
  out?: string;
  /** Overwrite `out` if it exists. */
  force?: boolean;
  /** Print the private key PEM on stdout (for piping into a secret store); never the default. */
  stdoutPrivate?: boolean;
}

/**
 * Without `--out` or `--stdout-private` nothing is generated: a private key
 * printed by accident ends up in terminal scrollback and CI logs.
 */
export async function keygen(opts: KeygenOptions = {}): Promise<CommandOutput> {
  if (!opts.out && !opts.stdoutPrivate) {
    return {
      exitCode: 2,
      stdout: "",
      stderr: lines(
        "promptops keygen: say where the private key goes:",
        "  --out FILE          write it to FILE with mode 0600 (keep it out of the repository)",
        "  --stdout-private    print it on stdout, e.g. to pipe into a secret store",
      ),
    };
  }
  const key = generateSigningKey();
  const pinned = lines(
    key.publicKey,
    "",
    `# keyid ${key.keyid}. Pin it in ${POLICY_PATH} on the default branch:`,
    "# audit:",
    "#   public_keys:",
    `#     - "${key.publicKey}"`,
  );
  if (opts.stdoutPrivate && !opts.out) {
    return { exitCode: 0, stdout: key.privateKeyPem, stderr: pinned };
  }
  const out = resolve(opts.out!);
  try {
    await writeFile(out, key.privateKeyPem, { mode: 0o600, flag: opts.force ? "w" : "wx" });
    await chmod(out, 0o600); // an overwritten file keeps its old mode otherwise
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      exitCode: 2,
      stdout: "",
      stderr: lines(code === "EEXIST" ? `promptops keygen: ${out} exists; pass --force to replace it` : `promptops keygen: cannot write ${out}: ${code ?? "error"}`),
    };
  }
  return {
    exitCode: 0,
    stdout: opts.stdoutPrivate ? key.privateKeyPem : pinned,
    stderr: lines(
      `Private key written to ${out} (mode 0600). Give it to PromptOps as PROMPTOPS_SIGNING_KEY_FILE or PROMPTOPS_SIGNING_KEY; never commit it.`,
      ...(opts.stdoutPrivate ? [pinned.trimEnd()] : []),
    ),
  };
}

// ---------------------------------------------------------------- verify

export interface VerifyOptions {
  repo?: string;
  branch?: string;
  /** Pinned keys; when empty, `audit.public_keys` of the policy at HEAD is used. */
  keys?: string[];
  /** A checkpoint kept outside the branch. */
  checkpointFile?: string;
  /** Expected log origin. */
  origin?: string;
  format?: "text" | "json";
}

/** `audit.public_keys` from the policy file at HEAD, if there is one. */
export async function pinnedKeysAtHead(repo: string): Promise<{ keys: string[]; commit: string } | undefined> {
  let commit: string;
  try {
    commit = (await git(repo, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])).toString("utf8").trim();
  } catch {
    return undefined;
  }
  const text = await readBlob(repo, commit, POLICY_PATH);
  if (text === undefined) return undefined;
  try {
    const policy = load(text) as { audit?: { public_keys?: unknown } } | undefined;
    const keys = policy?.audit?.public_keys;
    return Array.isArray(keys) ? { keys: keys.filter((k): k is string => typeof k === "string"), commit } : undefined;
  } catch {
    return undefined;
  }
}

function formatAuditProblem(p: AuditProblem): string {
  const where = [p.seq !== undefined ? `entry ${pad(p.seq)}` : "", p.file ?? ""].filter(Boolean).join(" ");
  const commit = p.commit && !p.message.includes(p.commit) ? ` (commit ${p.commit.slice(0, 12)})` : "";
  return `${where ? `${where}: ` : ""}${p.message}${commit} [${p.code}]`;
}

export async function verify(opts: VerifyOptions = {}): Promise<CommandOutput> {
  const repo = resolve(opts.repo ?? ".");
  const branch = opts.branch ?? DEFAULT_BRANCH;
  const notes: string[] = [];
  let keys = opts.keys ?? [];
  if (!keys.length) {
    const fromPolicy = await pinnedKeysAtHead(repo);
    if (!fromPolicy || !fromPolicy.keys.length) {
      return { exitCode: 2, stdout: "", stderr: lines(`promptops audit verify: no --key given and no audit.public_keys in ${POLICY_PATH} at HEAD; pass the pinned keys with --key ed25519:…`) };
    }
    keys = fromPolicy.keys;
    notes.push(`Using ${keys.length} key(s) pinned in ${POLICY_PATH} at HEAD (${fromPolicy.commit.slice(0, 12)}); make sure HEAD is your protected default branch.`);
  }
  let checkpoint: string | undefined;
  if (opts.checkpointFile) {
    try {
      checkpoint = await readFile(opts.checkpointFile, "utf8");
    } catch (e) {
      return { exitCode: 2, stdout: "", stderr: lines(`promptops audit verify: cannot read ${opts.checkpointFile}: ${(e as NodeJS.ErrnoException).code ?? "error"}`) };
    }
  }
  let history;
  try {
    history = await readHistory(repo, branch);
  } catch (e) {
    return { exitCode: 2, stdout: "", stderr: lines(`promptops audit verify: cannot read ${repo}: ${(e as Error).message}`) };
  }
  if (history.tip === null) {
    return { exitCode: 2, stdout: "", stderr: lines(`promptops audit verify: branch ${branch} does not exist in ${repo} (fetch it first: git fetch origin ${branch}:${branch})`) };
  }
  const result = verifyLog({ commits: history.commits, files: history.files, keys, ...(checkpoint === undefined ? {} : { checkpoint }), ...(opts.origin ? { origin: opts.origin } : {}) });
  const exitCode = result.ok ? 0 : 1;
  if (opts.format === "json") {
    return { exitCode, stdout: `${JSON.stringify({ branch, tip: history.tip, ...result }, null, 2)}\n`, stderr: lines(...notes) };
  }
  const head = `Branch ${branch} at ${history.tip.slice(0, 12)}: ${result.entries} ${result.entries === 1 ? "entry" : "entries"}${result.checkpoint ? `, checkpoint ${result.checkpoint.origin} size ${result.checkpoint.size}` : ""}.`;
  const body = result.ok
    ? [`OK: signatures, sequence, hash chain, schema, checkpoint${checkpoint !== undefined ? " (and the outside checkpoint)" : ""} and history all verify.`]
    : [...result.problems.map(formatAuditProblem), `${result.problems.length} problem${result.problems.length === 1 ? "" : "s"} found.`];
  return { exitCode, stdout: lines(head, ...body), stderr: lines(...notes) };
}

// ---------------------------------------------------------------- show

export interface ShowOptions {
  repo?: string;
  branch?: string;
  /** ISO date or date-time: entries decided at or after it. */
  since?: string;
  pr?: number;
  format?: "text" | "json";
}

export interface ShownEntry {
  seq: number;
  file: string;
  sha256: string;
  statement: Statement;
}

export async function show(opts: ShowOptions = {}): Promise<CommandOutput> {
  const repo = resolve(opts.repo ?? ".");
  const branch = opts.branch ?? DEFAULT_BRANCH;
  const since = opts.since === undefined ? undefined : new Date(opts.since);
  if (since && Number.isNaN(since.getTime())) {
    return { exitCode: 2, stdout: "", stderr: lines(`promptops audit show: --since ${JSON.stringify(opts.since)} is not a date (use e.g. 2026-11-01)`) };
  }
  let tip: string | null;
  try {
    tip = await resolveBranch(repo, branch);
  } catch (e) {
    return { exitCode: 2, stdout: "", stderr: lines(`promptops audit show: ${(e as Error).message}`) };
  }
  if (tip === null) return { exitCode: 2, stdout: "", stderr: lines(`promptops audit show: branch ${branch} does not exist in ${repo}`) };

  const files = await readTree(repo, tip, (p) => ENTRY_PATH_PATTERN.test(p));
  const shown: ShownEntry[] = [];
  const unreadable: string[] = [];
  for (const [file, text] of files) {
    const env = parseEnvelope(text);
    const payload = env.ok ? decodeBase64(env.value.payload) : undefined;
    const statement = payload ? parseStatement(payload) : undefined;
    if (!statement?.ok) {
      unreadable.push(file);
      continue;
    }
    const p = statement.value.predicate;
    if (since && !(new Date(p.decided_at).getTime() >= since.getTime())) continue;
    if (opts.pr !== undefined && p.pull_request?.number !== opts.pr) continue;
    shown.push({ seq: p.seq, file, sha256: sha256Hex(Buffer.from(text, "utf8")), statement: statement.value });
  }
  shown.sort((a, b) => a.seq - b.seq);
  const warn = unreadable.length ? [`${unreadable.length} entry file(s) could not be read: ${unreadable.join(", ")}; run promptops audit verify.`] : [];
  if (opts.format === "json") {
    return { exitCode: 0, stdout: `${JSON.stringify(shown, null, 2)}\n`, stderr: lines(...warn) };
  }
  const rows = shown.map(({ statement: { predicate: p }, file }) => {
    const who = p.approvals.length ? `approved by ${[...new Set(p.approvals.map((a) => a.reviewer))].join(", ")}` : "no approvals";
    const pr = p.pull_request ? `PR #${p.pull_request.number} ${JSON.stringify(p.pull_request.title)}` : "local check";
    const templates = p.templates.map((t) => t.path).join(", ") || "no templates";
    return `${pad(p.seq)}  ${p.decided_at}  ${pr}  ${p.kind}  tier ${p.tier} (score ${p.score})  ${p.decision}  ${who}  ${templates}  ${file}`;
  });
  return {
    exitCode: 0,
    stdout: lines(...(rows.length ? rows : ["No entries match."])),
    stderr: lines("Listing only; signatures are not checked here: run promptops audit verify for that.", ...warn),
  };
}

// ---------------------------------------------------------------- record

export interface RecordOptions {
  repo?: string;
  branch?: string;
  record: AuditRecord;
  signer: Signer;
  /** Log origin when the branch is created; defaults to `<host>/<owner>/<repo>/<branch>` from the `origin` remote, else `local/<dir>/<branch>`. */
  origin?: string;
  identity?: GitIdentity;
  append?: AppendOptions;
}

/** The origin a local repository's log gets, matching what the App derives for the same GitHub repository. */
export async function defaultOrigin(repo: string, branch: string): Promise<string> {
  try {
    const url = (await git(repo, ["remote", "get-url", "origin"])).toString("utf8").trim();
    const m = /^(?:https?:\/\/(?:[^@/]+@)?|ssh:\/\/(?:[^@/]+@)?|[^@/]+@)([^/:]+)[/:]([^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(url);
    if (m) return logOrigin(m[1]!, m[2]!, branch);
  } catch {
    // no origin remote: a purely local log
  }
  return logOrigin("local", basename(repo), branch);
}

export async function record(opts: RecordOptions): Promise<CommandOutput & { result: AppendResult }> {
  const repo = resolve(opts.repo ?? ".");
  const branch = opts.branch ?? DEFAULT_BRANCH;
  const origin = opts.origin ?? (await defaultOrigin(repo, branch));
  const store = new LocalGitStore({ repo, ...(opts.identity ? { identity: opts.identity } : {}) });
  const result = await append(store, branch, opts.record, opts.signer, { ...opts.append, origin });
  switch (result.status) {
    case "appended":
      return {
        result,
        exitCode: 0,
        stdout: lines(`Recorded audit entry ${pad(result.seq)} on ${branch}: ${result.entryPath}`, `sha256 ${result.entryHash}`, "", "Checkpoint (keep a copy outside the branch):", result.checkpoint.trimEnd()),
        stderr: "",
      };
    case "duplicate":
      return { result, exitCode: 0, stdout: lines(`Already recorded as entry ${pad(result.seq)}: ${result.entryPath}`), stderr: "" };
    case "contended":
      return { result, exitCode: 1, stdout: "", stderr: lines(`promptops: ${branch} kept moving; gave up after ${result.attempts} attempts. Nothing was written; run again.`) };
    case "rejected":
      return { result, exitCode: 2, stdout: "", stderr: lines(...result.problems.map((p) => `promptops: cannot record: ${p.message}${p.path ? ` (at ${p.path})` : ""} [${p.code}]`)) };
  }
}
