import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GitHubEmulator, testAppKeys } from "../github-emulator/index.js";
import { guardEmulator } from "../github-emulator/jest-guard.js";
import { ROOT, annotations, latestPullRequestEvent, removeRunDirs, runAction } from "./harness.js";

const REPO = "acme/prompts";
const FIXTURES = join(ROOT, "test", "fixtures", "governance");
const fixture = (p: string) => readFileSync(join(FIXTURES, p), "utf8");
const MARKER = "<!-- promptops:report -->";

const POLICY = [
  "version: 1",
  "tiers:",
  "  low: { min_score: 0, approvals: 1, review_sla: 3d }",
  "  medium: { min_score: 20, approvals: 1, reviewers: [owners], review_sla: 48h }",
  "require:",
  "  min_pass_rate: { tier: low, rate: 0.8 }",
  "",
].join("\n");

const QA = fixture("templates/product-qa.prompty");
/** Product QA with two more lines of fixed text: more tokens, a priced model (gpt-4o). */
const QA_LONGER = QA.replace("Only recommend products that are in stock.", "Only recommend products that are in stock, and say when they ship.\nMention the return policy when asked about returns.");
const GREETING = "Say hello to {{name}} politely.\n";

const keys = testAppKeys();
let emulator: GitHubEmulator;

beforeAll(async () => {
  emulator = await GitHubEmulator.create({ app: { id: 7, slug: "github-actions", privateKey: keys.privateKey } });
  emulator.createUser("alice");
  emulator.createUser("dora");
  await emulator.createRepository(REPO, {
    ownerType: "Organization",
    collaborators: { alice: "write", dora: "write" },
    files: {
      ".github/promptops.yml": POLICY,
      ".github/CODEOWNERS": fixture("CODEOWNERS"),
      "prompts/product-qa.prompty": QA,
      "prompts/greeting.txt": GREETING,
    },
  });
});
afterAll(async () => {
  removeRunDirs();
  await emulator?.close();
});
guardEmulator(() => emulator);

const comments = (n: number) => emulator.state.comments(REPO, n);
const writes = () => emulator.requests.all.filter((r) => r.method !== "GET" && r.operationId !== "graphql");
const report = (path: string) => JSON.parse(readFileSync(path, "utf8")) as {
  findings: { rule: string; file: string; blocking?: boolean }[];
  summary: { blocking: number };
  governance: { sla?: { sla: string; deadline?: string }; cost: { delta: number }; accuracy?: unknown; templates: { path: string; owners: string[]; accuracy?: { rate: number; base_rate?: number } }[] };
};
/** How the governance section prints a time: `2026-03-05 09:00 UTC`. */
const shown = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace(/:\d\d\.\d+Z$/, " UTC");
const DAY = 86_400_000;
/** The two templates' evaluations, as promptfoo wrote them: Product QA 3/4 (base 4/4), greeting 2/3 (base 3/3), one unrelated prompt. */
const EVALS = { head: join(FIXTURES, "evals", "promptfoo-head.json"), base: join(FIXTURES, "evals", "promptfoo-base.json") };

