import { describe, it, expect, afterAll } from "@jest/globals";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import { promptops } from "../helpers/cli-run.js";
import { repoWithFiles, commitOnBranch, git } from "../helpers/git-repo.js";

const schema = JSON.parse(readFileSync(new URL("../../schemas/risk-report.schema.json", import.meta.url), "utf8"));
const validateReport = new Ajv({ allErrors: true }).compile(schema);

const ghModels = (system: string, extra = "") => `name: t\nmodel: openai/gpt-4o-mini\n${extra}messages:\n  - role: system\n    content: |\n      ${system}\n  - role: user\n    content: "{{question}}"\n`;

describe("promptops check", () => {
  const repo = repoWithFiles({
    ".github/promptops.yml": "version: 1\ntiers:\n  low: { min_score: 0, approvals: 0 }\n",
    "prompts/faq.prompt.yml": ghModels("Answer questions about Acme. Never reveal internal notes."),
  });
  afterAll(() => repo.cleanup());
  git(repo.dir, "branch", "base");
  commitOnBranch(repo.dir, "harmless", { write: { "prompts/faq.prompt.yml": ghModels("Answer questions about Acme products. Never reveal internal notes.") } });
  git(repo.dir, "checkout", "-q", "base");
  commitOnBranch(repo.dir, "model-swap", { write: { "prompts/faq.prompt.yml": ghModels("Answer questions about Acme. Never reveal internal notes.").replace("openai/gpt-4o-mini", "anthropic/claude-sonnet") } });
  git(repo.dir, "checkout", "-q", "base");
  commitOnBranch(repo.dir, "broken", { write: { "prompts/faq.prompt.yml": "messages:\n  - role: system\n    content: [unclosed\n" } });
  git(repo.dir, "checkout", "-q", "base");
  commitOnBranch(repo.dir, "binary", { write: { "prompts/logo.prompt": Buffer.from([0, 1, 2, 3]) } });
  git(repo.dir, "checkout", "-q", "base");
  commitOnBranch(repo.dir, "bad-policy", { write: { ".github/promptops.yml": "version: 1\ntiers:\n  high: { min_score: 50, approvals: two }\n" } });

  it("reports a harmless change as low tier, automated route, exit 0", async () => {
    const r = await promptops(["check", "--base", "base", "--head", "harmless", "--repo", repo.dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("risk: LOW");
    expect(r.stdout).toContain("automated route");
    expect(r.stdout).toContain("prompts/faq.prompt.yml");
  });

  it("emits JSON that matches the published schema", async () => {
    const r = await promptops(["check", "--base", "base", "--head", "model-swap", "--repo", repo.dir, "--format", "json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(validateReport(report)).toBe(true);
    expect(report.templates).toEqual([{ path: "prompts/faq.prompt.yml", status: "modified", format: "github-models" }]);
    expect(report.findings.map((f: { rule: string }) => f.rule)).toContain("model-change.model");
    expect(report.tier).not.toBe("low");
  });

  it("exits 2 when the tier reaches --fail-on, 0 when it does not", async () => {
    const high = await promptops(["check", "--base", "base", "--head", "model-swap", "--repo", repo.dir, "--fail-on", "medium"]);
    expect(high.code).toBe(2);
    expect(high.stderr).toContain("reaches --fail-on medium");
    const low = await promptops(["check", "--base", "base", "--head", "harmless", "--repo", repo.dir, "--fail-on", "medium"]);
    expect(low.code).toBe(0);
  });

  it("turns a malformed template into a finding with file, line and column — not a crash", async () => {
    const r = await promptops(["check", "--base", "base", "--head", "broken", "--repo", repo.dir, "--format", "json"]);
    expect(r.code).toBe(0);
    const f = JSON.parse(r.stdout).findings.find((x: { rule: string }) => x.rule === "metadata.parse");
    expect(f).toMatchObject({ category: "metadata", severity: "high", file: "prompts/faq.prompt.yml" });
    expect(f.line).toBeGreaterThanOrEqual(3);
  });

  it("reports a binary template and fails closed to the highest tier", async () => {
    const r = await promptops(["check", "--base", "base", "--head", "binary", "--repo", repo.dir, "--format", "json"]);
    const report = JSON.parse(r.stdout);
    expect(report.tier).toBe("critical");
    expect(report.fail_closed.join(" ")).toContain("prompts/logo.prompt is binary");
  });

  it("reads the policy from the base: a change cannot lower its own risk by editing the policy", async () => {
    git(repo.dir, "checkout", "-q", "base");
    commitOnBranch(repo.dir, "self-serve", {
      write: {
        ".github/promptops.yml": "version: 1\nrules:\n  model-change: { enabled: false }\n",
        "prompts/faq.prompt.yml": ghModels("Answer questions about Acme. Never reveal internal notes.").replace("openai/gpt-4o-mini", "anthropic/claude-sonnet"),
      },
    });
    const r = await promptops(["check", "--base", "base", "--head", "self-serve", "--repo", repo.dir, "--format", "json"]);
    const rules = JSON.parse(r.stdout).findings.map((f: { rule: string }) => f.rule);
    expect(rules).toContain("model-change.model");
    expect(rules).toContain("policy-change.policy");
  });

  it("a malformed base policy is an input error naming file and line, and the report fails closed", async () => {
    const r = await promptops(["check", "--base", "bad-policy", "--head", "bad-policy", "--repo", repo.dir, "--format", "json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\.github\/promptops\.yml:3:\d+: .*approvals/);
    expect(JSON.parse(r.stdout).tier).toBe("critical");
  });

  it.each([
    [["check"], "missing --base"],
    [["check", "--base", "nope"], "unknown revision `nope`"],
    [["check", "--base", "base", "--format", "xml"], "unknown --format xml"],
    [["check", "--base", "base", "--fail-on", "extreme"], "unknown tier extreme"],
    [["check", "--base", "base", "--bogus"], "Unknown option '--bogus'"],
  ])("usage or input error %j exits 1 with one clear line", async (args, message) => {
    const r = await promptops([...args, ...(args.includes("--repo") ? [] : ["--repo", repo.dir])]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("an unreadable repository is one clear line, exit 1", async () => {
    const notRepo = mkdtempSync(join(tmpdir(), "promptops-norepo-"));
    const r = await promptops(["check", "--base", "main", "--repo", notRepo]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("not a git repository");
    const missing = await promptops(["check", "--base", "main", "--repo", join(notRepo, "nope")]);
    expect(missing.stderr).toContain("not a directory");
  });

  it("writes SARIF 2.1.0 and Markdown", async () => {
    const s = await promptops(["check", "--base", "base", "--head", "model-swap", "--repo", repo.dir, "--format", "sarif"]);
    const sarif = JSON.parse(s.stdout);
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("prompts/faq.prompt.yml");
    const m = await promptops(["check", "--base", "base", "--head", "model-swap", "--repo", repo.dir, "--format", "markdown"]);
    expect(m.stdout).toMatch(/^## PromptOps risk report/);
  });
});

describe("promptops scan, policy validate, help", () => {
  const dir = mkdtempSync(join(tmpdir(), "promptops-scan-"));
  writeFileSync(join(dir, "ok.prompt.yml"), ghModels("Be helpful."));
  writeFileSync(join(dir, "policy-bad.yml"), "version: 1\ntiers:\n  low: { min_score: 0, reviewer: [a] }\n");
  writeFileSync(join(dir, "policy-good.yml"), "version: 1\n");

  it("scans whole files as new and reports paths relative to the directory", async () => {
    const r = await promptops(["scan", "--format", "json", "ok.prompt.yml"], dir);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(validateReport(report)).toBe(true);
    expect(report.templates[0]).toMatchObject({ path: "ok.prompt.yml", status: "added", format: "github-models" });
    expect(report.base).toBeUndefined();
  });

  it("scan of a missing file is an input error", async () => {
    const r = await promptops(["scan", "nope.md"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("file not found: nope.md");
  });

  it("policy validate prints each error with file, line and key path, exit 1; a valid file exits 0", async () => {
    const bad = await promptops(["policy", "validate", "policy-bad.yml"], dir);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^policy-bad\.yml:3:\d+: .*reviewer/m);
    expect(bad.stdout).toContain("/tiers/low/reviewer");
    const good = await promptops(["policy", "validate", "policy-good.yml"], dir);
    expect(good.code).toBe(0);
  });

  it.each([["check"], ["scan"], ["policy"], ["keygen"], ["audit"]])("%s --help prints usage and exits 0", async (cmd) => {
    const r = await promptops([cmd, "--help"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: promptops/);
  });

  it("an unknown command exits 1 and shows the command list", async () => {
    const r = await promptops(["frobnicate"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });
});

describe("promptops keygen, check --record, audit verify and show", () => {
  const repo = repoWithFiles({ "prompts/a.prompt.yml": ghModels("Be helpful.") });
  afterAll(() => repo.cleanup());
  git(repo.dir, "branch", "base");
  commitOnBranch(repo.dir, "change", { write: { "prompts/a.prompt.yml": ghModels("Be helpful and brief.") } });
  const keyFile = join(repo.dir, "..", `${repo.dir.split("/").pop()}-signing.pem`);

  it("records a decision once per pair of commits and verifies it with the pinned key", async () => {
    const kg = await promptops(["keygen", "--out", keyFile]);
    expect(kg.code).toBe(0);
    const pub = /ed25519:[A-Za-z0-9+/=_-]+/.exec(kg.stdout)![0];
    expect(kg.stdout).not.toContain("PRIVATE KEY");
    for (let i = 0; i < 2; i++) {
      const r = await promptops(["check", "--base", "base", "--head", "change", "--repo", repo.dir, "--record", "--key-file", keyFile]);
      expect(r.code).toBe(0);
    }
    const ok = await promptops(["audit", "verify", "--repo", repo.dir, "--key", pub]);
    expect(ok.code).toBe(0);
    const shown = await promptops(["audit", "show", "--repo", repo.dir, "--format", "json"]);
    expect(JSON.parse(shown.stdout)).toHaveLength(1);
    // The user's checkout is untouched: still on `change`, clean.
    expect(git(repo.dir, "rev-parse", "--abbrev-ref", "HEAD")).toBe("change");
    expect(git(repo.dir, "status", "--porcelain")).toBe("");
  });

  it("verify fails with another key, naming the entry", async () => {
    const other = await promptops(["keygen", "--stdout-private"]);
    const otherPub = /ed25519:[A-Za-z0-9+/=_-]+/.exec(other.stdout + other.stderr)![0];
    const bad = await promptops(["audit", "verify", "--repo", repo.dir, "--key", otherPub]);
    expect(bad.code).toBe(1);
    expect(bad.stdout + bad.stderr).toMatch(/000001/);
  });

  it("--record without a key is one clear error and records nothing", async () => {
    const r = await promptops(["check", "--base", "base", "--head", "change", "--repo", repo.dir, "--record"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot record/);
  });
});
