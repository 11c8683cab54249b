/** Verification rules that need no git: the in-memory store gives the same history shape. */
import { describe, it, expect, beforeEach } from "@jest/globals";
import { createHash } from "node:crypto";
import { append, seededRandom } from "../../core/audit/append.js";
import { signCheckpoint } from "../../core/audit/checkpoint.js";
import { signEnvelope } from "../../core/audit/dsse.js";
import { generateSigningKey, signerFromPem, type Signer } from "../../core/audit/keys.js";
import { entryFileText, keyIndexPath, parseState, STATE_PATH } from "../../core/audit/layout.js";
import { buildStatement, PAYLOAD_TYPE, serializeStatement } from "../../core/audit/statement.js";
import { rootOf } from "../../core/audit/merkle.js";
import { verifyLog, type VerifyResult } from "../../core/audit/verify.js";
import type { AuditPredicate } from "../../core/generated/audit-predicate.js";
import { MemoryStore } from "./memory-store.js";
import { sampleRecord } from "./records.js";

const mk = (): { signer: Signer; publicKey: string } => {
  const g = generateSigningKey();
  const s = signerFromPem(g.privateKeyPem);
  if (!s.ok) throw new Error("key");
  return { signer: s.value, publicKey: g.publicKey };
};
const app = mk();
const BRANCH = "promptops-audit";
const ORIGIN = "github.com/acme/prompts/promptops-audit";
const tick = () => new Promise<void>((r) => setImmediate(r));

let store: MemoryStore;
const run = (extra: { keys?: string[]; checkpoint?: string; origin?: string } = {}): VerifyResult =>
  verifyLog({ commits: store.history(BRANCH), files: store.files(BRANCH), keys: extra.keys ?? [app.publicKey], ...extra });

beforeEach(async () => {
  store = new MemoryStore();
  for (let i = 1; i <= 3; i++) await append(store, BRANCH, sampleRecord(i), app.signer, { origin: ORIGIN, sleep: tick, random: seededRandom(i) });
});

describe("verifyLog", () => {
  it("needs a valid pinned key", () => {
    expect(run({ keys: [] }).problems).toContainEqual(expect.objectContaining({ code: "audit.no-keys" }));
    const bad = run({ keys: ["ed25519:AAAA", app.publicKey] });
    expect(bad.problems).toEqual([expect.objectContaining({ code: "audit.key-invalid" })]);
  });

  it("reports a file that is not part of the log, with the commit that added it", () => {
    const commit = store.handCommit(BRANCH, { write: { "notes.txt": "hi\n" } });
    const r = run();
    expect(r.problems).toContainEqual(expect.objectContaining({ code: "audit.unexpected-file", file: "notes.txt", commit }));
  });

  it("reports an edited state.json, which later appends would trust", () => {
    expect(parseState(store.files(BRANCH).get(STATE_PATH)!).ok).toBe(true);
    store.handCommit(BRANCH, { write: { [STATE_PATH]: store.files(BRANCH).get(STATE_PATH)!.replace(`"size": 3`, `"size": 3 `) } });
    expect(run().problems).toEqual([expect.objectContaining({ code: "audit.index-mismatch", file: STATE_PATH })]);
  });

  it("reports a removed idempotency index", () => {
    const path = keyIndexPath(sampleRecord(2).predicate.idempotency_key);
    store.handCommit(BRANCH, { remove: [path] });
    expect(run().problems).toEqual([expect.objectContaining({ code: "audit.index-mismatch", file: path })]);
  });

  it("reports a signed entry whose predicate breaks the schema, at its key path", () => {
    const files = store.files(BRANCH);
    const prev = createHash("sha256").update(files.get("entries/2026/11/000003-pr103-merged.json")!).digest("hex");
    const rec = sampleRecord(4);
    const predicate = { seq: 4, prev, ...rec.predicate, score: "high" } as unknown as AuditPredicate;
    const env = signEnvelope(PAYLOAD_TYPE, serializeStatement(buildStatement(rec.subject, predicate)), app.signer);
    const path = "entries/2026/11/000004-pr104-merged.json";
    store.handCommit(BRANCH, { write: { [path]: entryFileText(env) } });
    const r = run();
    expect(r.problems).toContainEqual(expect.objectContaining({ code: "audit.predicate-invalid", seq: 4, file: path, path: "/score" }));
  });

  it("rejects an outside checkpoint for another log or by an unknown key", () => {
    const other = mk();
    const root = rootOf([]);
    const foreign = signCheckpoint({ origin: "github.com/evil/log", size: 0, root }, app.signer);
    expect(run({ checkpoint: foreign }).problems).toEqual([expect.objectContaining({ code: "audit.origin-mismatch" })]);
    const unknown = signCheckpoint({ origin: ORIGIN, size: 0, root }, other.signer);
    expect(run({ checkpoint: unknown }).problems).toEqual([expect.objectContaining({ code: "audit.outside-checkpoint-signature" })]);
    expect(run({ origin: "github.com/acme/other/promptops-audit" }).problems).toEqual([expect.objectContaining({ code: "audit.origin-mismatch", file: "checkpoint" })]);
  });
});
