/**
 * `npm run bench`: the speed, memory and API-call figures the issues set,
 * printed as a table. Never a timed test: numbers depend on the machine.
 */
import { markdownTable } from "markdown-table";
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { cpus } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { promptCorpus, measureRules } from "./rules-throughput.js";
import { makeSyntheticPullRequest } from "./synthetic-pr.js";
import { secretlintFinds } from "../test/corpus/baselines.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const rows: string[][] = [["benchmark", "measured", "target", "ok"]];
const row = (name: string, measured: string, target: string, ok: boolean) => { rows.push([name, measured, target, ok ? "yes" : "**no**"]); console.error(`  ${name}: ${measured}`); };

// 1. All rules together over prompt text, one core.
{
  const text = promptCorpus(8);
  measureRules(promptCorpus(0.5)); // warm the JIT
  const r = measureRules(text);
  row("rules throughput (all categories, 8 MB prompt text)", `${r.mbPerSec.toFixed(1)} MB/s`, "≥ 30 MB/s", r.mbPerSec >= 30);
}

type CheckRun = { ms: number; maxRssKb: number; wall: number; templates: number };
/** The built CLI's `check` in a child process, `n` times: its own timing (from measure-check.mjs) and the wall time around it. */
function runCheck(dir: string, n: number): CheckRun[] {
  const runs: CheckRun[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const out = execFileSync(process.execPath, [join(root, "bench", "measure-check.mjs"), "check", "--base", "main", "--head", "change", "--repo", dir, "--format", "json"], { cwd: dir, maxBuffer: 1 << 28 }).toString();
    runs.push({ ...JSON.parse(out), wall: performance.now() - t0 });
  }
  return runs;
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

// 2a. A typical pull request: what every run pays before the first template (imports, git, the tokenizer table).
{
  const { dir } = makeSyntheticPullRequest(10, 7);
  try {
    const runs = runCheck(dir, 5);
    row("check: 10 templates (a typical pull request), in process / whole process", `${median(runs.map((r) => r.ms)).toFixed(0)} ms / ${median(runs.map((r) => r.wall)).toFixed(0)} ms, ${(Math.max(...runs.map((r) => r.maxRssKb)) / 1024).toFixed(0)} MB`, "(reported)", true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// 2. A pull request at GitHub's limits, end to end through the built CLI in a child process.
{
  const { dir, changedLines } = makeSyntheticPullRequest(3000, 7);
  try {
    const runs = runCheck(dir, 5);
    // The median of five: single runs on a shared 2-core machine vary by ±5 %.
    const best = { ...runs[0]!, ms: median(runs.map((r) => r.ms)), wall: median(runs.map((r) => r.wall)) };
    const peakMb = Math.max(...runs.map((r) => r.maxRssKb)) / 1024;
    row(`check: ${best.templates} templates, ${changedLines} changed lines (in process, median of 5)`, `${best.ms.toFixed(0)} ms`, "< 1000 ms", best.ms < 1000);
    row("check: same, whole process incl. Node start-up", `${best.wall.toFixed(0)} ms`, "(for reference)", true);
    row("check: peak memory (max RSS)", `${peakMb.toFixed(0)} MB`, "< 200 MB", peakMb < 200);

    // 3. Against secretlint (recommended preset) over the same files, in this process.
    const files = execFileSync("git", ["ls-files", "prompts"], { cwd: dir }).toString().trim().split("\n").slice(0, 600);
    const texts = files.map((f) => execFileSync("git", ["show", `change:${f}`], { cwd: dir }).toString());
    const bytes = texts.reduce((s, t) => s + Buffer.byteLength(t), 0);
    const t0 = performance.now();
    for (const t of texts) await secretlintFinds(t);
    const secretlintMs = performance.now() - t0;
    const ours = measureRules(texts.join("\n"));
    const ratio = secretlintMs / ours.ms;
    row(`PromptOps all categories vs secretlint secrets only (${files.length} files, ${(bytes / 1024).toFixed(0)} KB)`, `${ours.ms.toFixed(0)} ms vs ${secretlintMs.toFixed(0)} ms (${ratio.toFixed(1)}× faster)`, "not slower", ratio >= 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// 4. GitHub API requests of one Action run (issue 5) and audit appends (issue 7), counted by the emulator.
{
  const { actionRequestBench } = await import("./action-requests.js");
  const a = await actionRequestBench();
  row("Action run: API requests, 5 templates among 50 files", String(a.requests), "≤ 15", a.requests <= 15);
  const { auditAppendBench } = await import("./audit-appends.js");
  const au = await auditAppendBench(40);
  row("audit append: API requests without contention", au.requestsPerAppend.toFixed(1), "≤ 5", au.requestsPerAppend <= 5);
  row("audit append: two writers, 40 decisions each delivered twice", `${au.appendsPerSecond.toFixed(1)} appends/s (${au.attemptsPerAppend.toFixed(1)} attempts each)`, "(reported)", true);
}

// 4b. The same log written by two App processes: 50 merges, each webhook delivered to both.
{
  const { auditAppProcessesBench } = await import("./audit-app-processes.js");
  const r = await auditAppProcessesBench(50);
  row("audit: 50 merges by two App processes, every webhook twice", `${r.entries} entries, ${r.problems} problems, ${r.seconds.toFixed(0)} s`, "exactly 50, valid", r.entries === 50 && r.problems === 0);
}

// 5. The App (issue 6): API requests of one review event, and event-to-check latency under a burst.
{
  const { appRequestBench } = await import("./app-requests.js");
  const app = await appRequestBench();
  row("App: API requests of one pull_request_review event (5 templates among 50 files)", String(app.requestsPerReviewEvent), "≤ 10", app.requestsPerReviewEvent <= 10);
  row("App: event-to-check latency, 200 events at once (p50 / p99)", `${(app.p50 / 1000).toFixed(1)} s / ${(app.p99 / 1000).toFixed(1)} s`, "(reported)", true);
}

console.log(`\nPromptOps benchmarks — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus()[0]?.model ?? "cpu"} (${cpus().length} cores)\n`);
console.log(markdownTable(rows, { align: ["l", "r", "l", "c"] }));
