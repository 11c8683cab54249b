import type { Probot } from "probot";
import { pullSnapshot } from "../pull-snapshot.js";
import type { AppRuntime } from "../runtime.js";

/**
 * Anything that can change the decision: new commits, a reopened or
 * ready-for-review pull request, and edits (a changed base branch changes the
 * policy and the diff; a changed description can carry the rationale the
 * policy requires).
 */
export const PULL_REQUEST_ACTIONS = ["opened", "synchronize", "reopened", "edited", "ready_for_review"] as const;

export function registerPullRequest(app: Probot, runtime: AppRuntime): void {
  app.on(PULL_REQUEST_ACTIONS.map((a) => `pull_request.${a}` as const), async (context) => {
    await runtime.evaluate(context, pullSnapshot(context.payload.pull_request));
  });
}
