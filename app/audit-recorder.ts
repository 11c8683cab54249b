/**
 * Records decisions of record on the audit branch: every merged pull request
 * that touched templates or the policy, and — as a bypass alert — one merged
 * while its PromptOps approval was not granted. After each append the entry's
 * seq, hash and the new checkpoint are posted on the pull request, so copies
 * of the checkpoint live outside the branch.
 */
import { append, type AppendResult } from "../core/audit/append.js";
import { decisionRecord } from "../core/audit/decision.js";
import type { Signer } from "../core/audit/keys.js";
import { logOrigin } from "../core/audit/layout.js";
import { markdownSection } from "../core/governance/pr-sections.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { GitHubAuditStore } from "../github/audit-store.js";
import { auditBranchProtection } from "../github/audit-protection.js";
import { upsertStickyComment } from "../github/sticky-comment.js";
import type { Decision, Logger } from "./evaluate-pull-request.js";
import type { PullSnapshot } from "./pull-snapshot.js";

export const AUDIT_MARKER = "<!-- promptops:audit -->";

export interface MergeFacts {
  mergeSha: string;
  mergedAt: string;
  mergedBy: string | null;
  deliveryId: string | null;
  installationId?: number;
}

export interface RecorderSettings {
  signer: Signer;
  /** The GitHub host the log is named after (github.com, or GHE_HOST). */
  host: string;
  allowUnprotected: boolean;
  appSlug?: string;
  version: string;
}

export type RecordOutcome =
  | { status: "not-governed" }
  | { status: "refused"; missing: string[] }
  | AppendResult;

export async function recordMerge(client: GitHubClient, repo: RepoRef, pr: PullSnapshot, decision: Decision, facts: MergeFacts, settings: RecorderSettings, log: Logger): Promise<RecordOutcome> {
  const { risk, approval } = decision;
  const result = risk.result;
  const touchesPolicy = result.changes.files.some((f) => f.path === result.policy.origin.path || f.previousPath === result.policy.origin.path);
  if (result.changes.templates.length === 0 && !touchesPolicy) return { status: "not-governed" };

  const branch = result.policy.audit.branch;
  if (!settings.allowUnprotected) {
    const verdict = await auditBranchProtection(client, repo, branch, settings.appSlug);
    if (!verdict.ok) {
      log.warn({ pull: pr.number, branch, missing: verdict.missing }, "PromptOps will not write the audit log to an unprotected branch");
      await upsertStickyComment(client, repo, pr.number, AUDIT_MARKER, `${AUDIT_MARKER}\n**PromptOps did not record this merge**: the audit branch \`${branch}\` is not protected enough.\n\n${verdict.missing.map((m) => `- ${m}`).join("\n")}\n\nFix the protection (or set \`PROMPTOPS_AUDIT_ALLOW_UNPROTECTED=1\` to accept the risk); the next merge is recorded.`);
      return { status: "refused", missing: verdict.missing };
    }
  }

  const approved = approval.status === "approved";
  const repository = `${repo.owner}/${repo.repo}`;
  const record = decisionRecord(result, {
    kind: approved ? "merged" : "bypass",
    decision: approved ? "approved" : "bypassed",
    gateStatus: approval.status,
    idempotencyKey: `merged:${repository}#${pr.number}@${facts.mergeSha}`,
    decidedAt: facts.mergedAt,
    recordedBy: { agent: "promptops-app", version: settings.version, ...(facts.installationId ? { installation_id: facts.installationId } : {}) },
    repository,
    commit: facts.mergeSha,
    pullRequest: {
      number: pr.number, title: pr.title, author: pr.author, ...(pr.htmlUrl ? { url: pr.htmlUrl } : {}),
      base: { ref: pr.baseRef, sha: pr.baseSha }, head: { ref: pr.headRef ?? "", sha: pr.headSha },
      merge_sha: facts.mergeSha, merged_by: facts.mergedBy,
    },
    approvals: approval.eligible.map((e) => ({ reviewer: e.reviewer, review_id: e.reviewId, commit: e.commit, submitted_at: e.submittedAt ?? facts.mergedAt })),
    requirements: approval.requirements.map((r) => ({ id: r.id, description: r.description, who: r.who, needed: r.needed, have: r.have, missing: r.missing })),
    rationale: markdownSection(pr.body, "Rationale") ?? null,
    deliveryId: facts.deliveryId,
  });
  const store = new GitHubAuditStore(client, repo);
  const outcome = await append(store, branch, record, settings.signer, { origin: logOrigin(settings.host, repository, branch), maxAttempts: 40, baseDelayMs: 100, maxDelayMs: 3000 });
  if (outcome.status === "appended") {
    const alert = approved ? "" : `\n> [!WARNING]\n> **Bypass alert**: merged${facts.mergedBy ? ` by @${facts.mergedBy}` : ""} while the PromptOps approval was **${approval.status}**.\n`;
    const body = `${AUDIT_MARKER}\n**PromptOps recorded this merge** as audit entry **${String(outcome.seq).padStart(6, "0")}** on \`${branch}\`.${alert}\n\n- entry: \`${outcome.entryPath}\`\n- entry sha256: \`${outcome.entryHash}\`\n\nCheckpoint after this entry (keep a copy; \`promptops audit verify --checkpoint\` checks the branch against it):\n\n\`\`\`\n${outcome.checkpoint.trimEnd()}\n\`\`\`\n`;
    // One comment per merge: a second writer of the same entry finds it unchanged and writes nothing.
    await upsertStickyComment(client, repo, pr.number, AUDIT_MARKER, body);
    log.info({ pull: pr.number, seq: outcome.seq, entry: outcome.entryPath, bypass: !approved }, "PromptOps audit entry recorded");
  } else if (outcome.status === "rejected" || outcome.status === "contended") {
    log.error({ pull: pr.number, outcome }, "PromptOps could not record the audit entry");
    throw new Error(`audit append ${outcome.status}`);
  }
  return outcome;
}
