/**
 * Tamper tests on a real git repository: every way someone with push access
 * (and, for the last ones, even the signing key) could falsify the log, and
 * the problem `verify` names for it.
 */
import { describe, it, expect, beforeAll, afterAll } from "@jest/globals";
import { append } from "../../core/audit/append.js";
import { signEnvelope, type Envelope } from "../../core/audit/dsse.js";
import { generateSigningKey, signerFromPem, type Signer } from "../../core/audit/keys.js";
import { entryFileText } from "../../core/audit/layout.js";
import { verifyLog, type AuditProblem, type VerifyResult } from "../../core/audit/verify.js";
import { LocalGitStore, readBlob, readHistory, readTree } from "../../cli/audit/local-store.js";
import { commitFiles, commitsOf, handCommit, makeRepo, removeRepo, setRef, tipOf } from "./git-fixture.js";
import { sampleRecord } from "./records.js";

const mkSigner = (): { signer: Signer; publicKey: string } => {
  const g = generateSigningKey();
  const s = signerFromPem(g.privateKeyPem);
  if (!s.ok) throw new Error("key");
  return { signer: s.value, publicKey: g.publicKey };
};
const app = mkSigner();
const mallory = mkSigner();
const ORIGIN = "github.com/acme/prompts/promptops-audit";
const opts = { origin: ORIGIN, baseDelayMs: 1, maxDelayMs: 5 };

let repo: string;
let baseTip: string;
const entry = (seq: number) => `entries/2026/11/00000${seq}-pr10${seq}-merged.json`;

async function verifyBranch(branch: string, checkpoint?: string): Promise<VerifyResult> {
  const h = await readHistory(repo, branch);
  return verifyLog({ commits: h.commits, files: h.files, keys: [app.publicKey], ...(checkpoint ? { checkpoint } : {}) });
}

/** A fresh branch at the pristine 5-entry log. */
async function fork(name: string): Promise<string> {
  await setRef(repo, name, baseTip);
  return name;
}

function decode(text: string): { env: Envelope; statement: { predicate: Record<string, unknown> } & Record<string, unknown> } {
  const env = JSON.parse(text) as Envelope;
  return { env, statement: JSON.parse(Buffer.from(env.payload, "base64").toString()) };
}

const has = (r: VerifyResult, code: string, seq?: number, extra: Partial<AuditProblem> = {}) =>
  expect(r.problems).toContainEqual(expect.objectContaining({ code, ...(seq === undefined ? {} : { seq }), ...extra }));

beforeAll(async () => {
  repo = await makeRepo();
  const store = new LocalGitStore({ repo });
  for (let i = 1; i <= 5; i++) {
    const r = await append(store, "base", sampleRecord(i), app.signer, opts);
    if (r.status !== "appended") throw new Error(`append ${i}: ${r.status}`);
  }
  baseTip = await tipOf(repo, "base");
});

afterAll(async () => {
  await removeRepo(repo);
});

