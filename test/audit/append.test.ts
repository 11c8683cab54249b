import { describe, it, expect } from "@jest/globals";
import { createHash } from "node:crypto";
import { append, backoffDelay, seededRandom, type AuditStore } from "../../core/audit/append.js";
import { parseEnvelope } from "../../core/audit/dsse.js";
import { generateSigningKey, signerFromPem } from "../../core/audit/keys.js";
import { parseState, keyIndexPath, STATE_PATH } from "../../core/audit/layout.js";
import { leafHash, rootOf } from "../../core/audit/merkle.js";
import { parseCheckpoint } from "../../core/audit/checkpoint.js";
import { verifyLog } from "../../core/audit/verify.js";
import { summarizeFindings } from "../../core/audit/findings-summary.js";
import { validatePredicate } from "../../core/audit/statement.js";
import { MemoryStore } from "./memory-store.js";
import { sampleRecord } from "./records.js";

const key = generateSigningKey();
const signerResult = signerFromPem(key.privateKeyPem);
if (!signerResult.ok) throw new Error("key");
const signer = signerResult.value;
const BRANCH = "promptops-audit";
const ORIGIN = "github.com/acme/prompts/promptops-audit";
const tick = () => new Promise<void>((r) => setImmediate(r));
const fast = { origin: ORIGIN, sleep: tick, random: seededRandom(7) };

const entryFiles = (files: Map<string, string>) => [...files.keys()].filter((p) => p.startsWith("entries/") && p.endsWith(".json")).sort();
const verifyStore = (store: MemoryStore) => verifyLog({ commits: store.history(BRANCH), files: store.files(BRANCH), keys: [key.publicKey] });

