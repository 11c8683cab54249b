import { describe, expect, it } from "@jest/globals";
import { inputVariable, parseInputs, repositoryPath } from "../../action/inputs.js";
import { pullRequestFromEvent, reviewStartedAt } from "../../action/event.js";

const inputs = (set: Record<string, string>) => (name: string) => set[name] ?? "";

describe("parseInputs", () => {
  it("applies the documented defaults when the runner passes empty values", () => {
    const r = parseInputs(inputs({ "github-token": "tok" }));
    expect(r).toEqual({ ok: true, value: { token: "tok", policyPath: ".github/promptops.yml", comment: "update", labels: true, dryRun: false, mode: "report" } });
  });

  it("reads every input", () => {
    const r = parseInputs(
      inputs({
        "github-token": "tok",
        policy: "./config/po.yml",
        comment: "off",
        labels: "False",
        "fail-on": "high",
        "sarif-file": "out/p.sarif",
        "dry-run": "TRUE",
        mode: "sla",
        "eval-results": "evals/head.json",
        "eval-results-base": "/tmp/base.json",
        "eval-prompt-file": "./prompts/a.prompt.yml",
        "approval-app": "promptops[bot]",
      }),
    );
    expect(r).toEqual({
      ok: true,
      value: {
        token: "tok",
        policyPath: "config/po.yml",
        comment: "off",
        labels: false,
        failOn: "high",
        sarifFile: "out/p.sarif",
        dryRun: true,
        mode: "sla",
        evalResults: "evals/head.json",
        evalResultsBase: "/tmp/base.json",
        evalPromptFile: "prompts/a.prompt.yml",
        approvalApp: "promptops",
      },
    });
  });

  it("reports every bad input at once, naming each", () => {
    const r = parseInputs(inputs({ "github-token": "", policy: "../outside.yml", comment: "always", labels: "yes", "fail-on": "severe", "dry-run": "1", mode: "nightly", "eval-results-base": "base.json", "eval-prompt-file": "/etc/x" }));
    expect(r.ok).toBe(false);
    const messages = r.ok ? [] : r.problems.map((p) => p.message);
    for (const name of ["github-token", "policy", "comment", "labels", "fail-on", "dry-run", "mode", "eval-results-base", "eval-prompt-file"]) expect(messages.some((m) => m.startsWith(`input \`${name}\``))).toBe(true);
    expect(messages.find((m) => m.includes("`mode`"))).toContain("`report` or `sla`");
    expect(messages.find((m) => m.includes("fail-on"))).toContain("low, medium, high, critical");
  });

  it("names inputs the way the runner does (hyphens kept, spaces as underscores)", () => {
    expect(inputVariable("github-token")).toBe("INPUT_GITHUB-TOKEN");
    expect(inputVariable("fail on")).toBe("INPUT_FAIL_ON");
  });

  it("keeps policy paths inside the repository", () => {
    expect(repositoryPath("./.github//promptops.yml")).toBe(".github/promptops.yml");
    expect(repositoryPath("/etc/passwd")).toBeUndefined();
    expect(repositoryPath("C:/x.yml")).toBeUndefined();
    expect(repositoryPath("a/../../b.yml")).toBeUndefined();
  });
});

const payload = (over: Record<string, unknown> = {}) => ({
  action: "opened",
  pull_request: {
    number: 12,
    title: "Tune",
    body: null,
    user: { login: "alice" },
    labels: [{ name: "promptops:risk-low" }, { name: "docs" }],
    changed_files: 4,
    created_at: "2026-03-02T09:00:00Z",
    updated_at: "2026-03-04T15:30:00Z",
    base: { sha: "a".repeat(40), repo: { full_name: "acme/prompts" } },
    head: { sha: "b".repeat(40), repo: { full_name: "acme/prompts" } },
    ...over,
  },
});

describe("pullRequestFromEvent", () => {
  it("takes everything the run needs from the payload", () => {
    expect(pullRequestFromEvent("pull_request", payload())).toEqual({
      ok: true,
      value: { event: "pull_request", repo: { owner: "acme", repo: "prompts" }, number: 12, title: "Tune", body: "", author: "alice", labels: ["promptops:risk-low", "docs"], baseSha: "a".repeat(40), headSha: "b".repeat(40), headRepo: "acme/prompts", changedFiles: 4, fromFork: false, draft: false, createdAt: "2026-03-02T09:00:00Z" },
    });
  });

  it("knows a fork by its head repository, and a deleted fork too", () => {
    const fork = pullRequestFromEvent("pull_request_target", payload({ head: { sha: "b".repeat(40), repo: { full_name: "mallory/prompts" } } }));
    expect(fork.ok && fork.value.fromFork).toBe(true);
    const gone = pullRequestFromEvent("pull_request", payload({ head: { sha: "b".repeat(40), repo: null } }));
    expect(gone.ok && gone.value).toMatchObject({ fromFork: true, headRepo: null });
  });

  it("starts the review clock when the pull request was opened, or when it became ready for review, and not for a draft", () => {
    const opened = pullRequestFromEvent("pull_request", payload());
    expect(opened.ok && reviewStartedAt(opened.value)).toBe("2026-03-02T09:00:00Z");
    const ready = pullRequestFromEvent("pull_request", { ...payload(), action: "ready_for_review" });
    expect(ready.ok && ready.value.readyAt).toBe("2026-03-04T15:30:00Z");
    expect(ready.ok && reviewStartedAt(ready.value)).toBe("2026-03-04T15:30:00Z");
    const draft = pullRequestFromEvent("pull_request", payload({ draft: true }));
    expect(draft.ok && draft.value.draft).toBe(true);
    expect(draft.ok ? reviewStartedAt(draft.value) : "not ok").toBeUndefined();
  });

  it("refuses other events and payloads without a pull request, saying which", () => {
    const push = pullRequestFromEvent("push", { ref: "refs/heads/main" });
    expect(push.ok ? "" : push.error.message).toContain("not `push`");
    const empty = pullRequestFromEvent("pull_request", {});
    expect(empty.ok ? "" : empty.error.message).toContain("no pull request");
  });
});
