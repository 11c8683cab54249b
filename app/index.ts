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
import { registerPullRequestClosed } from "./handlers/pull-request-closed.js";
import { loadSigner } from "../cli/audit/signing-key.js";
import { AppRuntime, settingsFromEnv, type AppSettings } from "./runtime.js";

/** The App with settings from the environment, `overrides` winning (for in-process use). */
export function promptOpsApp(overrides: Partial<AppSettings> = {}): ApplicationFunction {
  return async (app: Probot) => {
    const env = overrides.appId ? { ...process.env, APP_ID: String(overrides.appId) } : process.env;
    // The signing key comes from PROMPTOPS_SIGNING_KEY (PEM) or PROMPTOPS_SIGNING_KEY_FILE; it is never logged.
    const signer = env.PROMPTOPS_SIGNING_KEY || env.PROMPTOPS_SIGNING_KEY_FILE ? await loadSigner({ env }) : undefined;
    if (!signer) app.log.warn("PromptOps audit log is off: no signing key (set PROMPTOPS_SIGNING_KEY or PROMPTOPS_SIGNING_KEY_FILE); merges are not recorded");
    else if (!signer.ok) app.log.error(`PromptOps audit log is off: ${signer.error.message}`);
    const runtime = new AppRuntime({ ...settingsFromEnv(env), ...overrides }, signer?.ok ? signer.value.signer : undefined);
    registerPullRequest(app, runtime);
    registerPullRequestClosed(app, runtime);
    registerPullRequestReview(app, runtime);
    registerCheckRun(app, runtime);
    registerCheckSuite(app, runtime);
  };
}

const app: ApplicationFunction = (probot, options) => promptOpsApp()(probot, options);
export default app;
