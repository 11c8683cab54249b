import { describe, it, expect } from "@jest/globals";
import { evaluateApprovals } from "../../core/approvals/evaluate.js";
import type { ApprovalInput } from "../../core/approvals/model.js";
import type { RepositorySource } from "../../core/diff/source.js";
import { loadPolicy } from "../../core/policy/load.js";
import { approvalCheckOutput, errorCheckOutput } from "../../app/check-output.js";
import { PolicyCache } from "../../app/policy-cache.js";
import { computeRiskStage, type RiskStage } from "../../app/risk-stage.js";
import { SUPPORT_TEMPLATE, TEST_POLICY, harmless, risky } from "./harness.js";

/** A source over plain objects: `files` changed between commits "base" and "head". */
function source(files: Record<string, { base?: string; head?: string }>): RepositorySource {
  return {
    async changedFiles() {
      return { files: Object.entries(files).map(([path, f]) => ({ path, status: f.base === undefined ? ("added" as const) : f.head === undefined ? ("removed" as const) : ("modified" as const), addedLines: [], removedLines: [], linesUnknown: true })) };
    },
    async readFiles(reqs) {
      return new Map(reqs.map((r) => {
        const text = r.ref === "base" ? files[r.path]?.base : files[r.path]?.head;
        return [`${r.ref}:${r.path}`, text === undefined ? { kind: "missing" as const } : { kind: "text" as const, text, blobSha: `${r.ref}-${r.path}` }];
      }));
    },
  };
}

async function stage(files: Record<string, { base?: string; head?: string }>, policyText = TEST_POLICY): Promise<RiskStage> {
  const policies = new PolicyCache();
  const loaded = loadPolicy(policyText, ".github/promptops.yml", "blob");
  const context = { number: 1, title: "t", body: "", author: "alice" };
  return computeRiskStage(source(files), { repoKey: "acme/prompts", baseSha: "base", headSha: "head", loaded, context }, policies, async () => ({ kind: "text", text: files[".github/promptops.yml"]?.head ?? "", blobSha: "new" }));
}

function approval(risk: RiskStage, over: Partial<ApprovalInput> = {}) {
  return evaluateApprovals({
    tier: risk.assessment.tier, author: "alice", headSha: "head", commits: [], reviews: [], permissions: {}, memberships: {}, owners: risk.owners,
    requirements: risk.report.requirements, approvals: risk.approvals, blocking: risk.assessment.findings.filter((f) => f.blocking).map((f) => ({ ...f })),
    failClosed: risk.assessment.failClosed, policyProblems: risk.policyProblems, ...over,
  });
}

describe("the check run's output", () => {
  it("is green only when approved: automated route for a harmless change", async () => {
    const risk = await stage({ "prompts/support.prompt.yml": { base: SUPPORT_TEMPLATE, head: harmless() } });
    const out = approvalCheckOutput(risk, approval(risk));
    expect(out).toEqual(expect.objectContaining({ conclusion: "success", title: "Automated route (low risk)", annotations: [] }));
  });

  it("a change without templates is not governed, and says so", async () => {
    const risk = await stage({ "README.md": { base: "a", head: "b" } });
    expect(approvalCheckOutput(risk, approval(risk)).title).toBe("No prompt templates changed");
  });

  it("pending is action_required with the requirement table and who counted", async () => {
    const risk = await stage({ "prompts/support.prompt.yml": { base: SUPPORT_TEMPLATE, head: risky() } });
    const reviews = [{ id: 7, user: "bob", state: "APPROVED", commit_id: "head", submitted_at: "2026-11-01T00:00:00Z" }];
    const out = approvalCheckOutput(risk, approval(risk, { reviews, permissions: { bob: "write" }, memberships: { "acme/safety": { bob: true } } }));
    expect(out.conclusion).toBe("action_required");
    expect(out.title).toBe("Waiting for approvals (tier high): 1 of 2, missing @acme/privacy");
    expect(out.summary).toMatch(/### Approvals this change needs/);
    expect(out.summary).toMatch(/@bob \| #7 \| `head` \|/);
    expect(out.summary).toMatch(/j\*\*\*@a\*\*\*\.io/); // evidence is masked
    expect(out.summary).not.toMatch(/jane\.doe@acmecorp\.io/);
  });

  it("a broken base policy is a failure titled with file and line, annotated on the policy", async () => {
    const risk = await stage({ "prompts/support.prompt.yml": { base: SUPPORT_TEMPLATE, head: harmless() } }, "version: 1\ntiers: [oops\n");
    const out = approvalCheckOutput(risk, approval(risk));
    expect(out.conclusion).toBe("failure");
    expect(out.title).toMatch(/^Policy error: \.github\/promptops\.yml line \d+$/);
    expect(out.annotations[0]).toEqual(expect.objectContaining({ path: ".github/promptops.yml", annotation_level: "failure" }));
  });

  it("a policy edit shows the proposed policy as a dry run, not in force", async () => {
    const proposed = TEST_POLICY.replace(/approvals: 2/g, "approvals: 0");
    const risk = await stage({ ".github/promptops.yml": { base: TEST_POLICY, head: proposed }, "prompts/support.prompt.yml": { base: SUPPORT_TEMPLATE, head: risky() } });
    expect(risk.dryRun).toEqual(expect.objectContaining({ path: ".github/promptops.yml", removed: false, problems: [] }));
    const out = approvalCheckOutput(risk, approval(risk));
    expect(out.conclusion).not.toBe("success");
    expect(out.summary).toMatch(/Dry run: the policy this pull request proposes/);
  });

  it("stays within GitHub's 65,535 characters however many reviews and findings there are", async () => {
    const files: Record<string, { base?: string; head?: string }> = {};
    for (let i = 0; i < 400; i++) files[`prompts/t${i}.prompt.yml`] = { base: SUPPORT_TEMPLATE, head: risky() };
    const risk = await stage(files);
    const reviews = Array.from({ length: 300 }, (_, i) => ({ id: i + 1, user: `reviewer-${i}`, state: "APPROVED", commit_id: "old", submitted_at: null }));
    const out = approvalCheckOutput(risk, approval(risk, { reviews }));
    expect(out.summary.length).toBeLessThanOrEqual(65_535);
    expect(out.annotations.length).toBeLessThanOrEqual(50);
  });

  it("an evaluation error is a failure that names the HTTP status and path, never the query", () => {
    const out = errorCheckOutput(Object.assign(new Error("boom"), { status: 502, request: { method: "GET", url: "http://x/repos/a/b/pulls/1/reviews?token=secret" } }));
    expect(out.conclusion).toBe("failure");
    expect(out.title).toBe("PromptOps could not evaluate");
    expect(out.summary).toMatch(/HTTP 502 on GET \/repos\/a\/b\/pulls\/1\/reviews/);
    expect(out.summary).not.toMatch(/secret/);
  });
});
