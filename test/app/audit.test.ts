/**
 * The audit log written by the App: merges become signed entries on the
 * audit branch, bypasses become alerts, redeliveries and a second replica add
 * nothing, an unprotected branch is refused, and the key never reaches a log.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { testAppKeys } from "../github-emulator/index.js";
import { guardEmulator } from "../github-emulator/jest-guard.js";
import { generateSigningKey } from "../../core/audit/keys.js";
import { verifyLog } from "../../core/audit/verify.js";
import { readHistory } from "../../cli/audit/local-store.js";
import { APP_ID, AppWorld, REPO, SECRET, eventually, harmless, risky, startApp, bundleApp, removeBundle, type RunningApp } from "./harness.js";

const keys = testAppKeys();
const signing = generateSigningKey();
const BRANCH = "promptops-audit";
const AUDIT_MARKER = "<!-- promptops:audit -->";
let w: AppWorld;
/** Pull requests whose merge was recorded, in order. */
const recorded: number[] = [];

beforeAll(async () => {
  w = await AppWorld.create(keys.privateKey, { env: { PROMPTOPS_SIGNING_KEY: signing.privateKeyPem, PROMPTOPS_REQUEST_REVIEWERS: "false" } });
}, 120_000);
afterAll(async () => { await w?.close(); });
guardEmulator(() => w?.emulator);

async function entries() {
  const h = await readHistory(w.emulator.repository(REPO).gitDir, BRANCH);
  return verifyLog({ commits: h.commits, files: h.files, keys: [signing.publicKey] });
}
const auditComment = (n: number) => w.emulator.state.comments(REPO, n).find((c) => c.body.startsWith(AUDIT_MARKER));