describe("append", () => {
  it("creates the branch as an orphan with the README, the entry, its tables, indexes and checkpoint", async () => {
    const store = new MemoryStore();
    const r = await append(store, BRANCH, sampleRecord(1), signer, fast);
    expect(r.status).toBe("appended");
    if (r.status !== "appended") return;
    expect(r.seq).toBe(1);
    expect(r.entryPath).toBe("entries/2026/11/000001-pr101-merged.json");
    const files = store.files(BRANCH);
    expect([...files.keys()].sort()).toEqual(
      ["README.md", "checkpoint", "entries/2026/11/000001-pr101-merged.json", "entries/2026/11/README.md", keyIndexPath(sampleRecord(1).predicate.idempotency_key), "state.json"].sort(),
    );
    expect(store.history(BRANCH)).toHaveLength(1);
    expect(store.history(BRANCH)[0]!.parents).toEqual([]);

    const readme = files.get("README.md")!;
    expect(readme).toContain(`npx promptops audit verify --repo . --branch ${BRANCH} --key ${key.publicKey}`);
    expect(readme).toContain("audit.public_keys");
    expect(readme).toContain("[000001](entries/2026/11/000001-pr101-merged.json)");
    expect(files.get("entries/2026/11/README.md")).toContain("[000001](000001-pr101-merged.json)");

    const text = files.get(r.entryPath)!;
    expect(text.endsWith("}\n")).toBe(true);
    expect(r.entryHash).toBe(createHash("sha256").update(text).digest("hex"));
    const env = parseEnvelope(text);
    expect(env.ok && env.value.payloadType).toBe("application/vnd.in-toto+json");
    if (!env.ok) return;
    const statement = JSON.parse(Buffer.from(env.value.payload, "base64").toString());
    expect(statement._type).toBe("https://in-toto.io/Statement/v1");
    expect(statement.predicateType).toBe("https://promptops.dev/audit/v1");
    expect(statement.subject[0].digest.gitCommit).toBe(sampleRecord(1).predicate.pull_request!.merge_sha);
    expect(statement.predicate).toMatchObject({ seq: 1, prev: null, kind: "merged", idempotency_key: sampleRecord(1).predicate.idempotency_key });
    expect(verifyStore(store)).toEqual(expect.objectContaining({ ok: true, entries: 1 }));
  });

  it("chains entries by the hash of the previous file and signs a checkpoint over all of them", async () => {
    const store = new MemoryStore();
    for (let i = 1; i <= 5; i++) await append(store, BRANCH, sampleRecord(i), signer, fast);
    const files = store.files(BRANCH);
    const paths = entryFiles(files);
    expect(paths.map((p) => p.split("/").pop()!.slice(0, 6))).toEqual(["000001", "000002", "000003", "000004", "000005"]);
    const predicates = paths.map((p) => {
      const env = parseEnvelope(files.get(p)!);
      if (!env.ok) throw new Error(p);
      return JSON.parse(Buffer.from(env.value.payload, "base64").toString()).predicate;
    });
    for (let i = 1; i < paths.length; i++) {
      expect(predicates[i].prev).toBe(createHash("sha256").update(files.get(paths[i - 1]!)!).digest("hex"));
    }
    const cp = parseCheckpoint(files.get("checkpoint")!);
    expect(cp.ok).toBe(true);
    if (cp.ok) {
      expect(cp.value.checkpoint.size).toBe(5);
      expect(cp.value.checkpoint.origin).toBe(ORIGIN);
      expect(cp.value.checkpoint.root.equals(rootOf(paths.map((p) => leafHash(Buffer.from(files.get(p)!)))))).toBe(true);
    }
    expect(verifyStore(store).ok).toBe(true);
  });

  it("costs at most 5 GitHub requests per uncontended append, and 3 for a redelivery that writes nothing", async () => {
    const store = new MemoryStore();
    await append(store, BRANCH, sampleRecord(1), signer, fast);
    for (let i = 2; i <= 6; i++) {
      const before = store.requests;
      store.reads = [];
      await append(store, BRANCH, sampleRecord(i), signer, fast);
      expect(store.requests - before).toBeLessThanOrEqual(5);
      expect(store.reads).toEqual([STATE_PATH]);
    }
    const commits = store.commits.size;
    const before = store.requests;
    const again = await append(store, BRANCH, sampleRecord(3), signer, fast);
    expect(again).toEqual({ status: "duplicate", seq: 3, entryPath: "entries/2026/11/000003-pr103-merged.json" });
    expect(store.requests - before).toBe(3);
    expect(store.commits.size).toBe(commits);
  });

  it("records concurrent appends and redeliveries exactly once each, with contiguous seq", async () => {
    const store = new MemoryStore();
    const records = Array.from({ length: 30 }, (_, i) => sampleRecord(i + 1));
    const deliveries = [...records, ...records].map((rec, i) =>
      append(store, BRANCH, rec, signer, { origin: ORIGIN, sleep: tick, random: seededRandom(i), maxAttempts: 200 }),
    );
    const results = await Promise.all(deliveries);
    const appended = results.filter((r) => r.status === "appended");
    const duplicates = results.filter((r) => r.status === "duplicate");
    expect(appended).toHaveLength(30);
    expect(duplicates).toHaveLength(30);
    expect(appended.map((r) => (r.status === "appended" ? r.seq : 0)).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // Each decision's two deliveries name the same entry.
    for (let i = 0; i < 30; i++) {
      const a = results[i]!;
      const b = results[i + 30]!;
      const seqOf = (r: typeof a) => (r.status === "appended" || r.status === "duplicate" ? r.seq : -1);
      expect(seqOf(a)).toBe(seqOf(b));
    }
    expect(appended.some((r) => r.status === "appended" && r.attempts > 1)).toBe(true);
    const v = verifyStore(store);
    expect(v.problems).toEqual([]);
    expect(v.entries).toBe(30);
  });

  it("keeps months in seq order and the root table to the latest 20, newest first", async () => {
    const store = new MemoryStore();
    for (let i = 1; i <= 22; i++) {
      const month = i <= 12 ? 9 : 10; // October (month index 9) then November
      await append(store, BRANCH, sampleRecord(i, { decided_at: new Date(Date.UTC(2026, month, i, 8)).toISOString() }), signer, fast);
    }
    // Decided in October but recorded after November entries: it stays in November, so months follow seq.
    const late = await append(store, BRANCH, sampleRecord(23, { decided_at: "2026-10-30T23:59:00Z" }), signer, fast);
    expect(late.status === "appended" && late.entryPath).toBe("entries/2026/11/000023-pr123-merged.json");

    const files = store.files(BRANCH);
    const october = files.get("entries/2026/10/README.md")!;
    const november = files.get("entries/2026/11/README.md")!;
    expect(october.match(/^\| +\[0000/gm)).toHaveLength(12);
    expect(november.match(/^\| +\[0000/gm)).toHaveLength(11);
    const rootRows = files.get("README.md")!.match(/\[(\d{6})\]\(entries\//g)!.map((m) => m.slice(1, 7));
    expect(rootRows).toHaveLength(20);
    expect(rootRows[0]).toBe("000023");
    expect(rootRows[19]).toBe("000004");
    const state = parseState(files.get("state.json")!);
    expect(state.ok && state.value.frontier).toHaveLength(4); // 23 = 16 + 4 + 2 + 1: one subtree root per 1-bit
    expect(verifyStore(store).ok).toBe(true);
  });

  it("escapes Markdown in table cells so a crafted path cannot break the table", async () => {
    const store = new MemoryStore();
    const rec = sampleRecord(1);
    rec.predicate.templates = [{ path: "prompts/a|b](http://evil)*.md", status: "added", blob_sha: rec.predicate.templates[0]!.blob_sha }];
    await append(store, BRANCH, rec, signer, fast);
    const row = store.files(BRANCH).get("entries/2026/11/README.md")!.split("\n").find((l) => l.includes("[000001]"))!;
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(8);
    expect(row).toContain("a\\|b\\](http://evil)\\*.md");
  });

  it("refuses an invalid record before reading or writing anything", async () => {
    const store = new MemoryStore();
    const r = await append(store, BRANCH, sampleRecord(1, { tier: "extreme" as never, decided_at: "yesterday" }), signer, fast);
    expect(r.status).toBe("rejected");
    if (r.status === "rejected") expect(r.problems.map((p) => p.path).sort()).toEqual(["/decided_at", "/tier"]);
    expect(store.requests).toBe(0);
    const noSubject = await append(store, BRANCH, { ...sampleRecord(1), subject: [] }, signer, fast);
    expect(noSubject.status).toBe("rejected");
  });

  it("refuses to extend a branch that is not an audit log", async () => {
    const store = new MemoryStore();
    store.handCommit(BRANCH, { write: { "README.md": "something else\n" } });
    const r = await append(store, BRANCH, sampleRecord(1), signer, fast);
    expect(r.status).toBe("rejected");
    if (r.status === "rejected") expect(r.problems[0]!.code).toBe("audit.branch-foreign");
    expect(store.files(BRANCH).size).toBe(1);
  });

  it("gives up after the configured attempts with jittered, growing, capped backoff", async () => {
    const slept: number[] = [];
    const inner = new MemoryStore();
    const alwaysMoved: AuditStore = {
      readTip: (b) => inner.readTip(b),
      commit: async () => ({ ok: false, reason: "moved" }),
    };
    const r = await append(alwaysMoved, BRANCH, sampleRecord(1), signer, {
      origin: ORIGIN,
      maxAttempts: 8,
      baseDelayMs: 10,
      maxDelayMs: 200,
      random: seededRandom(42),
      sleep: async (ms) => void slept.push(ms),
    });
    expect(r).toEqual({ status: "contended", attempts: 8 });
    expect(slept).toHaveLength(7);
    const again = seededRandom(42);
    expect(slept).toEqual(slept.map((_, i) => backoffDelay(i + 1, again, 10, 200)));
    slept.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThanOrEqual(Math.min(200, 10 * 2 ** i));
    });
    expect(inner.refs.size).toBe(0);
  });
});

describe("summarizeFindings", () => {
  it("counts by category and severity and keeps the most severe findings first, evidence clipped", () => {
    const f = (severity: "low" | "high" | "critical", category: "pii" | "secret", line: number, evidence?: string) => ({
      rule: `${category}.x`, category, severity, weight: severity === "critical" ? 50 : 10, file: "prompts/a.prompt.yml", line, column: 1, message: "m", ...(evidence ? { evidence } : {}),
    });
    const s = summarizeFindings([f("low", "pii", 3), f("critical", "secret", 9, "sk-…Q2x9"), f("high", "pii", 1, "x".repeat(500))], 2);
    expect(s.total).toBe(3);
    expect(s.by_category).toEqual({ pii: 2, secret: 1 });
    expect(s.by_severity).toEqual({ low: 1, critical: 1, high: 1 });
    expect(s.top.map((t) => t.severity)).toEqual(["critical", "high"]);
    expect(s.top[0]!.evidence).toBe("sk-…Q2x9");
    expect(s.top[1]!.evidence!.length).toBeLessThanOrEqual(120);
    expect(validatePredicate({ ...sampleRecord(1).predicate, seq: 1, prev: null, findings: s })).toEqual([]);
  });
});
