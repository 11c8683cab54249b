import type { Probot } from "probot";
import { pullSnapshot } from "../pull-snapshot.js";
import type { AppRuntime } from "../runtime.js";

/** A merge is a decision of record: the audit log gets one entry per merged pull request that touched templates or the policy. */
export function registerPullRequestClosed(app: Probot, runtime: AppRuntime): void {
  app.on("pull_request.closed", async (context) => {
    const pr = context.payload.pull_request;
    if (!pr.merged || !pr.merge_commit_sha) return;
    // The decision is evaluated as the pull request stood when it merged: open state, its head and base.
    const snapshot = { ...pullSnapshot(pr), state: "open" };
    await runtime.recordMerge(context, snapshot, {
      mergeSha: pr.merge_commit_sha,
      mergedAt: pr.merged_at ?? new Date().toISOString(),
      mergedBy: pr.merged_by?.login ?? null,
      ...(context.payload.installation?.id ? { installationId: context.payload.installation.id } : {}),
    });
  });
}
