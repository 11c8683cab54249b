/**
 * Audit log appends against the GitHub emulator: requests per append without
 * contention, and appends per second when two writers (App replicas) record
 * the same decisions concurrently (each decision delivered to both).
 */
import { Octokit } from "@octokit/rest";
import { GitHubEmulator, testAppKeys } from "../test/github-emulator/index.js";
import { GitHubAuditStore } from "../github/audit-store.js";
import { append, seededRandom } from "../core/audit/append.js";
import { generateSigningKey, signerFromPem } from "../core/audit/keys.js";
import { sampleRecord } from "../test/audit/records.js";

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export async function auditAppendBench(decisions = 40): Promise<{ requestsPerAppend: number; appendsPerSecond: number; attemptsPerAppend: number }> {
  const emulator = await GitHubEmulator.create({ app: { id: 7, slug: "promptops", privateKey: testAppKeys().privateKey }, validate: false });
  try {
    await emulator.createRepository("acme/prompts", { ownerType: "Organization", files: { "README.md": "# prompts\n" } });
    const g = generateSigningKey();
    const s = signerFromPem(g.privateKeyPem);
    if (!s.ok) throw new Error("signing key");
    const writer = () => new GitHubAuditStore(new Octokit({ baseUrl: emulator.url, request: { fetch: emulator.fetch }, auth: emulator.installationToken("acme/prompts"), log: quiet }), { owner: "acme", repo: "prompts" });
    const opts = (seed: number) => ({ origin: "github.com/acme/prompts/promptops-audit", baseDelayMs: 2, maxDelayMs: 50, maxAttempts: 500, random: seededRandom(seed) });
    const solo = writer();
    await append(solo, "promptops-audit", sampleRecord(1), s.value, opts(1));
    emulator.requests.reset();
    for (let n = 2; n <= 6; n++) await append(solo, "promptops-audit", sampleRecord(n), s.value, opts(n));
    const requestsPerAppend = emulator.requests.total / 5;

    const ids = Array.from({ length: decisions }, (_, i) => 100 + i);
    let attempts = 0;
    const replica = async (store: GitHubAuditStore, order: number[], seed: number) => {
      const queue = [...order];
      await Promise.all(Array.from({ length: 4 }, async () => {
        for (let n = queue.shift(); n !== undefined; n = queue.shift()) {
          const r = await append(store, "promptops-audit", sampleRecord(n), s.value, opts(seed + n));
          if (r.status === "appended") attempts += r.attempts;
        }
      }));
    };
    const t0 = performance.now();
    await Promise.all([replica(writer(), ids, 1000), replica(writer(), [...ids].reverse(), 9000)]);
    const seconds = (performance.now() - t0) / 1000;
    return { requestsPerAppend, appendsPerSecond: decisions / seconds, attemptsPerAppend: attempts / decisions };
  } finally {
    await emulator.close();
  }
}