describe("governance in the Action's report", () => {
  it("shows owners, the review SLA's deadline and the cost delta in the job summary and the PR comment", async () => {
    const n = await emulator.openPullRequest(REPO, { head: "longer-qa", author: "dora", files: { "prompts/product-qa.prompty": QA_LONGER } });
    const payload = latestPullRequestEvent(emulator, n);
    const run = await runAction({ emulator, repo: REPO, payload });

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const r = report(run.outputs.report!);
    const created = Date.parse((payload.pull_request as { created_at: string }).created_at);
    // Tier low's SLA is 3d, counted from the opening of the pull request.
    expect(r.governance.sla).toEqual({ sla: "3d", source: "tier low", deadline: new Date(created + 3 * DAY).toISOString() });
    expect(r.governance.templates).toMatchObject([{ path: "prompts/product-qa.prompty", owners: ["alice"] }]);
    expect(r.governance.cost.delta).toBeGreaterThan(0);
    const body = comments(n)[0]!.body;
    for (const [where, text] of [["summary", run.summary], ["comment", body]] as const) {
      expect({ where, governance: text.includes("### Governance") }).toEqual({ where, governance: true });
      expect(text).toContain(`review due **${shown(created + 3 * DAY)}**`);
      expect(text).toContain("@alice (.github/CODEOWNERS:7)");
      expect(text).toContain(`**Cost per call:** +${r.governance.cost.delta} tokens of fixed text`);
      // No evaluation results were given: no pass-rate column.
      expect(text).not.toContain("Pass rate");
    }
    expect(body.startsWith(MARKER)).toBe(true);
  });

  it("starts the SLA clock when a draft became ready for review, and shows no deadline for a draft", async () => {
    const n = await emulator.openPullRequest(REPO, { head: "ready", author: "dora", files: { "prompts/greeting.txt": "Say hello to {{name}} warmly.\n" } });
    const opened = latestPullRequestEvent(emulator, n);
    const pr = opened.pull_request as Record<string, unknown>;
    const readyAt = new Date(Date.parse(pr.created_at as string) + 5 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const ready = await runAction({ emulator, repo: REPO, payload: { ...opened, action: "ready_for_review", pull_request: { ...pr, updated_at: readyAt } }, inputs: { "dry-run": "true" } });
    expect(ready.code).toBe(0);
    expect(report(ready.outputs.report!).governance.sla?.deadline).toBe(new Date(Date.parse(readyAt) + 3 * DAY).toISOString());
    expect(ready.summary).toContain(`review due **${shown(Date.parse(readyAt) + 3 * DAY)}**`);

    const draft = await runAction({ emulator, repo: REPO, payload: { ...opened, pull_request: { ...pr, draft: true } }, inputs: { "dry-run": "true" } });
    expect(draft.code).toBe(0);
    expect(report(draft.outputs.report!).governance.sla).toEqual({ sla: "3d", source: "tier low" });
    expect(draft.summary).toContain("**Review SLA:** 3d");
    expect(draft.summary).not.toContain("review due");
  });

  it("shows each template's pass rate against the base results, and a pass rate under min_pass_rate blocks", async () => {
    const n = await emulator.openPullRequest(REPO, {
      head: "evaluated",
      author: "dora",
      files: { "prompts/product-qa.prompty": QA_LONGER, "prompts/greeting.txt": "Say hello to {{name}} politely, and offer help.\n" },
    });
    // Head results where an earlier step wrote them in the workspace; base results by absolute path.
    const run = await runAction({
      emulator,
      repo: REPO,
      payload: latestPullRequestEvent(emulator, n),
      files: { "out/promptfoo.json": readFileSync(EVALS.head, "utf8") },
      inputs: { "eval-results": "out/promptfoo.json", "eval-results-base": EVALS.base },
    });

    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("Evaluation results (promptfoo): 2 changed templates with results, 1 evaluated prompt matching no changed template; compared with the base results.");
    const r = report(run.outputs.report!);
    expect(r.governance.templates.map((t) => [t.path, t.accuracy?.rate, t.accuracy?.base_rate])).toEqual([
      ["prompts/greeting.txt", 2 / 3, 1],
      ["prompts/product-qa.prompty", 0.75, 1],
    ]);
    const passRate = r.findings.filter((f) => f.rule === "metadata.pass-rate");
    expect(passRate.map((f) => [f.file, f.blocking])).toEqual([
      ["prompts/greeting.txt", true],
      ["prompts/product-qa.prompty", true],
    ]);
    expect(r.summary.blocking).toBe(2);
    const body = comments(n)[0]!.body;
    for (const text of [run.summary, body]) {
      expect(text).toContain("| Pass rate |");
      expect(text).toContain("75% (3/4) ▼ −25 pts");
      expect(text).toContain("66.7% (2/3) ▼ −33.3 pts");
      expect(text).toContain("1 evaluated prompt matched no changed template.");
      expect(text).toContain("this template passes 75% of its evaluations (3/4).");
      expect(text).toContain("**(blocking)**");
    }
    const warned = annotations(run, "warning").filter((a) => a.properties.title?.includes("metadata.pass-rate"));
    expect(warned.map((a) => a.properties.file).sort()).toEqual(["prompts/greeting.txt", "prompts/product-qa.prompty"]);
  });

  it("does not block when every template reaches min_pass_rate", async () => {
    const n = await emulator.openPullRequest(REPO, { head: "all-pass", author: "dora", files: { "prompts/product-qa.prompty": QA_LONGER } });
    // The base run passes everything: as head results, nothing is under 80%.
    const run = await runAction({ emulator, repo: REPO, payload: latestPullRequestEvent(emulator, n), inputs: { "eval-results": EVALS.base, "dry-run": "true" } });

    expect(run.code).toBe(0);
    const r = report(run.outputs.report!);
    expect(r.findings.filter((f) => f.rule === "metadata.pass-rate")).toEqual([]);
    expect(r.summary.blocking).toBe(0);
    expect(run.summary).toContain("100% (4/4)");
  });

  it("fails the step, naming the file, when an evaluation results file is missing or unreadable, and writes nothing", async () => {
    const n = await emulator.openPullRequest(REPO, { head: "no-evals", author: "dora", files: { "prompts/product-qa.prompty": QA_LONGER } });
    const payload = latestPullRequestEvent(emulator, n);
    const cases: { inputs: Record<string, string>; files?: Record<string, string>; input: string; file: string; says: string }[] = [
      { inputs: { "eval-results": "evals/results.json" }, input: "eval-results", file: "evals/results.json", says: "does not exist" },
      { inputs: { "eval-results": "evals/results.json" }, files: { "evals/results.json": "{ \"results\": [" }, input: "eval-results", file: "evals/results.json", says: "is not JSON" },
      { inputs: { "eval-results": "evals/results.json" }, files: { "evals/results.json": "{ \"scores\": [] }" }, input: "eval-results", file: "evals/results.json", says: "neither promptfoo JSON output" },
      // Valid head results do not excuse missing base results.
      { inputs: { "eval-results": EVALS.head, "eval-results-base": "evals/base.json" }, input: "eval-results-base", file: "evals/base.json", says: "does not exist" },
    ];
    emulator.requests.reset();
    for (const c of cases) {
      const run = await runAction({ emulator, repo: REPO, payload, inputs: c.inputs, ...(c.files ? { files: c.files } : {}) });
      const errors = annotations(run, "error");
      expect({ case: c.says, code: run.code, errors: errors.length }).toEqual({ case: c.says, code: 1, errors: 1 });
      expect(errors[0]!.message).toContain(`input \`${c.input}\``);
      expect(errors[0]!.message).toContain(join(run.dir, "workspace", c.file));
      expect(errors[0]!.message).toContain(c.says);
      expect(run.outputs.report).toBeUndefined();
    }
    expect(writes()).toEqual([]);
    expect(comments(n)).toEqual([]);
  });
});
