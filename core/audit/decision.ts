import { createHash } from "node:crypto";
import type { AuditRecord } from "./append.js";
import type { AuditPredicate, AuditApproval } from "../generated/audit-predicate.js";
import { subjectsFor } from "./statement.js";
import { summarizeFindings } from "./findings-summary.js";
import type { CheckResult } from "../check.js";
import { governanceFor } from "../policy/governance.js";

export interface DecisionContext {
  kind: AuditPredicate["kind"];
  decision: AuditPredicate["decision"];
  /** Unique per decision of record; redeliveries of the same event produce the same key. */
  idempotencyKey: string;
  decidedAt: string;
  recordedBy: AuditPredicate["recorded_by"];
  repository?: string;
  /** Commit the decision is about (the merge commit for the App, head for a local check). */
  commit?: string;
  pullRequest?: AuditPredicate["pull_request"];
  approvals?: AuditApproval[];
  rationale?: string | null;
  deliveryId?: string | null;
  gateStatus?: AuditPredicate["gate_status"];
  override?: AuditPredicate["override"];
  /** Requirements with approvals counted (the App); defaults to the report's. */
  requirements?: CheckResult["report"]["requirements"];
}

const sha256 = (s: string): string => createHash("sha256").update(s).digest("hex");

/** The audit record of a decision, from the engine's result: one function for the App and the CLI. */
export function decisionRecord(result: CheckResult, ctx: DecisionContext): AuditRecord {
  const { report, changes, policy } = result;
  const templates = changes.templates.map((t) => ({
    path: t.path,
    ...(t.previousPath ? { previous_path: t.previousPath } : {}),
    status: t.status,
    blob_sha: t.new?.blobSha ?? t.newBlobSha ?? null,
  }));
  const provenance = changes.templates.flatMap((t) => {
    const tpl = t.new?.template;
    if (!tpl) return [];
    const p = governanceFor(t.path, policy, tpl.metadata.governance).governance.provenance;
    return p ? [{ path: t.path, ...p }] : [];
  });
  const predicate: AuditRecord["predicate"] = {
    kind: ctx.kind,
    decision: ctx.decision,
    ...(ctx.gateStatus ? { gate_status: ctx.gateStatus } : {}),
    ...(ctx.override ? { override: ctx.override } : {}),
    ...(ctx.repository ? { repository: ctx.repository } : {}),
    tier: report.tier,
    score: report.score,
    findings: summarizeFindings(result.assessment.findings),
    requirements: (ctx.requirements ?? report.requirements).map((r) => ({ id: r.id, description: r.description, who: r.who.join(", ") || "any eligible reviewer", needed: r.needed, have: r.have, missing: r.missing })),
    approvals: ctx.approvals ?? [],
    policy: { path: policy.origin.path, blob_sha: policy.origin.blobSha ?? null },
    pull_request: ctx.pullRequest ?? null,
    templates,
    provenance,
    rationale: ctx.rationale ?? null,
    delivery_id: ctx.deliveryId ?? null,
    idempotency_key: ctx.idempotencyKey,
    decided_at: ctx.decidedAt,
    recorded_by: ctx.recordedBy,
  };
  const subject = subjectsFor({
    ...(ctx.commit ? { commit: ctx.commit } : {}),
    ...(ctx.repository ? { repository: ctx.repository } : {}),
    templates: changes.templates.filter((t) => t.new?.text !== undefined).map((t) => ({ path: t.path, ...((t.new?.blobSha ?? t.newBlobSha) ? { blobSha: (t.new?.blobSha ?? t.newBlobSha)! } : {}), sha256: sha256(t.new!.text!) })),
  });
  return { subject, predicate };
}
