import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Octokit } from "@octokit/rest";
import { GitHubEmulator, testAppKeys } from "../github-emulator/index.js";
import { guardEmulator } from "../github-emulator/jest-guard.js";
import { GitHubAuditStore } from "../../github/audit-store.js";
import { append, seededRandom, type AppendResult } from "../../core/audit/append.js";
import { generateSigningKey, signerFromPem, type Signer } from "../../core/audit/keys.js";
import { verifyLog } from "../../core/audit/verify.js";
import { readHistory } from "../../cli/audit/local-store.js";
import { sampleRecord } from "./records.js";

const keys = testAppKeys();
const REPO = "acme/prompts";
const BRANCH = "promptops-audit";
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
let emulator: GitHubEmulator;
let signer: Signer;
let publicKey: string;

/** A writer as an App replica would be: its own client and token, the same repository. */
function writer(): GitHubAuditStore {
  const octokit = new Octokit({ baseUrl: emulator.url, request: { fetch: emulator.fetch }, auth: emulator.installationToken(REPO), log: quiet });
  return new GitHubAuditStore(octokit, { owner: "acme", repo: "prompts" });
}

const fast = (seed: number) => ({ origin: `github.com/${REPO}/${BRANCH}`, baseDelayMs: 2, maxDelayMs: 20, maxAttempts: 200, random: seededRandom(seed) });

async function verifyBranch() {
  const h = await readHistory(emulator.repository(REPO).gitDir, BRANCH);
  return verifyLog({ commits: h.commits, files: h.files, keys: [publicKey] });
}

beforeAll(async () => {
  emulator = await GitHubEmulator.create({ app: { id: 7, slug: "promptops", privateKey: keys.privateKey }, webhooks: { secret: "s" } });
  await emulator.createRepository(REPO, { ownerType: "Organization", files: { "README.md": "# prompts\n" } });
  const g = generateSigningKey();
  const s = signerFromPem(g.privateKeyPem);
  if (!s.ok) throw new Error("key");
  signer = s.value;
  publicKey = g.publicKey;
});
afterAll(async () => { await emulator?.close(); });
guardEmulator(() => emulator);

describe("audit log over GitHub's git data API", () => {
  it("creates the branch as an orphan on the first append, then appends in five requests", async () => {
    const store = writer();
    const first = await append(store, BRANCH, sampleRecord(1), signer, fast(1));
    expect(first).toMatchObject({ status: "appended", seq: 1 });
    expect(await emulator.state.readFile(REPO, BRANCH, "README.md")).toContain("promptops audit verify");
    emulator.requests.reset();
    const second = await append(store, BRANCH, sampleRecord(2), signer, fast(2));
    expect(second).toMatchObject({ status: "appended", seq: 2 });
    expect(emulator.requests.total).toBeLessThanOrEqual(5);
    const v = await verifyBranch();
    expect(v.problems).toEqual([]);
    expect(v.entries).toBe(2);
  });

  it("a redelivered decision writes nothing", async () => {
    emulator.requests.reset();
    const again = await append(writer(), BRANCH, sampleRecord(2), signer, fast(3));
    expect(again).toMatchObject({ status: "duplicate", seq: 2 });
    expect(emulator.requests.count("git/create-commit")).toBe(0);
  });

  it("retries when another writer moves the ref between its read and its write", async () => {
    const store = writer();
    const other = writer();
    // The first read of the tip is followed by another writer's append before this writer commits.
    let raced = false;
    const racing = {
      readTip: async (b: string, p?: readonly string[]) => {
        const tip = await store.readTip(b, p);
        if (!raced) { raced = true; await append(other, BRANCH, sampleRecord(3), signer, fast(4)); }
        return tip;
      },
      commit: store.commit.bind(store),
    };
    const r = await append(racing, BRANCH, sampleRecord(4), signer, fast(5));
    expect(r).toMatchObject({ status: "appended", seq: 4 });
    expect(r.status === "appended" && r.attempts).toBeGreaterThan(1);
    expect((await verifyBranch()).problems).toEqual([]);
  });

  it("50 merges recorded concurrently by two writers, every decision delivered twice: 50 entries, no gaps, no duplicates", async () => {
    const decisions = Array.from({ length: 50 }, (_, i) => 100 + i);
    // Each writer (an App replica) handles every decision — a redelivery reaching the other replica.
    // A replica runs its appends to one log one at a time (app/runtime.ts), so the two replicas
    // race each other on every decision, in opposite orders.
    const replica = async (store: GitHubAuditStore, order: number[], seedBase: number) => {
      const results: AppendResult[] = [];
      for (const n of order) results.push(await append(store, BRANCH, sampleRecord(n), signer, fast(seedBase + n)));
      return results;
    };
    const [ra, rb] = await Promise.all([replica(writer(), decisions, 1000), replica(writer(), [...decisions].reverse(), 5000)]);
    const all = [...ra, ...rb];
    expect(all.every((r) => r.status === "appended" || r.status === "duplicate")).toBe(true);
    // Each writer signs its commits with its own trailer, so exactly one append per decision wins.
    expect(all.filter((r) => r.status === "appended")).toHaveLength(50);
    expect(all.filter((r) => r.status === "duplicate")).toHaveLength(50);
    // The writers did collide: some append lost the ref update to the other and retried.
    expect(all.some((r) => r.status === "appended" && r.attempts > 1)).toBe(true);
    const v = await verifyBranch();
    expect(v.problems).toEqual([]);
    expect(v.entries).toBe(54);
  }, 600_000);
});
