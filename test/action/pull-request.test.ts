import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { GitHubEmulator, testAppKeys } from "../github-emulator/index.js";
import { guardEmulator } from "../github-emulator/jest-guard.js";
import { POLICY, ROOT, annotations, latestPullRequestEvent, promptFile, removeRunDirs, runAction } from "./harness.js";

const REPO = "acme/prompts";
const MARKER = "<!-- promptops:report -->";
const validateReport = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(ROOT, "schemas", "risk-report.schema.json"), "utf8")));

const keys = testAppKeys();
let emulator: GitHubEmulator;

beforeAll(async () => {
  emulator = await GitHubEmulator.create({ app: { id: 7, slug: "github-actions", privateKey: keys.privateKey } });
  emulator.createUser("alice");
  await emulator.createRepository(REPO, {
    ownerType: "Organization",
    collaborators: { alice: "write" },
    files: {
      ".github/promptops.yml": POLICY,
      "prompts/faq.prompt.yml": promptFile(["Answer questions about Acme products.", "Never reveal internal notes."]),
      "prompts/billing.prompt.yml": promptFile(["Explain invoices politely.", "Never reveal internal notes."]),
      "README.md": "# prompts\n",
    },
  });
});
afterAll(async () => {
  removeRunDirs();
  await emulator?.close();
});
guardEmulator(() => emulator);

const comments = (n: number) => emulator.state.comments(REPO, n) as Array<{ id: number; body: string }>;
const labels = (n: number) => emulator.state.labels(REPO, n) as string[];
const writes = () => emulator.requests.all.filter((r) => r.method !== "GET" && r.operationId !== "graphql");

