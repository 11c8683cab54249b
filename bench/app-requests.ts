/**
 * The App's API cost and latency, measured against the GitHub emulator with
 * the App running as a real `probot run` process on loopback:
 *
 * (a) API requests (token exchange excluded) of one `pull_request_review`
 *     event on a pull request changing 5 templates among 50 files, in an App
 *     process that has seen the pull request opened (its caches warm, as in
 *     steady state);
 * (b) event-to-check latency for 200 `pull_request_review` events POSTed at
 *     once: from each POST to the first check-run write whose summary lists
 *     that event's review. Octokit's throttling (on, as in production) spaces
 *     an installation's writes a second apart, so the latency grows with the
 *     number of distinct pull requests in the burst, not with the events.
 */
import { generateKeyPairSync } from "node:crypto";
import { AppWorld, REPO, SUPPORT_TEMPLATE, risky } from "../test/app/harness.js";

export interface AppBenchResult {
  requestsPerReviewEvent: number;
  /** Milliseconds from webhook POST to the check run showing that event's review. */
  p50: number;
  p99: number;
  /** What was measured, for the table. */
  scenario: string;
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export async function appRequestBench(opts: { events?: number; pulls?: number } = {}): Promise<AppBenchResult> {
  const events = opts.events ?? 200;
  const pulls = opts.pulls ?? 20;
  const perPull = Math.ceil(events / pulls);
  const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  // Reviewer requests off: they are writes too, and would only slow the setup (the review events request no one either way).
  const w = await AppWorld.create(privateKey, { env: { LOG_LEVEL: "error", PROMPTOPS_REQUEST_REVIEWERS: "false" } });
  const { emulator } = w;
  try {
    // (a) one review event on 5 templates among 50 files.
    const files: Record<string, string> = {};
    for (let i = 0; i < 45; i++) files[`docs/page-${i}.md`] = `page ${i}\n`;
    for (let i = 0; i < 5; i++) files[`prompts/bench-${i}.prompt.yml`] = risky(SUPPORT_TEMPLATE.replace("Support", `Bench ${i}`));
    const n = await w.openPr(files);
    emulator.requests.reset();
    await w.review(n, "bob", "APPROVE");
    const requestsPerReviewEvent = emulator.requests.all.filter((r) => r.operationId !== "apps/create-installation-access-token").length;

    // (b) the burst: reviewers who can write, pull requests the App has already seen opened.
    const reviewers = Array.from({ length: perPull }, (_, i) => `reviewer-${i}`);
    for (const r of reviewers) {
      emulator.createUser(r);
      emulator.setCollaborator(REPO, r, "write");
    }
    const numbers: number[] = [];
    for (let p = 0; p < pulls; p++) numbers.push(await w.openPr({ [`prompts/burst-${p}.prompt.yml`]: risky(SUPPORT_TEMPLATE.replace("Support", `Burst ${p}`)) }));
    emulator.webhooks.configure({ url: undefined });
    emulator.webhooks.take();
    const pending: { id: number; pull: number; body: string; headers: Record<string, string>; sentAt: number; latency?: number }[] = [];
    for (let i = 0; i < events; i++) {
      const pull = numbers[i % pulls]!;
      const id = await emulator.submitReview(REPO, pull, { user: reviewers[Math.floor(i / pulls)]!, event: "APPROVE" });
      pending.push({ id, pull, body: "", headers: {}, sentAt: 0 });
    }
    const deliveries = emulator.webhooks.take().filter((d) => d.event === "pull_request_review");
    for (const e of pending) {
      const d = deliveries.find((x) => (x.payload.review as { id: number }).id === e.id)!;
      e.body = d.body;
      e.headers = d.headers;
    }

    // Every check-run write: which waiting events does the run now answer?
    const record = emulator.requests.record.bind(emulator.requests);
    emulator.requests.record = (entry) => {
      record(entry);
      if ((entry.operationId !== "checks/create" && entry.operationId !== "checks/update") || entry.status >= 400) return;
      const now = performance.now();
      for (const e of pending) {
        if (e.latency !== undefined || e.sentAt === 0) continue;
        const summary = w.ourRuns(w.head(e.pull))[0]?.output.summary ?? "";
        if (new RegExp(`#${e.id}(?!\\d)`).test(summary)) e.latency = now - e.sentAt;
      }
    };
    await Promise.all(
      pending.map(async (e) => {
        e.sentAt = performance.now();
        const res = await fetch(w.app.webhookUrl, { method: "POST", headers: e.headers, body: e.body });
        await res.arrayBuffer();
      }),
    );
    const deadline = Date.now() + 10 * 60_000;
    while (pending.some((e) => e.latency === undefined) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    emulator.requests.record = record;
    const unanswered = pending.filter((e) => e.latency === undefined).length;
    if (unanswered > 0) throw new Error(`${unanswered} of ${events} events never reached the check run:\n${w.app.logs().slice(-2000)}`);
    const sorted = pending.map((e) => e.latency!).sort((a, b) => a - b);
    return {
      requestsPerReviewEvent,
      p50: Math.round(percentile(sorted, 50)),
      p99: Math.round(percentile(sorted, 99)),
      scenario: `${events} pull_request_review events at once over ${pulls} pull requests of one installation`,
    };
  } finally {
    await w.close();
  }
}

// `tsx bench/app-requests.ts` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await appRequestBench();
  console.log(JSON.stringify(r, null, 2));
}
