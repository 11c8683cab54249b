/**
 * Governance requirements enforced by the App end to end: a missing rationale
 * or migration note blocks the check until the pull request's description is
 * edited (the `edited` event re-evaluates), and required provenance blocks
 * until the template carries it.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { testAppKeys } from "../github-emulator/index.js";
import { guardEmulator } from "../github-emulator/jest-guard.js";
import { AppWorld, REPO, SUPPORT_TEMPLATE, harmless } from "./harness.js";

const GOVERNED_POLICY = `version: 1
templates: ["prompts/**"]
tiers:
  low: { min_score: 0, approvals: 0 }
  medium: { min_score: 20, approvals: 1, reviewers: [owners] }
  high: { min_score: 50, approvals: 1, reviewers: [owners] }
  critical: { min_score: 80, approvals: 2, reviewers: [owners] }
require: { rationale: low }
owners:
  "prompts/**": ["olivia"]
`;

const keys = testAppKeys();
let w: AppWorld;
beforeAll(async () => {
  w = await AppWorld.create(keys.privateKey, { env: { PROMPTOPS_REQUEST_REVIEWERS: "false" } });
  await w.emulator.commitFiles(REPO, "main", { ".github/promptops.yml": GOVERNED_POLICY });
  await w.emulator.settled();
}, 120_000);
afterAll(async () => { await w?.close(); });
guardEmulator(() => w?.emulator);

async function openWithBody(files: Record<string, string>, body: string): Promise<number> {
  const n = await w.emulator.openPullRequest(REPO, { head: `gov-${Math.random().toString(36).slice(2, 8)}`, author: "alice", body, files });
  await w.emulator.settled();
  return n;
}
/** GitHub shows the latest run of a name; the App starts a new one when the old one's annotations would go stale. */
const latestRun = (n: number) => w.ourRuns(w.head(n)).at(-1)!;

async function editBody(n: number, body: string): Promise<void> {
  await w.emulator.editPullRequest(REPO, n, { body });
  await w.emulator.settled();
}

describe("governance requirements through the App", () => {
  it("a missing rationale blocks even the automated route, and editing the description re-evaluates", async () => {
    const n = await openWithBody({ "prompts/support.prompt.yml": harmless() }, "Small wording change.");
    const blocked = w.ourRun(n);
    expect(blocked.conclusion).toBe("failure");
    expect(blocked.output.summary).toMatch(/Rationale/);
    await editBody(n, "Small wording change.\n\n## Rationale\nCustomers found the old greeting stiff.\n");
    const after = latestRun(n);
    expect(after.conclusion).toBe("success");
  });

  it("a renamed variable needs a migration note: blocked until the description has one, then it waits for approval", async () => {
    const renamed = SUPPORT_TEMPLATE.replaceAll("{{question}}", "{{query}}");
    const n = await openWithBody({ "prompts/support.prompt.yml": renamed }, "## Rationale\nAlign with the search service's naming.\n");
    const blocked = w.ourRun(n);
    expect(blocked.conclusion).toBe("failure");
    expect(blocked.output.summary).toMatch(/migration/i);
    expect(blocked.output.summary).toMatch(/question/);
    await editBody(n, "## Rationale\nAlign with the search service's naming.\n\n## Migration\nCallers pass `query` instead of `question` from release 4.2.\n");
    const waiting = latestRun(n);
    expect(waiting.conclusion).toBe("action_required");
    expect(waiting.output.summary).not.toMatch(/no migration note/i);
  });

  it("required provenance blocks a template that lacks it, under the base policy", async () => {
    await w.emulator.commitFiles(REPO, "main", { ".github/promptops.yml": GOVERNED_POLICY.replace("require: { rationale: low }", "require: { rationale: low, provenance: low, provenance_fields: [version] }") });
    await w.emulator.settled();
    const body = "## Rationale\nFriendlier tone.\n";
    const missing = await openWithBody({ "prompts/support.prompt.yml": harmless() }, body);
    const blocked = w.ourRun(missing);
    expect(blocked.conclusion).toBe("failure");
    expect(blocked.output.summary).toMatch(/provenance/);
    const withVersion = harmless().replace("name: Support\n", "name: Support\ngovernance:\n  provenance:\n    version: 1.0.1\n");
    const ok = await openWithBody({ "prompts/support.prompt.yml": withVersion }, body);
    expect(w.ourRun(ok).conclusion).not.toBe("failure");
  });
});
