/**
 * Separate processes racing on one local branch (DESIGN §7): every decision
 * is delivered twice, by two different processes, all at once. Exactly one
 * entry per decision must result, with contiguous seq, a valid chain and a
 * valid checkpoint.
 */
import { describe, it, expect, beforeAll, afterAll } from "@jest/globals";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { generateSigningKey } from "../../core/audit/keys.js";
import { verifyLog } from "../../core/audit/verify.js";
import { readHistory } from "../../cli/audit/local-store.js";
import { makeRepo, removeRepo } from "./git-fixture.js";
import { sampleRecord } from "./records.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const worker = fileURLToPath(new URL("./append-worker.ts", import.meta.url));
const key = generateSigningKey();
const BRANCH = "promptops-audit";
const ORIGIN = "local/concurrency/promptops-audit";
const WORKERS = 4;
const PER_WORKER = 5;

interface WorkerResult {
  decision: number;
  status: string;
  seq?: number;
}

function runWorker(repo: string, decisions: number[], seed: number): Promise<WorkerResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", worker, JSON.stringify({ repo, branch: BRANCH, origin: ORIGIN, decisions, seed })], {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: "", PROMPTOPS_SIGNING_KEY: key.privateKeyPem },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out) as WorkerResult[]) : reject(new Error(`worker exited ${code}: ${err}`))));
  });
}

let repo: string;
beforeAll(async () => {
  repo = await makeRepo();
});
afterAll(async () => {
  await removeRepo(repo);
});

describe("concurrent appends from separate processes", () => {
  it(`records ${WORKERS * PER_WORKER} decisions delivered twice each by ${WORKERS} processes exactly once`, async () => {
    const own = (w: number) => Array.from({ length: PER_WORKER }, (_, i) => w * PER_WORKER + i + 1);
    // Each worker appends its own decisions and redelivers its neighbour's, all concurrently.
    const runs = Array.from({ length: WORKERS }, (_, w) => runWorker(repo, [...own(w), ...own((w + 1) % WORKERS)], w + 1));
    const results = (await Promise.all(runs)).flat();
    const total = WORKERS * PER_WORKER;

    expect(results).toHaveLength(2 * total);
    const appended = results.filter((r) => r.status === "appended");
    expect(appended).toHaveLength(total);
    expect(results.filter((r) => r.status === "duplicate")).toHaveLength(total);
    expect(appended.map((r) => r.seq).sort((a, b) => a! - b!)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    // Both deliveries of a decision agree on its entry.
    for (let d = 1; d <= total; d++) {
      const seqs = results.filter((r) => r.decision === d).map((r) => r.seq);
      expect(seqs).toHaveLength(2);
      expect(seqs[0]).toBe(seqs[1]);
    }

    const history = await readHistory(repo, BRANCH);
    expect(history.commits).toHaveLength(total);
    const v = verifyLog({ commits: history.commits, files: history.files, keys: [key.publicKey], origin: ORIGIN });
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.entries).toBe(total);
    expect(v.checkpoint?.size).toBe(total);
    const keys = new Set(
      [...history.files.keys()].filter((p) => p.startsWith("index/keys/")).map((p) => history.files.get(p)),
    );
    expect(keys.size).toBe(total);
    expect(sampleRecord(1).predicate.idempotency_key).not.toBe(sampleRecord(2).predicate.idempotency_key);
  }, 120_000); // a safety net for a loaded machine, not a speed assertion
});
