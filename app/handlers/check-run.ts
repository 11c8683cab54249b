import type { Probot } from "probot";
import { CHECK_NAME } from "../check-output.js";
import type { AppRuntime } from "../runtime.js";

/** "Re-run" on our check: evaluate the pull requests of that commit again. Another app's run of the same name is not ours to re-run. */
export function registerCheckRun(app: Probot, runtime: AppRuntime): void {
  app.on("check_run.rerequested", async (context) => {
    const run = context.payload.check_run;
    if (run.name !== CHECK_NAME || run.app?.id !== runtime.settings.appId) return;
    for (const pr of run.pull_requests ?? []) await runtime.evaluateByNumber(context, pr.number);
  });
}
