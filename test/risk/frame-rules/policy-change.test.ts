import { describe, it, expect } from "@jest/globals";
import { policyChangeRule } from "../../../core/risk/rules/policy-change/index.js";
import type { ChangeSet, FileChange } from "../../../core/diff/model.js";
import { defaultPolicy, type ResolvedPolicy } from "../../../core/policy/resolved.js";

const file = (path: string, extra: Partial<FileChange> = {}): FileChange => ({ path, status: "modified", addedLines: [3], removedLines: [3], ...extra });
const changeSet = (files: FileChange[], workflows?: ChangeSet["workflows"]): ChangeSet => ({ baseSha: "a".repeat(40), headSha: "b".repeat(40), files, templates: [], ...(workflows ? { workflows } : {}) });
const run = (changes: ChangeSet, policy: ResolvedPolicy = defaultPolicy()) => policyChangeRule.checkChangeSet!({ changes, settings: {}, policy });

const WORKFLOW_WITH = `name: prompts
on: pull_request
jobs:
  risk:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: acme/promptops@v1
        with: { fail-on: critical }
`;
const WORKFLOW_WITHOUT = `name: unit tests
on: pull_request
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm test
`;

describe("policy-change", () => {
  it("the policy file is high, at its first changed line", () => {
    const fs = run(changeSet([file(".github/promptops.yml", { addedLines: [7, 8] }), file("prompts/a.md")]));
    expect(fs).toEqual([expect.objectContaining({ rule: "policy-change.policy", category: "policy-change", severity: "high", file: ".github/promptops.yml", line: 7 })]);
    expect(fs[0]!.message).toMatch(/base branch/);
  });

  it("the .yaml spelling, and the policy at a custom path, count too", () => {
    expect(run(changeSet([file(".github/promptops.yaml")])).map((f) => f.rule)).toEqual(["policy-change.policy"]);
    const custom = { ...defaultPolicy(), origin: { path: "governance/promptops.yml", isDefault: false } };
    expect(run(changeSet([file("governance/promptops.yml")]), custom).map((f) => f.rule)).toEqual(["policy-change.policy"]);
    expect(run(changeSet([file("governance/promptops.yml")])).map((f) => f.rule)).toEqual([]);
  });

  it("removing or renaming the policy away is a policy change", () => {
    expect(run(changeSet([file(".github/promptops.yml", { status: "removed", addedLines: [] })]))[0]).toMatchObject({ rule: "policy-change.policy", line: 1 });
    const moved = run(changeSet([file("old/promptops.yml", { status: "renamed", previousPath: ".github/promptops.yml" })]));
    expect(moved).toEqual([expect.objectContaining({ rule: "policy-change.policy", file: "old/promptops.yml" })]);
    expect(moved[0]!.message).toContain("renamed");
  });

  it.each(["CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS"])("CODEOWNERS at %s is medium", (path) => {
    expect(run(changeSet([file(path)]))).toEqual([expect.objectContaining({ rule: "policy-change.codeowners", severity: "medium", file: path, line: 3 })]);
  });

  it("a file named CODEOWNERS elsewhere is not GitHub's CODEOWNERS", () => {
    expect(run(changeSet([file("src/CODEOWNERS"), file("prompts/CODEOWNERS.md")]))).toEqual([]);
  });

  it("a workflow that runs PromptOps is medium; one that does not is nothing", () => {
    const workflows = new Map([
      [".github/workflows/prompts.yml", { old: WORKFLOW_WITH, new: WORKFLOW_WITH.replace("critical", "high") }],
      [".github/workflows/test.yml", { old: WORKFLOW_WITHOUT, new: WORKFLOW_WITHOUT.replace("npm test", "npm test -- --ci") }],
    ]);
    const fs = run(changeSet([file(".github/workflows/prompts.yml", { addedLines: [9] }), file(".github/workflows/test.yml")], workflows));
    expect(fs).toEqual([expect.objectContaining({ rule: "policy-change.workflow", severity: "medium", file: ".github/workflows/prompts.yml", line: 9 })]);
  });

  it("deleting the PromptOps step (or the workflow) still counts: the old side ran it", () => {
    const workflows = new Map([[".github/workflows/prompts.yml", { old: WORKFLOW_WITH }]]);
    const fs = run(changeSet([file(".github/workflows/prompts.yml", { status: "removed", addedLines: [] })], workflows));
    expect(fs.map((f) => f.rule)).toEqual(["policy-change.workflow"]);
    const stripped = new Map([[".github/workflows/prompts.yml", { old: WORKFLOW_WITH, new: WORKFLOW_WITHOUT }]]);
    expect(run(changeSet([file(".github/workflows/prompts.yml")], stripped)).map((f) => f.rule)).toEqual(["policy-change.workflow"]);
  });

  it("a change with no governance files finds nothing", () => {
    expect(run(changeSet([file("prompts/support/triage.prompt.yml"), file("README.md"), file("src/app.ts")]))).toEqual([]);
  });
});
