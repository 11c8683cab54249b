import type { Probot } from "probot";
import type { AppRuntime } from "../runtime.js";

/** A new suite for a commit (every push) or "Re-run all checks": evaluate the pull requests whose head it is. */
export function registerCheckSuite(app: Probot, runtime: AppRuntime): void {
  app.on(["check_suite.requested", "check_suite.rerequested"], async (context) => {
    const suite = context.payload.check_suite;
    for (const pr of suite.pull_requests ?? []) {
      if (pr.head.sha !== suite.head_sha) continue;
      await runtime.evaluateByNumber(context, pr.number);
    }
  });
}
