/**
 * The PromptOps GitHub App (`probot run ./build/app/index.js`): one handler
 * per event, each evaluating the pull request from scratch. Configured only by
 * Probot's variables (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, GHE_HOST, …) and
 * ours prefixed PROMPTOPS_ (see .env.example).
 */
import type { ApplicationFunction, Probot } from "probot";
import { registerCheckRun } from "./handlers/check-run.js";
import { registerCheckSuite } from "./handlers/check-suite.js";
import { registerPullRequestReview } from "./handlers/pull-request-review.js";
import { registerPullRequest } from "./handlers/pull-request.js";
import { AppRuntime, settingsFromEnv, type AppSettings } from "./runtime.js";

/** The App with settings from the environment, `overrides` winning (for in-process use). */
export function promptOpsApp(overrides: Partial<AppSettings> = {}): ApplicationFunction {
  return (app: Probot) => {
    const env = overrides.appId ? { ...process.env, APP_ID: String(overrides.appId) } : process.env;
    const runtime = new AppRuntime({ ...settingsFromEnv(env), ...overrides });
    registerPullRequest(app, runtime);
    registerPullRequestReview(app, runtime);
    registerCheckRun(app, runtime);
    registerCheckSuite(app, runtime);
  };
}

const app: ApplicationFunction = (probot, options) => promptOpsApp()(probot, options);
export default app;
