import type { Probot } from "probot";
import { pullSnapshot } from "../pull-snapshot.js";
import type { AppRuntime } from "../runtime.js";

/** A review submitted, edited or dismissed: count the approvals again (everything else is recomputed too). */
export function registerPullRequestReview(app: Probot, runtime: AppRuntime): void {
  app.on(["pull_request_review.submitted", "pull_request_review.edited", "pull_request_review.dismissed"], async (context) => {
    await runtime.evaluate(context, pullSnapshot(context.payload.pull_request));
  });
}
