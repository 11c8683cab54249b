/**
 * A separate writer process for the concurrency test: appends the given
 * decisions to a local branch at once, all racing each other and the other
 * workers, and prints one JSON result per decision.
 * Usage: node --import tsx test/audit/append-worker.ts '<json>' (key in PROMPTOPS_SIGNING_KEY).
 */
import { append, seededRandom } from "../../core/audit/append.js";
import { signerFromPem } from "../../core/audit/keys.js";
import { LocalGitStore } from "../../cli/audit/local-store.js";
import { sampleRecord } from "./records.js";

interface WorkerConfig {
  repo: string;
  branch: string;
  origin: string;
  decisions: number[];
  seed: number;
}

const cfg = JSON.parse(process.argv[2] ?? "{}") as WorkerConfig;
const signer = signerFromPem(process.env.PROMPTOPS_SIGNING_KEY ?? "");
if (!signer.ok) {
  process.stderr.write(`${signer.error.message}\n`);
  process.exit(2);
}
const store = new LocalGitStore({ repo: cfg.repo });
const results = await Promise.all(
  cfg.decisions.map((n, i) =>
    append(store, cfg.branch, sampleRecord(n), signer.value, {
      origin: cfg.origin,
      random: seededRandom(cfg.seed * 1000 + i),
      maxAttempts: 1000,
      baseDelayMs: 100,
      maxDelayMs: 2000,
    }).then((r) => ({ decision: n, ...r })),
  ),
);
process.stdout.write(`${JSON.stringify(results)}\n`);
