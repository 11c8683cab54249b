import { describe, expect, it } from "@jest/globals";
import { inputVariable, parseInputs, repositoryPath } from "../../action/inputs.js";
import { pullRequestFromEvent } from "../../action/event.js";

const inputs = (set: Record<string, string>) => (name: string) => set[name] ?? "";

describe("parseInputs", () => {
  it("applies the documented defaults when the runner passes empty values", () => {
    const r = parseInputs(inputs({ "github-token": "tok" }));
    expect(r).toEqual({ ok: true, value: { token: "tok", policyPath: ".github/promptops.yml", comment: "update", labels: true, dryRun: false } });
  });

  it("reads every input", () => {
    const r = parseInputs(inputs({ "github-token": "tok", policy: "./config/po.yml", comment: "off", labels: "False", "fail-on": "high", "sarif-file": "out/p.sarif", "dry-run": "TRUE" }));
    expect(r).toEqual({ ok: true, value: { token: "tok", policyPath: "config/po.yml", comment: "off", labels: false, failOn: "high", sarifFile: "out/p.sarif", dryRun: true } });
  });

  it("reports every bad input at once, naming each", () => {
    const r = parseInputs(inputs({ "github-token": "", policy: "../outside.yml", comment: "always", labels: "yes", "fail-on": "severe", "dry-run": "1" }));
    expect(r.ok).toBe(false);
    const messages = r.ok ? [] : r.problems.map((p) => p.message);
    for (const name of ["github-token", "policy", "comment", "labels", "fail-on", "dry-run"]) expect(messages.some((m) => m.startsWith(`input \`${name}\``))).toBe(true);
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
    base: { sha: "a".repeat(40), repo: { full_name: "acme/prompts" } },
    head: { sha: "b".repeat(40), repo: { full_name: "acme/prompts" } },
    ...over,
  },
});

describe("pullRequestFromEvent", () => {
  it("takes everything the run needs from the payload", () => {
    expect(pullRequestFromEvent("pull_request", payload())).toEqual({
      ok: true,
      value: { event: "pull_request", repo: { owner: "acme", repo: "prompts" }, number: 12, title: "Tune", body: "", author: "alice", labels: ["promptops:risk-low", "docs"], baseSha: "a".repeat(40), headSha: "b".repeat(40), headRepo: "acme/prompts", changedFiles: 4, fromFork: false },
    });
  });

  it("knows a fork by its head repository, and a deleted fork too", () => {
    const fork = pullRequestFromEvent("pull_request_target", payload({ head: { sha: "b".repeat(40), repo: { full_name: "mallory/prompts" } } }));
    expect(fork.ok && fork.value.fromFork).toBe(true);
    const gone = pullRequestFromEvent("pull_request", payload({ head: { sha: "b".repeat(40), repo: null } }));
    expect(gone.ok && gone.value).toMatchObject({ fromFork: true, headRepo: null });
  });

  it("refuses other events and payloads without a pull request, saying which", () => {
    const push = pullRequestFromEvent("push", { ref: "refs/heads/main" });
    expect(push.ok ? "" : push.error.message).toContain("not `push`");
    const empty = pullRequestFromEvent("pull_request", {});
    expect(empty.ok ? "" : empty.error.message).toContain("no pull request");
  });
});
