import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Octokit } from "@octokit/rest";
import { GitHubEmulator, testAppKeys } from "../github-emulator/index.js";
import { guardEmulator } from "../github-emulator/jest-guard.js";
import { auditBranchProtection } from "../../github/audit-protection.js";

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
let emulator: GitHubEmulator;
let client: Octokit;
const repo = { owner: "acme", repo: "prompts" };

beforeAll(async () => {
  emulator = await GitHubEmulator.create({ app: { id: 7, slug: "promptops", privateKey: testAppKeys().privateKey } });
  await emulator.createRepository("acme/prompts", { ownerType: "Organization", files: { "README.md": "# prompts\n" } });
  client = new Octokit({ baseUrl: emulator.url, request: { fetch: emulator.fetch }, auth: emulator.installationToken("acme/prompts"), log: quiet });
});
afterAll(async () => { await emulator?.close(); });
guardEmulator(() => emulator);

describe("audit branch protection", () => {
  it("a branch that does not exist yet may be created by the first append", async () => {
    const v = await auditBranchProtection(client, repo, "promptops-audit");
    expect(v).toMatchObject({ ok: true, absent: true });
  });

  it("an unprotected branch is refused, naming the missing protection", async () => {
    await emulator.createBranch("acme/prompts", "promptops-audit", "main");
    const v = await auditBranchProtection(client, repo, "promptops-audit");
    expect(v.ok).toBe(false);
    expect(v.missing.join(" ")).toMatch(/not protected.*force pushes and deletions/);
  });

  it("a rule that still allows force pushes or deletions is refused for each", async () => {
    await emulator.protectBranch("acme/prompts", "promptops-audit", { allow_force_pushes: true, allow_deletions: true });
    const v = await auditBranchProtection(client, repo, "promptops-audit");
    expect(v.ok).toBe(false);
    expect(v.missing).toHaveLength(2);
    expect(v.missing[0]).toMatch(/force pushes/);
    expect(v.missing[1]).toMatch(/deletion/);
  });

  it("blocked force pushes and deletions are enough; push restrictions are advised", async () => {
    await emulator.protectBranch("acme/prompts", "promptops-audit", {});
    const v = await auditBranchProtection(client, repo, "promptops-audit", "promptops");
    expect(v).toMatchObject({ ok: true, absent: false, missing: [] });
    expect(v.advice.join(" ")).toMatch(/restrict who can push/);
  });
});