describe("the App's audit log", () => {
  it("records an approved merge as a signed entry and posts its seq, hash and checkpoint on the pull request", async () => {
    const n = await w.openPr({ "prompts/support.prompt.yml": harmless() });
    await w.emulator.mergePullRequest(REPO, n, { by: "bob" });
    await w.emulator.settled();
    const v = await eventually(async () => { const r = await entries().catch(() => undefined); return r && r.entries === 1 ? r : undefined; }, "the first audit entry");
    expect(v.problems).toEqual([]);
    const comment = await eventually(() => auditComment(n), "the audit comment");
    expect(comment.body).toMatch(/audit entry \*\*000001\*\*/);
    expect(comment.body).toMatch(/entry sha256: `[0-9a-f]{64}`/);
    expect(comment.body).toMatch(/\n— \S+ /);
    expect(comment.body).not.toMatch(/Bypass alert/);
    recorded.push(n);
    // The signing key never reaches the App's log.
    expect(w.app.logs()).not.toContain(signing.privateKeyPem.split("\n")[1]!);
  });

  it("refuses to write to an audit branch that exists but is not protected, and says which protection is missing", async () => {
    const n = await w.openPr({ "prompts/support.prompt.yml": harmless().replace("friendly", "kind") });
    await w.emulator.mergePullRequest(REPO, n, { by: "bob" });
    await w.emulator.settled();
    const comment = await eventually(() => auditComment(n), "the refusal comment");
    expect(comment.body).toMatch(/did not record this merge/);
    expect(comment.body).toMatch(/not protected/);
    expect((await entries()).entries).toBe(1);
  });

  it("records a merge that bypassed a pending approval as a bypass alert, with who merged", async () => {
    w.emulator.protectBranch(REPO, BRANCH, {});
    const n = await w.openPr({ "prompts/support.prompt.yml": risky() });
    await w.emulator.mergePullRequest(REPO, n, { by: "dave" });
    await w.emulator.settled();
    const v = await eventually(async () => { const r = await entries(); return r.entries === 2 ? r : undefined; }, "the bypass entry");
    expect(v.problems).toEqual([]);
    const comment = await eventually(() => auditComment(n), "the bypass comment");
    expect(comment.body).toMatch(/Bypass alert.*merged by @dave while the PromptOps approval was \*\*pending\*\*/s);
    const files = (await readHistory(w.emulator.repository(REPO).gitDir, BRANCH)).files;
    const entryFile = [...files.keys()].find((p) => /entries\/.*000002-pr\d+-bypass\.json$/.test(p));
    expect(entryFile).toBeDefined();
    recorded.push(n);
  });

  it("a redelivered merge webhook adds no entry and no second comment", async () => {
    const closed = w.emulator.webhooks.deliveries.filter((d) => d.event === "pull_request" && d.action === "closed" && recorded.includes((d.payload as { number: number }).number));
    expect(closed).toHaveLength(2);
    for (const d of closed) w.emulator.webhooks.redeliver(d.id);
    await w.emulator.settled();
    expect((await entries()).entries).toBe(2);
    for (const n of recorded) expect(w.emulator.state.comments(REPO, n).filter((c) => c.body.startsWith(AUDIT_MARKER))).toHaveLength(1);
  });

  it("a pull request that touches no template or policy is not a decision of record", async () => {
    const n = await w.openPr({ "README.md": "# prompts, documented\n" });
    await w.emulator.mergePullRequest(REPO, n, { by: "bob" });
    await w.emulator.settled();
    expect((await entries()).entries).toBe(2);
    expect(auditComment(n)).toBeUndefined();
  });

  // Probot's throttling spaces each process's writes a second apart, so this end-to-end race is kept to five merges;
  // 50 concurrent merges delivered twice run against the same store in test/audit/github-store.test.ts.
  it("merges delivered to two App replicas at once (every webhook twice): one entry per merge, contiguous and valid", async () => {
    const bundle = await bundleApp();
    let second: RunningApp | undefined;
    try {
      second = await startApp(w.emulator, { bundle, appId: APP_ID, privateKey: keys.privateKey, secret: SECRET, env: { PROMPTOPS_SIGNING_KEY: signing.privateKeyPem, PROMPTOPS_REQUEST_REVIEWERS: "false" } });
      // Collect the merges' webhooks first, then deliver each to both replicas, twice, all at once.
      w.emulator.webhooks.configure({ url: undefined });
      const before = w.emulator.webhooks.deliveries.length;
      const merged: number[] = [];
      for (let i = 0; i < 5; i++) {
        const n = await w.emulator.openPullRequest(REPO, { head: `burst-${i}`, author: "alice", files: { [`prompts/burst-${i}.prompt.yml`]: harmless().replace("Support", `Burst ${i}`) } });
        await w.emulator.mergePullRequest(REPO, n, { by: "bob" });
        merged.push(n);
      }
      await w.emulator.settled();
      const closed = w.emulator.webhooks.deliveries.slice(before).filter((d) => d.event === "pull_request" && d.action === "closed");
      expect(closed).toHaveLength(5);
      const post = (url: string, d: (typeof closed)[number]) => fetch(url, { method: "POST", headers: d.headers, body: d.body });
      const answers = await Promise.all(closed.flatMap((d) => [post(w.app.webhookUrl, d), post(second!.webhookUrl, d)]));
      // Probot answers 202 "still processing" for a handler that outlives its response window; the entries tell the rest.
      expect(answers.map((r) => r.status).filter((s) => s !== 200 && s !== 202)).toEqual([]);
      const v = await eventually(async () => { const r = await entries(); return r.entries >= 7 ? r : undefined; }, "seven entries", 100_000);
      expect(v.problems).toEqual([]);
      await eventually(() => (merged.every((n) => auditComment(n)) ? true : undefined), "an audit comment on every merge", 60_000);
      expect((await entries()).entries).toBe(7);
      for (const n of merged) expect(w.emulator.state.comments(REPO, n).filter((c) => c.body.startsWith(AUDIT_MARKER))).toHaveLength(1);
    } finally {
      w.emulator.webhooks.configure({ url: w.app.webhookUrl });
      await second?.stop();
      removeBundle(bundle);
    }
  }, 180_000);

  it("without a signing key the App says so once at start and records nothing", async () => {
    const bundle = await bundleApp();
    const keyless = await startApp(w.emulator, { bundle, appId: APP_ID, privateKey: keys.privateKey, secret: SECRET });
    try {
      const said = keyless.logs().match(/audit log is off: no signing key/g) ?? [];
      expect(said).toHaveLength(1);
    } finally {
      await keyless.stop();
      removeBundle(bundle);
    }
  });
});
