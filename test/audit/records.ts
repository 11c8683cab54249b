/** Plausible audit records for tests: decision `n` has its own PR, merge commit and idempotency key. */
import { createHash } from "node:crypto";
import type { AuditRecord } from "../../core/audit/append.js";
import { subjectsFor } from "../../core/audit/statement.js";

export const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");
export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export function sampleRecord(n: number, over: Partial<AuditRecord["predicate"]> = {}): AuditRecord {
  const merge = sha1(`merge-${n}`);
  const head = sha1(`head-${n}`);
  const template = "prompts/support.prompt.yml";
  const blob = sha1(`blob-${n}`);
  const pr = 100 + n;
  return {
    subject: subjectsFor({ commit: merge, repository: "acme/prompts", templates: [{ path: template, blobSha: blob, sha256: sha256(`content-${n}`) }] }),
    predicate: {
      kind: "merged",
      decision: "approved",
      gate_status: "approved",
      repository: "acme/prompts",
      tier: "high",
      score: 55,
      findings: {
        total: 2,
        by_category: { pii: 1, "model-change": 1 },
        by_severity: { high: 1, low: 1 },
        top: [
          { rule: "pii.email", category: "pii", severity: "high", weight: 40, file: template, line: 12, message: "An email address in literal text.", evidence: "a***@e***.com" },
        ],
      },
      requirements: [{ who: "owners", needed: 2, have: ["alice", "bob"], missing: 0 }],
      approvals: [
        { reviewer: "alice", review_id: 1000 + n, commit: head, submitted_at: "2026-11-02T09:00:00Z" },
        { reviewer: "bob", review_id: 2000 + n, commit: head, submitted_at: "2026-11-02T09:30:00Z" },
      ],
      policy: { path: ".github/promptops.yml", blob_sha: sha1("policy") },
      pull_request: {
        number: pr,
        title: `Tune the support prompt (${n})`,
        author: "carol",
        url: `https://github.com/acme/prompts/pull/${pr}`,
        base: { ref: "main", sha: sha1(`base-${n}`) },
        head: { ref: `feature-${n}`, sha: head },
        merge_sha: merge,
        merged_by: "dave",
      },
      templates: [{ path: template, status: "modified", blob_sha: blob }],
      provenance: [{ path: template, datasets: ["tickets-2026q3"], model: { provider: "openai", name: "gpt-4o-mini" }, version: "1.2.0" }],
      rationale: "Tighten the refusal wording.",
      delivery_id: `delivery-${n}`,
      idempotency_key: `acme/prompts#${pr}:merged:${merge}`,
      decided_at: new Date(Date.UTC(2026, 10, 1 + (n % 28), 12, 0, n % 60)).toISOString(),
      recorded_by: { agent: "promptops-test", version: "0.1.0" },
      ...over,
    },
  };
}
