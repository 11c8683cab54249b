import type { CheckResult } from "../../core/check.js";
import { decisionRecord } from "../../core/audit/decision.js";
import { record } from "../audit/commands.js";
import { loadSigner } from "../audit/signing-key.js";
import { CliError, type CliIO } from "../io.js";
import { VERSION } from "../version.js";

/**
 * `promptops check --record`: append the local decision to the audit branch of
 * the repository. The idempotency key is the pair of commits, so recording the
 * same check twice adds one entry.
 */
export async function recordLocalDecision(repo: string, result: CheckResult, io: CliIO, keyFile?: string): Promise<void> {
  const loaded = await loadSigner({ ...(keyFile ? { keyFile } : {}), env: io.env });
  if (!loaded.ok) throw new CliError(`cannot record: ${loaded.error.message}`);
  const blocked = result.report.requirements.some((r) => r.missing > 0) || result.assessment.findings.some((f) => f.blocking);
  const rec = decisionRecord(result, {
    kind: "local-check",
    decision: blocked ? "pending" : "approved",
    idempotencyKey: `local-check:${result.changes.baseSha}..${result.changes.headSha}`,
    decidedAt: new Date().toISOString(),
    recordedBy: { agent: "promptops-cli", version: VERSION },
    commit: result.changes.headSha,
    pullRequest: null,
    rationale: null,
  });
  const out = await record({ repo, branch: result.policy.audit.branch, record: rec, signer: loaded.value.signer });
  if (out.stdout) io.stderr(out.stdout);
  if (out.exitCode !== 0) throw new CliError(out.stderr.trim() || "cannot record the decision");
}