describe("the Action on a pull request", () => {
  it("reports a harmless change as low tier without failing, with one comment and the low label", async () => {
    const n = await emulator.openPullRequest(REPO, { head: "wording", author: "alice", files: { "prompts/faq.prompt.yml": promptFile(["Answer questions about Acme products and services.", "Never reveal internal notes."]) } });
    const run = await runAction({ emulator, repo: REPO, payload: latestPullRequestEvent(emulator, n), inputs: { "fail-on": "medium" } });

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ tier: "low", findings: "0" });
    expect(Number(run.outputs.score)).toBeLessThan(20);
    expect(JSON.parse(run.outputs.requirements!)).toEqual([]);
    const report = JSON.parse(readFileSync(run.outputs.report!, "utf8"));
    expect(validateReport(report)).toBe(true);
    expect(run.outputs.report!.startsWith(join(run.dir, "runner-temp"))).toBe(true);
    expect(report.templates).toEqual([{ path: "prompts/faq.prompt.yml", status: "modified", format: "github-models" }]);
    expect(report.head).toBe(emulator.state.pullRequest(REPO, n)!.head.sha);
    expect(run.summary).toContain("PromptOps risk report");
    expect(run.summary).toContain("automated route");
    expect(annotations(run, "error")).toEqual([]);
    expect(comments(n)).toHaveLength(1);
    expect(comments(n)[0]!.body.startsWith(MARKER)).toBe(true);
    expect(labels(n)).toEqual(["promptops:risk-low"]);
  });

  it("reports a risky change: its tier, annotations on the finding lines, one comment, SARIF, and fails at fail-on", async () => {
    // Line 6 is the first line of the system message; the email lands on line 7.
    const n = await emulator.openPullRequest(REPO, {
      head: "contact",
      author: "alice",
      files: { "prompts/billing.prompt.yml": promptFile(["Explain invoices politely.", "Escalate to jane.doe@acme-billing.com when unsure.", "Never reveal internal notes."]) },
    });
    const run = await runAction({ emulator, repo: REPO, payload: latestPullRequestEvent(emulator, n), inputs: { "fail-on": "high", "sarif-file": "results/promptops.sarif" } });

    expect(run.code).toBe(1);
    expect(run.outputs.tier).toBe("high");
    const report = JSON.parse(readFileSync(run.outputs.report!, "utf8"));
    expect(run.outputs.findings).toBe(String(report.findings.length));
    const email = report.findings.find((f: { rule: string }) => f.rule === "pii.email");
    expect(email).toMatchObject({ file: "prompts/billing.prompt.yml", line: 7 });
    const errors = annotations(run, "error");
    const pii = errors.find((a) => a.properties.title?.includes("pii.email"));
    expect(pii?.properties).toMatchObject({ file: "prompts/billing.prompt.yml", line: "7", col: String(email.column) });
    expect(pii?.message).toContain(`Evidence (masked): ${email.evidence}`);
    // The step's failure names the reason and is the last error.
    expect(errors.at(-1)!.message).toContain("reaches `fail-on: high`");
    expect(JSON.parse(run.outputs.requirements!)[0]).toMatchObject({ id: "approvals", needed: 2, missing: 2 });
    const sarif = JSON.parse(readFileSync(join(run.dir, "workspace", "results", "promptops.sarif"), "utf8"));
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain("pii.email");
    expect(comments(n)).toHaveLength(1);
    expect(comments(n)[0]!.body).toContain("`prompts/billing.prompt.yml:7`");
    expect(labels(n)).toEqual(["promptops:risk-high"]);
  });

  it("on the next push updates the same comment in place and switches the label", async () => {
    const n = await emulator.openPullRequest(REPO, { head: "tone", author: "alice", files: { "prompts/faq.prompt.yml": promptFile(["Answer questions about Acme products.", "Write to bob.jones@acme-support.com for refunds.", "Never reveal internal notes."]) } });
    const first = await runAction({ emulator, repo: REPO, payload: latestPullRequestEvent(emulator, n) });
    expect(first.outputs.tier).toBe("high");
    const [original] = comments(n);
    expect(labels(n)).toEqual(["promptops:risk-high"]);

    const head = await emulator.pushToPullRequest(REPO, n, { "prompts/faq.prompt.yml": promptFile(["Answer questions about Acme products, briefly.", "Never reveal internal notes."]) });
    emulator.requests.reset();
    const second = await runAction({ emulator, repo: REPO, payload: latestPullRequestEvent(emulator, n) });

    expect(second.code).toBe(0);
    expect(second.outputs.tier).toBe("low");
    const now = comments(n);
    expect(now).toHaveLength(1);
    expect(now[0]!.id).toBe(original!.id);
    expect(now[0]!.body).not.toBe(original!.body);
    expect(now[0]!.body).toContain(head.slice(0, 7));
    expect(now[0]!.body).not.toContain("pii");
    expect(labels(n)).toEqual(["promptops:risk-low"]);
    expect(writes().map((r) => r.operationId).sort()).toEqual(["issues/add-labels", "issues/create-label", "issues/remove-label", "issues/update-comment"]);
  });

  it("never prints a secret from the diff: not in the log, summary, annotations, comment, outputs or files", async () => {
    // Built here from parts so that no secret-shaped string sits in the repository.
    const secret = ["sk", "proj", randomBytes(36).toString("base64url").replace(/[-_]/g, "x")].join("-");
    const n = await emulator.openPullRequest(REPO, {
      head: "paste",
      author: "alice",
      files: { "prompts/faq.prompt.yml": promptFile(["Answer questions about Acme products.", `Call the lookup API with key ${secret} when needed.`, "Never reveal internal notes."]) },
    });
    const run = await runAction({ emulator, repo: REPO, payload: latestPullRequestEvent(emulator, n), inputs: { "sarif-file": "out.sarif" } });

    expect(run.code).toBe(0);
    expect(run.outputs.tier).toBe("critical");
    const report = JSON.parse(readFileSync(run.outputs.report!, "utf8"));
    const finding = report.findings.find((f: { category: string }) => f.category === "secret");
    expect(finding).toMatchObject({ file: "prompts/faq.prompt.yml", line: 7 });
    const errors = annotations(run, "error");
    expect(errors.some((a) => a.properties.line === "7" && a.message.includes(finding.evidence))).toBe(true);

    const files = [run.outputs.report!, join(run.dir, "workspace", "out.sarif")];
    const places: Record<string, string> = {
      stdout: run.stdout,
      stderr: run.stderr,
      summary: run.summary,
      annotations: JSON.stringify(annotations(run)),
      comment: comments(n).map((c) => c.body).join("\n"),
      outputs: JSON.stringify(run.outputs),
      ...Object.fromEntries(files.map((f) => [f, readFileSync(f, "utf8")])),
    };
    expect(readdirSync(join(run.dir, "runner-temp", "promptops"))).toEqual(["risk-report.json"]);
    // The whole key and its random middle (masks keep a prefix and the last few characters).
    const middle = secret.slice(12, 36);
    for (const [where, text] of Object.entries(places)) {
      expect({ where, leaked: text.includes(secret) || text.includes(middle) }).toEqual({ where, leaked: false });
    }
    expect(places.comment).toContain(finding.evidence);
  });

  it("reads the change from the local checkout when it holds both commits: no API call for files or contents", async () => {
    const n = await emulator.openPullRequest(REPO, { head: "local", author: "alice", files: { "prompts/faq.prompt.yml": promptFile(["Answer questions about Acme products.", "Mail judy.moss@acme-support.com for refunds.", "Never reveal internal notes."]) } });
    emulator.requests.reset();
    const run = await runAction({ emulator, repo: REPO, payload: latestPullRequestEvent(emulator, n), checkout: emulator.repository(REPO).gitDir });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain("from the local checkout");
    expect(run.outputs.tier).toBe("high");
    expect(annotations(run, "error").some((a) => a.properties.file === "prompts/faq.prompt.yml" && a.properties.line === "7")).toBe(true);
    expect(JSON.parse(readFileSync(run.outputs.report!, "utf8")).policy.default).toBe(false);
    expect(emulator.requests.count("pulls/list-files") + emulator.requests.count("graphql")).toBe(0);
    expect(comments(n)).toHaveLength(1);
  });

  it("annotates within GitHub's per-step limits, most severe first, and says how many were left out", async () => {
    const lines = Array.from({ length: 12 }, (_, i) => `Contact person${i}.name@acme-partner${i}.com for region ${i}.`);
    const n = await emulator.openPullRequest(REPO, { head: "many", author: "alice", files: { "prompts/billing.prompt.yml": promptFile(["Explain invoices politely.", ...lines, "Never reveal internal notes."]) } });
    const run = await runAction({ emulator, repo: REPO, payload: latestPullRequestEvent(emulator, n) });

    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(run.outputs.report!, "utf8"));
    const errorFindings = report.findings.filter((f: { severity: string }) => ["critical", "high"].includes(f.severity));
    expect(errorFindings.length).toBeGreaterThanOrEqual(12);
    const errors = annotations(run, "error");
    // One error slot stays free for a failure message.
    expect(errors).toHaveLength(9);
    expect(errors.map((a) => [a.properties.file, Number(a.properties.line)])).toEqual(errorFindings.slice(0, 9).map((f: { file: string; line: number }) => [f.file, f.line]));
    const note = annotations(run, "notice").at(-1)!;
    expect(note.message).toContain(`${report.findings.length - annotations(run).length + 1} more finding`);
  });

  it("on a pull request that touches no template reports low and adds no comment or label", async () => {
    const n = await emulator.openPullRequest(REPO, { head: "readme", author: "alice", files: { "README.md": "# prompts\n\nMore words.\n" } });
    const run = await runAction({ emulator, repo: REPO, payload: latestPullRequestEvent(emulator, n) });

    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ tier: "low", findings: "0", requirements: "[]" });
    expect(run.summary).toContain("No prompt templates changed");
    expect(comments(n)).toEqual([]);
    expect(labels(n)).toEqual([]);
  });

  it("in dry-run reports (outputs, summary, annotations) and makes no write call", async () => {
    const n = await emulator.openPullRequest(REPO, { head: "dry", author: "alice", files: { "prompts/billing.prompt.yml": promptFile(["Explain invoices.", "Ping carol.white@acme-billing.com first.", "Never reveal internal notes."]) } });
    emulator.requests.reset();
    const run = await runAction({ emulator, repo: REPO, payload: latestPullRequestEvent(emulator, n), inputs: { "dry-run": "true" } });

    expect(run.code).toBe(0);
    expect(run.outputs.tier).toBe("high");
    expect(existsSync(run.outputs.report!)).toBe(true);
    expect(run.summary).toContain("dry-run");
    expect(annotations(run, "error").some((a) => a.properties.line === "7")).toBe(true);
    expect(emulator.requests.total).toBeGreaterThan(0);
    expect(writes()).toEqual([]);
    expect(comments(n)).toEqual([]);
    expect(labels(n)).toEqual([]);
  });
});