describe("verify on a local git branch", () => {
  it("accepts the log PromptOps wrote: one orphan root, one entry per commit", async () => {
    const r = await verifyBranch("base");
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.entries).toBe(5);
    expect(r.checkpoint).toEqual(expect.objectContaining({ origin: ORIGIN, size: 5 }));
    expect(await commitsOf(repo, "base")).toHaveLength(5);
  });

  it("catches an edited entry and names it", async () => {
    const b = await fork("t-edit");
    const text = (await readBlob(repo, baseTip, entry(3)))!;
    const { env, statement } = decode(text);
    statement.predicate.decision = "blocked";
    const edited = entryFileText({ ...env, payload: Buffer.from(JSON.stringify(statement)).toString("base64") });
    const commit = await handCommit(repo, b, { write: { [entry(3)]: edited } });
    const r = await verifyBranch(b);
    expect(r.ok).toBe(false);
    has(r, "audit.bad-signature", 3, { file: entry(3) });
    has(r, "audit.entry-modified", 3, { file: entry(3), commit });
    has(r, "audit.chain-broken", 4, { file: entry(4) });
    has(r, "audit.checkpoint-mismatch");
  });

  it("catches a deleted entry and names it", async () => {
    const b = await fork("t-delete");
    const commit = await handCommit(repo, b, { remove: [entry(3)] });
    const r = await verifyBranch(b);
    expect(r.ok).toBe(false);
    has(r, "audit.entry-deleted", 3, { file: entry(3), commit });
    has(r, "audit.missing-entry", 3);
    has(r, "audit.checkpoint-mismatch");
  });

  it("catches two swapped entries and names both", async () => {
    const b = await fork("t-swap");
    const two = (await readBlob(repo, baseTip, entry(2)))!;
    const three = (await readBlob(repo, baseTip, entry(3)))!;
    await handCommit(repo, b, { write: { [entry(2)]: three, [entry(3)]: two } });
    const r = await verifyBranch(b);
    expect(r.ok).toBe(false);
    has(r, "audit.misplaced-entry", 2, { file: entry(2) });
    has(r, "audit.misplaced-entry", 3, { file: entry(3) });
    has(r, "audit.entry-modified", 2);
    has(r, "audit.entry-modified", 3);
  });

  it("catches an entry re-signed by another key under the pinned keyid (forged signature)", async () => {
    const b = await fork("t-forge");
    const { statement } = decode((await readBlob(repo, baseTip, entry(3)))!);
    statement.predicate.tier = "low";
    const forged = signEnvelope("application/vnd.in-toto+json", Buffer.from(JSON.stringify(statement)), { ...mallory.signer, keyid: app.signer.keyid });
    await handCommit(repo, b, { write: { [entry(3)]: entryFileText(forged) } });
    const r = await verifyBranch(b);
    expect(r.ok).toBe(false);
    has(r, "audit.bad-signature", 3, { file: entry(3) });
  });

  it("catches an entry appended with the append algorithm but another key (outside the App)", async () => {
    const b = await fork("t-outside");
    const res = await append(new LocalGitStore({ repo }), b, sampleRecord(6), mallory.signer, opts);
    expect(res.status).toBe("appended");
    const r = await verifyBranch(b);
    expect(r.ok).toBe(false);
    has(r, "audit.unpinned-key", 6, { file: entry(6) });
    expect(r.problems.find((p) => p.code === "audit.unpinned-key")!.message).toContain(mallory.signer.keyid);
    has(r, "audit.checkpoint-signature");
  });

  it("catches an entry committed by hand with git (a replayed valid entry)", async () => {
    const b = await fork("t-hand");
    const five = (await readBlob(repo, baseTip, entry(5)))!;
    const forgedPath = "entries/2026/11/000006-pr999-merged.json";
    const commit = await handCommit(repo, b, { write: { [forgedPath]: five } });
    const r = await verifyBranch(b);
    expect(r.ok).toBe(false);
    has(r, "audit.misplaced-entry", 6, { file: forgedPath });
    has(r, "audit.chain-broken", 6, { file: forgedPath });
    has(r, "audit.duplicate-key", 6, { file: forgedPath });
    has(r, "audit.checkpoint-mismatch");
    expect(r.problems.filter((p) => p.commit === commit)).toEqual([]); // adding a file is what appends do; the entry itself gives it away
  });

  it("catches a force-pushed history that drops an entry and replays the rest", async () => {
    const commits = await commitsOf(repo, "base");
    const snapshots = await Promise.all(commits.map((c) => readTree(repo, c)));
    let parent: string[] = [];
    for (const [i, files] of snapshots.entries()) {
      if (i === 2) continue; // the commit that added entry 3
      const kept = new Map([...files].filter(([p]) => p !== entry(3)));
      parent = [await commitFiles(repo, parent, kept, `audit: replay ${i + 1}`)];
    }
    await setRef(repo, "t-rewrite", parent[0]!);
    const r = await verifyBranch("t-rewrite");
    expect(r.ok).toBe(false);
    has(r, "audit.missing-entry", 3);
    has(r, "audit.out-of-order", 4, { file: entry(4) });
    has(r, "audit.checkpoint-mismatch");
  });

  it("catches a history squashed into one commit and a merge commit", async () => {
    const squashed = await commitFiles(repo, [], await readTree(repo, baseTip), "squash");
    await setRef(repo, "t-squash", squashed);
    const r = await verifyBranch("t-squash");
    expect(r.ok).toBe(false);
    has(r, "audit.multiple-entries", 1, { commit: squashed });

    const merged = await commitFiles(repo, [baseTip, squashed], await readTree(repo, baseTip), "merge");
    await setRef(repo, "t-merge", merged);
    const m = await verifyBranch("t-merge");
    expect(m.ok).toBe(false);
    has(m, "audit.history-nonlinear", undefined, { commit: merged });
  });

  it("catches a truncated branch against a checkpoint kept outside it", async () => {
    const outside = (await readBlob(repo, baseTip, "checkpoint"))!;
    const third = (await commitsOf(repo, "base"))[2]!;
    await setRef(repo, "t-truncate", third);
    // On its own a truncated log is consistent: that is why checkpoints are copied out.
    expect((await verifyBranch("t-truncate")).ok).toBe(true);
    const r = await verifyBranch("t-truncate", outside);
    expect(r.ok).toBe(false);
    has(r, "audit.truncated", 4);
    expect(r.problems.find((p) => p.code === "audit.truncated")!.message).toMatch(/000004 to 000005/);
  });

  it("accepts an older outside checkpoint the branch extends, and catches a rewrite by the key holder", async () => {
    const third = (await commitsOf(repo, "base"))[2]!;
    const older = (await readBlob(repo, third, "checkpoint"))!;
    expect((await verifyBranch("base", older)).ok).toBe(true);

    // Someone with the key and push access rebuilds the log with other decisions: only the outside copy tells.
    const store = new LocalGitStore({ repo });
    for (let i = 1; i <= 5; i++) {
      await append(store, "t-rebuilt", sampleRecord(i, i === 2 ? { decision: "blocked" } : {}), app.signer, opts);
    }
    expect((await verifyBranch("t-rebuilt")).ok).toBe(true);
    const r = await verifyBranch("t-rebuilt", older);
    expect(r.ok).toBe(false);
    has(r, "audit.rewritten", 3);
  });

  it("catches derived files edited by hand (the README a compliance reader trusts)", async () => {
    const b = await fork("t-readme");
    const readme = (await readBlob(repo, baseTip, "README.md"))!;
    await handCommit(repo, b, { write: { "README.md": readme.replace(`--key ${app.publicKey}`, `--key ${mallory.publicKey}`) } });
    const r = await verifyBranch(b);
    expect(r.ok).toBe(false);
    has(r, "audit.index-mismatch", undefined, { file: "README.md" });
  });
});
