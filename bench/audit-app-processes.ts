/**
 * The audit log under the full concurrency: 50 merges recorded by two
 * App processes (`probot run`) against the emulator, every merge webhook
 * delivered to both — so each decision arrives twice. Probot's throttling
 * spaces each process's writes a second apart, which is why this runs here
 * (minutes) and a five-merge version runs in the test suite.
 */
import { generateSigningKey } from "../core/audit/keys.js";
import { verifyLog } from "../core/audit/verify.js";
import { readHistory } from "../cli/audit/local-store.js";
import { testAppKeys } from "../test/github-emulator/index.js";
import { APP_ID, AppWorld, REPO, SECRET, SUPPORT_TEMPLATE, bundleApp, removeBundle, startApp } from "../test/app/harness.js";

export async function auditAppProcessesBench(merges = 50): Promise<{ entries: number; problems: number; seconds: number }> {
  const keys = testAppKeys();
  const signing = generateSigningKey();
  const env = { PROMPTOPS_SIGNING_KEY: signing.privateKeyPem, PROMPTOPS_REQUEST_REVIEWERS: "false", PROMPTOPS_AUDIT_ALLOW_UNPROTECTED: "1" };
  const w = await AppWorld.create(keys.privateKey, { env });
  const bundle = await bundleApp();
  const second = await startApp(w.emulator, { bundle, appId: APP_ID, privateKey: keys.privateKey, secret: SECRET, env });
  try {
    w.emulator.webhooks.configure({ url: undefined });
    const before = w.emulator.webhooks.deliveries.length;
    for (let i = 0; i < merges; i++) {
      const n = await w.emulator.openPullRequest(REPO, { head: `merge-${i}`, author: "alice", files: { [`prompts/m${i}.prompt.yml`]: SUPPORT_TEMPLATE.replace("Support", `Merge ${i}`) } });
      await w.emulator.mergePullRequest(REPO, n, { by: "bob" });
    }
    await w.emulator.settled();
    const closed = w.emulator.webhooks.deliveries.slice(before).filter((d) => d.event === "pull_request" && d.action === "closed");
    const t0 = performance.now();
    await Promise.all(closed.flatMap((d) => [w.app.webhookUrl, second.webhookUrl].map((url) => fetch(url, { method: "POST", headers: d.headers, body: d.body }))));
    const gitDir = w.emulator.repository(REPO).gitDir;
    const count = async () => { try { const h = await readHistory(gitDir, "promptops-audit"); return verifyLog({ commits: h.commits, files: h.files, keys: [signing.publicKey] }); } catch { return undefined; } };
    const deadline = Date.now() + 15 * 60_000;
    let v = await count();
    while ((v?.entries ?? 0) < merges && Date.now() < deadline) { await new Promise((r) => setTimeout(r, 1000)); v = await count(); }
    // Let late duplicates finish: they must add nothing.
    await new Promise((r) => setTimeout(r, 5000));
    v = await count();
    return { entries: v?.entries ?? 0, problems: v?.problems.length ?? -1, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await second.stop();
    removeBundle(bundle);
    await w.close();
  }
}
