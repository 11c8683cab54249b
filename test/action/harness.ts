/**
 * Runs the bundled Action (`node dist/index.js`) as a child process the way
 * the runner does: the event payload in a file, `GITHUB_*` variables, one
 * `INPUT_*` variable per input of action.yml (its defaults, with
 * `${{ github.token }}` resolved), and files for outputs and the summary.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { load } from "js-yaml";
import type { GitHubEmulator } from "../github-emulator/index.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const DIST = join(ROOT, "dist", "index.js");

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  commands: WorkflowCommand[];
  /** RUNNER_TEMP and GITHUB_WORKSPACE live under it. */
  dir: string;
}

export interface RunOptions {
  emulator: GitHubEmulator;
  /** `owner/name`. */
  repo: string;
  payload: Record<string, unknown>;
  eventName?: string;
  /** Inputs by their action.yml names; unset ones get action.yml's defaults. */
  inputs?: Record<string, string>;
  /** Default: an installation token for `repo` (what GITHUB_TOKEN is). */
  token?: string;
  /** GITHUB_API_URL, default the emulator's URL. */
  apiUrl?: string;
  /** GITHUB_GRAPHQL_URL, default `${apiUrl}/graphql`; null leaves it unset. */
  graphqlUrl?: string | null;
  /** A git repository to clone into GITHUB_WORKSPACE first (as `actions/checkout` with `fetch-depth: 0` would); default: an empty workspace. */
  checkout?: string;
  /** Files to write into GITHUB_WORKSPACE before the run (after the checkout), e.g. what an earlier step produced. */
  files?: Record<string, string>;
  /** GITHUB_REPOSITORY, default `repo`; null leaves it unset. */
  repository?: string | null;
}

interface ActionYml {
  inputs: Record<string, { default?: string }>;
}

/** action.yml's inputs and their defaults: the runner sets `INPUT_*` for every one of them. */
export function actionInputDefaults(token: string): Record<string, string> {
  const spec = load(readFileSync(join(ROOT, "action.yml"), "utf8")) as ActionYml;
  const out: Record<string, string> = {};
  for (const [name, input] of Object.entries(spec.inputs)) out[name] = String(input.default ?? "").replace("${{ github.token }}", token);
  return out;
}

/** The payload of the newest `pull_request` webhook the emulator sent for PR `number`. */
export function latestPullRequestEvent(emulator: GitHubEmulator, number: number): Record<string, unknown> {
  const d = emulator.webhooks.find("pull_request").filter((x) => (x.payload.pull_request as { number: number }).number === number).at(-1);
  if (!d) throw new Error(`no pull_request webhook for #${number}`);
  return JSON.parse(d.body) as Record<string, unknown>;
}

const runDirs: string[] = [];

/** Removes the temporary folders of every run so far (call it in afterAll). */
export function removeRunDirs(): void {
  for (const d of runDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export async function runAction(o: RunOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), "promptops-action-"));
  runDirs.push(dir);
  const temp = join(dir, "runner-temp");
  const workspace = join(dir, "workspace");
  mkdirSync(temp);
  mkdirSync(workspace);
  const files = { event: join(dir, "event.json"), output: join(dir, "github-output"), summary: join(dir, "step-summary.md") };
  if (o.checkout) execFileSync("git", ["clone", "--quiet", "--no-checkout", o.checkout, workspace], { stdio: "ignore" });
  for (const [path, text] of Object.entries(o.files ?? {})) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), text);
  }
  writeFileSync(files.event, JSON.stringify(o.payload));
  writeFileSync(files.output, "");
  writeFileSync(files.summary, "");
  const token = o.token ?? o.emulator.installationToken(o.repo);
  const apiUrl = o.apiUrl ?? o.emulator.url;
  const inputs = { ...actionInputDefaults(token), ...(o.inputs ?? {}) };
  // A clean environment: the parent's GITHUB_* (when the suite itself runs in Actions) must not leak in.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: "true",
    CI: "true",
    GITHUB_EVENT_NAME: o.eventName ?? "pull_request",
    GITHUB_EVENT_PATH: files.event,
    GITHUB_API_URL: apiUrl,
    GITHUB_SERVER_URL: o.emulator.url,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_TEMP: temp,
    GITHUB_WORKSPACE: workspace,
  };
  if (o.repository !== null) env.GITHUB_REPOSITORY = o.repository ?? o.repo;
  if (o.graphqlUrl !== null) env.GITHUB_GRAPHQL_URL = o.graphqlUrl ?? `${apiUrl}/graphql`;
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;

  const child = spawn(process.execPath, [DIST], { env, cwd: workspace, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
  child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  const killer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
  clearTimeout(killer);
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(files.output, "utf8")),
    summary: readFileSync(files.summary, "utf8"),
    commands: parseWorkflowCommands(stdout),
    dir,
  };
}

/** `name<<DELIMITER\nvalue\nDELIMITER\n`, the format @actions/core writes to GITHUB_OUTPUT. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    out[m[1]!] = value.join("\n");
  }
  return out;
}

const unescapeData = (s: string) => s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
const unescapeProperty = (s: string) => s.replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");

/** `::command key=value,key=value::message` lines on stdout, unescaped. */
export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  const out: WorkflowCommand[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const properties: Record<string, string> = {};
    for (const pair of (m[2] ?? "").split(",").filter(Boolean)) {
      const eq = pair.indexOf("=");
      properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
    }
    out.push({ command: m[1]!, properties, message: unescapeData(m[3]!) });
  }
  return out;
}

export const annotations = (run: ActionRun, level?: "error" | "warning" | "notice") => run.commands.filter((c) => (level ? c.command === level : ["error", "warning", "notice"].includes(c.command)));

/** A GitHub Models prompt file whose system message starts on line 6, one line per entry of `system`. */
export const promptFile = (system: string[], model = "openai/gpt-4o-mini"): string =>
  `name: faq\nmodel: ${model}\nmessages:\n  - role: system\n    content: |\n${system.map((l) => `      ${l}\n`).join("")}  - role: user\n    content: "{{question}}"\n`;

export const POLICY = "version: 1\ntiers:\n  low: { min_score: 0, approvals: 0 }\nrules:\n  secret: { min_tier: critical }\n";
