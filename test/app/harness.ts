/**
 * End-to-end harness: the App bundled from `app/index.ts` (esbuild, a second)
 * and started as a real `probot run` process against the GitHub emulator on
 * loopback, which POSTs signed webhooks to it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { GitHubEmulator } from "../github-emulator/index.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const CHECK_NAME = "PromptOps approval";

/**
 * Bundles the App into a file under `node_modules/.cache` (so its bare
 * imports resolve to the project's node_modules). Returns its path.
 */
export async function bundleApp(): Promise<string> {
  const dir = join(ROOT, "node_modules", ".cache", "promptops-app-test");
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `app-${process.pid}-${randomUUID().slice(0, 8)}.mjs`);
  await build({ entryPoints: [join(ROOT, "app", "index.ts")], outfile, bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", logLevel: "error" });
  return outfile;
}

/** A port nobody listens on right now (probot takes PORT, and 0 means its default 3000). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningApp {
  url: string;
  webhookUrl: string;
  logs: () => string;
  stop: () => Promise<void>;
}

/** Starts `probot run <bundle>` configured only by Probot's standard variables, and waits for `/ping`. */
export async function startApp(emulator: GitHubEmulator, opts: { bundle: string; appId: number; privateKey: string; secret: string; env?: Record<string, string> }): Promise<RunningApp> {
  const port = await freePort();
  const emulatorHost = new URL(emulator.url).host;
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, "node_modules", "probot", "bin", "probot.js"), "run", opts.bundle], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      APP_ID: String(opts.appId),
      PRIVATE_KEY: opts.privateKey,
      WEBHOOK_SECRET: opts.secret,
      GHE_HOST: emulatorHost,
      GHE_PROTOCOL: "http",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
      LOG_FORMAT: "json",
      NODE_ENV: "production",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`probot run exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/ping`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`probot run did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    webhookUrl: `${url}/api/github/webhooks`,
    logs: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}

export const removeBundle = (path: string): void => rmSync(path, { force: true });

export const TEST_POLICY = `version: 1
templates: ["prompts/**"]
tiers:
  low: { min_score: 0, approvals: 0 }
  medium: { min_score: 20, approvals: 1, reviewers: [owners] }
  high: { min_score: 50, approvals: 2, reviewers: ["acme/safety", "acme/privacy"], require_all_teams: true }
  critical: { min_score: 80, approvals: 2, reviewers: ["acme/safety", "acme/privacy"], require_all_teams: true }
rules:
  pii: { min_tier: high }
owners:
  "prompts/**": ["olivia"]
approvals: { dismiss_stale: true, exclude_committers: true }
`;

export const SUPPORT_TEMPLATE = `name: Support
model: openai/gpt-4o
messages:
  - role: system
    content: You are a helpful support assistant. Never reveal personal data.
  - role: user
    content: "{{question}}"
`;

/** A wording tweak: low tier, automated route. */
export const harmless = (text = SUPPORT_TEMPLATE): string => text.replace("helpful", "friendly");
/** A pasted e-mail address: pii, which the test policy raises to tier high. */
export const risky = (text = SUPPORT_TEMPLATE): string => text.replace("Never reveal personal data.", "Never reveal personal data. Escalate to jane.doe@acmecorp.io when unsure.");

/** Polls until `probe` returns a value (not undefined) or fails with the last value seen. */
export async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const APP_ID = 4242;
export const SECRET = "e2e-webhook-secret";
export const REPO = "acme/prompts";
export const BILLING_TEMPLATE = SUPPORT_TEMPLATE.replace("Support", "Billing").replace("support", "billing");

/**
 * The scenario world: organization `acme` with teams `safety` (bob, dave,
 * erin, frank) and `privacy` (carol, dave; mallory invited, pending), the
 * repository `acme/prompts` with the test policy, and the App running as a
 * process that receives the emulator's webhooks.
 */
export class AppWorld {
  private branchNo = 0;

  private constructor(readonly emulator: GitHubEmulator, readonly app: RunningApp, private readonly bundle: string) {}

  static async create(privateKey: string, opts: { env?: Record<string, string> } = {}): Promise<AppWorld> {
    const bundle = await bundleApp();
    const emulator = await GitHubEmulator.create({ app: { id: APP_ID, slug: "promptops", privateKey }, webhooks: { secret: SECRET } });
    emulator.createOrganization("acme");
    for (const u of ["alice", "bob", "carol", "dave", "erin", "frank", "olivia", "mallory", "zed"]) emulator.createUser(u);
    emulator.createTeam("acme", "safety", { members: ["bob", "dave", "erin", "frank"] });
    emulator.createTeam("acme", "privacy", { members: ["carol", "dave"], pending: ["mallory"] });
    await emulator.createRepository(REPO, {
      ownerType: "Organization",
      files: { ".github/promptops.yml": TEST_POLICY, "prompts/support.prompt.yml": SUPPORT_TEMPLATE, "prompts/billing.prompt.yml": BILLING_TEMPLATE, "README.md": "# prompts\n" },
      collaborators: { alice: "write", bob: "write", carol: "write", dave: "maintain", erin: "read", frank: "write", olivia: "write", mallory: "write", zed: "write" },
    });
    const app = await startApp(emulator, { bundle, appId: APP_ID, privateKey, secret: SECRET, ...(opts.env ? { env: opts.env } : {}) });
    emulator.webhooks.configure({ url: app.webhookUrl });
    return new AppWorld(emulator, app, bundle);
  }

  async close(): Promise<void> {
    await this.app.stop();
    await this.emulator.close();
    removeBundle(this.bundle);
  }

  /** Opens a pull request from a new branch with one commit of `files`, and waits for the App. */
  async openPr(files: Record<string, string | Buffer>, opts: { base?: string; author?: string } = {}): Promise<number> {
    const n = await this.emulator.openPullRequest(REPO, { head: `change-${++this.branchNo}`, base: opts.base, author: opts.author ?? "alice", files });
    await this.emulator.settled();
    return n;
  }

  head(n: number): string {
    return this.emulator.state.pullRequest(REPO, n)!.head.sha;
  }

  /** This App's runs of the check on a commit (another app's same-named runs excluded). */
  ourRuns(sha: string) {
    return this.emulator.state.checkRuns(REPO, sha).filter((r) => r.name === CHECK_NAME && r.appId === APP_ID);
  }

  /** The one run of ours on the pull request's head (fails if there are none or several). */
  ourRun(n: number) {
    const runs = this.ourRuns(this.head(n));
    if (runs.length !== 1) throw new Error(`expected one check run of ours on #${n}, found ${runs.length}:\n${this.app.logs()}`);
    return runs[0]!;
  }

  async review(n: number, user: string, event: "APPROVE" | "REQUEST_CHANGES" | "COMMENT"): Promise<number> {
    const id = await this.emulator.submitReview(REPO, n, { user, event });
    await this.emulator.settled();
    return id;
  }
}
