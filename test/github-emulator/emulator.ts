import { createPublicKey, randomUUID, type KeyObject } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { actorLabel, resolveActor } from "./auth.js";
import { createCheckRun, ensureSuite, findCheckRun, onBranchMovedChecks, rerequestCheckRun, rerequestCheckSuite, updateCheckRun, createStatus, type CheckRunInput } from "./checks.js";
import { FaultInjector, normalizeRef } from "./faults.js";
import { GHE_GRAPHQL_PATH, GRAPHQL_OPERATION_ID, graphqlRoute } from "./graphql.js";
import type { CommitInfo, FileWrite } from "./git-store.js";
import type { Access } from "./handler-kit.js";
import { ApiError, type Actor, type EmulatorRequest, type EmulatorResponse } from "./http-types.js";
import { addComment, addLabels, createLabel } from "./issues.js";
import type { Account, BranchProtection, Permission, PullRequest, Repository, TeamMemberState } from "./model.js";
import { OpenApiValidator, type SchemaViolation } from "./openapi-validator.js";
import {
  closePull,
  dismissReview,
  editPull,
  mergePull,
  onBranchMoved,
  openPull,
  reopenPull,
  requestReviewers,
  submitReview,
  type MergeMethod,
  type ReviewEvent,
} from "./pull-requests.js";
import { renderOrganizationForWebhook, renderUser } from "./render-accounts.js";
import { RequestLog } from "./request-log.js";
import { buildRoutes, matchRoute, type Route } from "./router.js";
import { WebhookDispatcher, type WebhookOptions } from "./webhooks.js";
import { World, atLeast, type PublishScope } from "./world.js";

export interface EmulatorAppOptions {
  id: number;
  slug?: string;
  name?: string;
  /** PEM private key (its public half is registered) or the public key itself. */
  privateKey?: string | KeyObject;
  publicKey?: string | KeyObject;
  permissions?: Record<string, string>;
  events?: string[];
}

export interface EmulatorOptions {
  /** The GitHub App whose webhooks the emulator delivers (its installation is set on every payload). */
  app?: EmulatorAppOptions;
  webhooks?: WebhookOptions;
  /** Validate every response and payload against the OpenAPI subset (default: on under jest). */
  validate?: boolean;
  /** The emulator's notion of "now" for timestamps and commit dates (tokens and JWTs use the real clock). */
  clock?: () => Date;
}

/** A repository by `owner/name` or by the handle `createRepository` returned. */
export type RepoRef = string | { fullName: string };

export interface RepositoryHandle {
  owner: string;
  name: string;
  fullName: string;
  id: number;
  defaultBranch: string;
  /** The bare repository; tests may `git push` into it (call `receivePushes()` or make any API call afterwards). */
  gitDir: string;
}

export interface UserHandle {
  id: number;
  login: string;
  name: string;
  email: string;
  /** `Name <email>`, for `git commit --author`. */
  gitAuthor: string;
}

/** Thrown by scenario builders when the emulator produced something GitHub would not. */
export class SchemaViolationError extends Error {
  constructor(readonly violation: SchemaViolation) {
    super(`GitHub emulator produced ${violation.kind === "webhook" ? "a webhook payload" : "a response"} that does not match GitHub's OpenAPI description: ${violation.subject}${violation.status ? ` ${violation.status}` : ""}\n  ${violation.errors.slice(0, 10).join("\n  ")}`);
  }
}

const JSON_TYPE = "application/json; charset=utf-8";

function readDirectory(root: string): Record<string, FileWrite> {
  const files: Record<string, FileWrite> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === ".git") continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const rel = relative(root, full).split(sep).join("/");
        files[rel] = { content: readFileSync(full), executable: (statSync(full).mode & 0o111) !== 0 };
      }
    }
  };
  walk(root);
  return files;
}

/**
 * A stateful GitHub for tests: REST over HTTP on 127.0.0.1 (also under
 * `/api/v3`, as GitHub Enterprise and Probot's `GHE_HOST` expect) and as an
 * in-process `fetch`, backed by real git repositories, emitting signed
 * webhooks, checking itself against GitHub's OpenAPI description.
 */
export class GitHubEmulator {
  readonly requests = new RequestLog();
  readonly faults = new FaultInjector();
  readonly violations: SchemaViolation[] = [];
  readonly webhooks: WebhookDispatcher;
  /** Base URL of the HTTP server, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url = "";
  readonly state: EmulatorState;
  readonly world: World;
  private readonly routes: Route[] = [...buildRoutes(), graphqlRoute(() => this.requests.count(GRAPHQL_OPERATION_ID))];
  private readonly validator: OpenApiValidator | null;
  private server: Server | null = null;
  private readonly urls = { api: "http://127.0.0.1", html: "http://127.0.0.1" };

  private constructor(
    private readonly options: EmulatorOptions,
    private readonly root: string,
  ) {
    this.validator = (options.validate ?? process.env.JEST_WORKER_ID !== undefined) ? OpenApiValidator.shared() : null;
    this.world = new World({
      clock: options.clock ?? (() => new Date()),
      root,
      urls: this.urls,
      publish: (repo, event, action, fields, sender, scope) => this.publish(repo, event, action, fields, sender, scope),
    });
    this.world.branchMoveListeners.push(onBranchMoved, onBranchMovedChecks);
    this.webhooks = new WebhookDispatcher(options.webhooks ?? {}, () => (options.app ? { id: options.app.id, type: "integration" } : null));
    this.state = new EmulatorState(this);
  }

  static async create(options: EmulatorOptions = {}): Promise<GitHubEmulator> {
    const root = mkdtempSync(join(tmpdir(), "github-emulator-"));
    const emulator = new GitHubEmulator(options, root);
    if (options.app) emulator.registerApp(options.app);
    await emulator.listen();
    return emulator;
  }

  private async listen(): Promise<void> {
    const server = createServer((req, res) => void this.serveNode(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    this.server = server;
    this.url = `http://127.0.0.1:${port}`;
    this.urls.api = this.url;
    this.urls.html = this.url;
  }

  /** Stops the server and removes the repositories. Waits for pending webhook deliveries first. */
  async close(): Promise<void> {
    await this.webhooks.settled();
    const server = this.server;
    this.server = null;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    rmSync(this.root, { recursive: true, force: true });
  }

  /** `fetch` for `new Octokit({ request: { fetch } })` / `new Probot({ request: { fetch } })`: same handlers, no sockets. */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => this.handle(new Request(input, init));

  /** Clears faults, the request log and recorded violations (e.g. in `afterEach`). */
  reset(): void {
    this.faults.clear();
    this.requests.reset();
    this.violations.length = 0;
  }

  /** Throws if any response or payload failed validation; call it in `afterEach`. */
  assertNoViolations(): void {
    if (this.violations.length) throw new SchemaViolationError(this.violations[0]!);
  }

  /** Waits until every webhook delivery caused so far (and by those) has been sent. */
  async settled(): Promise<void> {
    await this.world.drainAllPushes();
    await this.webhooks.settled();
  }

  // ── webhooks ──────────────────────────────────────────────────────────

  private publish(repo: Repository | null, event: string, action: string, fields: Record<string, unknown>, sender: Account, scope?: PublishScope): void {
    const primary = this.options.app?.id;
    if (scope?.appId !== undefined && scope.appId !== primary) return;
    const payload: Record<string, unknown> = { action, ...fields };
    if (repo) {
      payload.repository = this.world.renderRepo(repo);
      if (repo.owner.type === "Organization") payload.organization = renderOrganizationForWebhook(repo.owner, this.urls);
    }
    payload.sender = renderUser(sender, this.urls);
    if (!("installation" in payload) && primary !== undefined && repo) {
      const inst = this.world.installationFor(repo, primary);
      if (inst) payload.installation = { id: inst.id, node_id: Buffer.from(`MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${inst.id}`).toString("base64") };
    }
    if (this.validator) {
      const violation = this.validator.validateWebhook(`${event}.${action}`, payload);
      if (violation) {
        this.violations.push(violation);
        throw new SchemaViolationError(violation);
      }
    }
    this.webhooks.enqueue(event, payload);
  }

  // ── HTTP ──────────────────────────────────────────────────────────────

  private async serveNode(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        if (v === undefined || ["host", "connection", "content-length", "transfer-encoding", "keep-alive"].includes(k)) continue;
        headers.set(k, Array.isArray(v) ? v.join(", ") : v);
      }
      const method = req.method ?? "GET";
      const body = chunks.length && method !== "GET" && method !== "HEAD" ? new Uint8Array(Buffer.concat(chunks)) : undefined;
      const response = await this.handle(new Request(`${this.url}${req.url ?? "/"}`, { method, headers, body }));
      const out = Buffer.from(await response.arrayBuffer());
      const h: Record<string, string> = {};
      response.headers.forEach((v, k) => (h[k] = v));
      res.writeHead(response.status, h);
      res.end(out);
    } catch (e) {
      res.writeHead(500, { "content-type": JSON_TYPE });
      res.end(JSON.stringify({ message: `GitHub emulator failed: ${e instanceof Error ? e.message : String(e)}` }));
    }
  }

  /** Answers one request (used by both the HTTP server and `fetch`). */
  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    let path = url.pathname;
    let prefix = "";
    if (path === "/api/v3" || path.startsWith("/api/v3/")) {
      prefix = "/api/v3";
      path = path.slice(prefix.length) || "/";
    } else if (path === GHE_GRAPHQL_PATH) {
      prefix = "/api";
      path = "/graphql";
    }
    const method = request.method.toUpperCase();
    const requestId = randomUUID().slice(0, 18).toUpperCase();
    const started = performance.now();
    await this.world.drainAllPushes();
    const matched = matchRoute(this.routes, method, path);
    if (!matched || matched === "method-not-allowed") {
      this.requests.record({ method, path, operationId: "unknown", route: `${method} ${path}`, status: 404, actor: "unknown", faulted: false, durationMs: performance.now() - started });
      return this.toResponse({ status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" } }, requestId);
    }
    const { route, params } = matched;
    const call = { method, path, route: route.path, operationId: route.operationId, params };
    let actor: Actor = { kind: "anonymous" };
    let response: EmulatorResponse;
    let faulted = false;
    const fault = await this.faults.before(call);
    if (fault) {
      response = fault;
      faulted = true;
    } else {
      try {
        const text = method === "GET" || method === "HEAD" ? "" : await request.text();
        let body: unknown;
        if (text) {
          try {
            body = JSON.parse(text);
          } catch {
            throw new ApiError(400, "Problems parsing JSON");
          }
        }
        actor = resolveActor(this.world, request.headers.get("authorization"));
        this.authorize(route.access, actor, params);
        const req: EmulatorRequest = { method, path, query: url.searchParams, headers: request.headers, params, body, actor, apiBase: `${url.origin}${prefix}` };
        response = await route.handle(this.world, req);
      } catch (e) {
        response = this.errorResponse(e, route.documentationUrl);
      }
      if (this.validator && !route.selfValidating && response.body !== undefined && response.raw === undefined) {
        const violation = this.validator.validateResponse(method, route.path, response.status, response.body);
        if (violation) {
          this.violations.push(violation);
          response = { status: 500, body: { message: new SchemaViolationError(violation).message, violation } };
        }
      }
      if (response.status < 400) await this.faults.after(call);
    }
    this.requests.record({ method, path, operationId: route.operationId, route: `${method} ${route.path}`, status: response.status, actor: actorLabel(actor), faulted, durationMs: performance.now() - started });
    return this.toResponse(response, requestId);
  }

  private errorResponse(e: unknown, documentationUrl = "https://docs.github.com/rest"): EmulatorResponse {
    if (e instanceof ApiError) {
      const body: Record<string, unknown> = { message: e.message, documentation_url: documentationUrl, status: String(e.status) };
      if (e.errors) body.errors = e.errors;
      return { status: e.status, body, headers: e.headers };
    }
    if (e instanceof SchemaViolationError) return { status: 500, body: { message: e.message, violation: e.violation } };
    // An emulator bug must fail the test that hit it, not pass as a plausible 500.
    const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
    this.violations.push({ kind: "response", subject: "internal error", errors: [message] });
    return { status: 500, body: { message: `GitHub emulator internal error: ${message}` } };
  }

  private authorize(access: Access, actor: Actor, params: Record<string, string>): void {
    if (access === "public") return;
    if (access === "jwt") {
      if (actor.kind !== "app-jwt") throw new ApiError(401, "A JSON web token could not be decoded");
      return;
    }
    if (access === "installation") {
      if (actor.kind !== "installation") throw new ApiError(403, "You must authenticate with an installation access token.");
      return;
    }
    if (actor.kind === "app-jwt") throw new ApiError(401, "A JSON web token cannot access this endpoint; use an installation access token");
    const repo = this.world.findRepo(params.owner ?? "", params.repo ?? "");
    if (!repo) throw new ApiError(404, "Not Found");
    if (actor.kind === "anonymous") {
      if (repo.private) throw new ApiError(404, "Not Found");
      if (access === "write") throw new ApiError(401, "Requires authentication");
      return;
    }
    if (actor.kind === "installation") {
      if (!this.world.installationCovers(actor.installation, repo)) throw new ApiError(404, "Not Found");
      return;
    }
    const permission = this.world.permission(repo, actor.account);
    if (permission === "none") throw new ApiError(404, "Not Found");
    if (access === "write" && !atLeast(permission, "write")) throw new ApiError(403, "Must have push access to this repository.");
  }

  private toResponse(r: EmulatorResponse, requestId: string): Response {
    const used = this.requests.total;
    const headers = new Headers({
      "x-github-request-id": requestId,
      "x-github-api-version-selected": "2022-11-28",
      "x-github-media-type": "github.v3; format=json",
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": String(Math.max(1, 5000 - used)),
      "x-ratelimit-used": String(used),
      "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
      "x-ratelimit-resource": "core",
    });
    let body: Buffer | null = null;
    if (r.raw !== undefined) body = r.raw;
    else if (r.body !== undefined && r.status !== 204) {
      body = Buffer.from(JSON.stringify(r.body));
      headers.set("content-type", JSON_TYPE);
    }
    for (const [k, v] of Object.entries(r.headers ?? {})) headers.set(k, v);
    return new Response(body ? new Uint8Array(body) : null, { status: r.status, headers });
  }

  // ── identities and apps ──────────────────────────────────────────────

  private userHandle(a: Account): UserHandle {
    return { id: a.id, login: a.login, name: a.name, email: a.email, gitAuthor: `${a.name} <${a.email}>` };
  }

  createUser(login: string, opts: { name?: string; email?: string } = {}): UserHandle {
    return this.userHandle(this.world.ensureAccount(login, opts));
  }

  createOrganization(login: string): UserHandle {
    return this.userHandle(this.world.ensureAccount(login, { type: "Organization" }));
  }

  /** A team in `org` with active members (and optionally pending ones), optionally given access to repositories. */
  createTeam(
    org: string,
    slug: string,
    opts: { name?: string; members?: string[]; maintainers?: string[]; pending?: string[]; repositories?: Record<string, Permission> } = {},
  ): { id: number; slug: string; org: string } {
    const team = this.world.createTeam(org, slug, { name: opts.name });
    for (const m of opts.members ?? []) this.world.setTeamMember(org, slug, m, "active", "member");
    for (const m of opts.maintainers ?? []) this.world.setTeamMember(org, slug, m, "active", "maintainer");
    for (const m of opts.pending ?? []) this.world.setTeamMember(org, slug, m, "pending", "member");
    for (const [repo, permission] of Object.entries(opts.repositories ?? {})) this.grantTeamAccess(repo, `${org}/${slug}`, permission);
    return { id: team.id, slug: team.slug, org: team.org };
  }

  addTeamMember(org: string, slug: string, login: string, opts: { state?: TeamMemberState; role?: "member" | "maintainer" } = {}): void {
    this.world.setTeamMember(org, slug, login, opts.state ?? "active", opts.role ?? "member");
  }

  removeTeamMember(org: string, slug: string, login: string): void {
    this.world.team(org, slug).members.delete(login.toLowerCase());
  }

  /** A personal access token acting as `login`. */
  userToken(login: string): string {
    return this.world.issueUserToken(login);
  }

  registerApp(app: EmulatorAppOptions): { id: number; slug: string; botLogin: string } {
    const key = app.publicKey ?? app.privateKey;
    if (!key) throw new Error("registerApp needs privateKey or publicKey");
    const publicKey = typeof key === "string" ? createPublicKey(key) : key.type === "private" ? createPublicKey(key) : key;
    const registered = this.world.registerApp({ id: app.id, slug: app.slug ?? `app-${app.id}`, name: app.name, publicKey, permissions: app.permissions, events: app.events });
    return { id: registered.id, slug: registered.slug, botLogin: registered.bot.login };
  }

  /** Installs an app (the configured one by default) on an account; returns the installation id. */
  installApp(account: string, opts: { appId?: number; repositories?: string[] } = {}): number {
    const appId = opts.appId ?? this.options.app?.id;
    if (appId === undefined) throw new Error("installApp: no app configured");
    return this.world.installApp(appId, account, opts.repositories).id;
  }

  /** The installation of the configured app (or `appId`) that covers a repository. */
  installationId(repo: RepoRef, appId?: number): number {
    const inst = this.world.installationFor(this.repoOf(repo), appId ?? this.options.app?.id);
    if (!inst) throw new Error(`no installation covers ${this.fullName(repo)}`);
    return inst.id;
  }

  /** An installation access token, as the token exchange would issue it (e.g. for an Action's GITHUB_TOKEN). */
  installationToken(repo: RepoRef, appId?: number): string {
    return this.world.issueInstallationToken(this.installationId(repo, appId)).token;
  }

  // ── repositories and branches ────────────────────────────────────────

  private fullName(repo: RepoRef): string {
    return typeof repo === "string" ? repo : repo.fullName;
  }

  /** @internal */
  repoOf(repo: RepoRef): Repository {
    const [owner, name] = this.fullName(repo).split("/");
    const r = this.world.findRepo(owner ?? "", name ?? "");
    if (!r) throw new Error(`no repository ${this.fullName(repo)}`);
    return r;
  }

  private account(login: string | undefined, fallback: Account): Account {
    return login ? this.world.ensureAccount(login) : fallback;
  }

  private toHandle(repo: Repository): RepositoryHandle {
    return { owner: repo.owner.login, name: repo.name, fullName: `${repo.owner.login}/${repo.name}`, id: repo.id, defaultBranch: repo.defaultBranch, gitDir: repo.git.gitDir };
  }

  repository(repo: RepoRef): RepositoryHandle {
    return this.toHandle(this.repoOf(repo));
  }

  /**
   * A repository with one commit of `files` (and/or a directory's files) on the
   * default branch, or none with `empty`. The configured app is installed on
   * its owner unless `installApp: false`.
   */
  async createRepository(
    fullName: string,
    opts: {
      files?: Record<string, FileWrite>;
      fromDirectory?: string;
      empty?: boolean;
      defaultBranch?: string;
      private?: boolean;
      description?: string;
      ownerType?: "User" | "Organization";
      author?: string;
      message?: string;
      installApp?: boolean;
      collaborators?: Record<string, Permission>;
    } = {},
  ): Promise<RepositoryHandle> {
    const [owner, name] = fullName.split("/");
    if (!owner || !name) throw new Error(`repository name must be owner/name, got ${fullName}`);
    const repo = await this.world.createRepository(owner, name, { private: opts.private, defaultBranch: opts.defaultBranch, description: opts.description, ownerType: opts.ownerType });
    for (const [login, permission] of Object.entries(opts.collaborators ?? {})) this.setCollaborator(repo.owner.login + "/" + repo.name, login, permission);
    if (!opts.empty) {
      const files = { ...(opts.fromDirectory ? readDirectory(opts.fromDirectory) : {}), ...(opts.files ?? {}) };
      if (Object.keys(files).length === 0) files["README.md"] = `# ${name}\n`;
      await this.world.commitToBranch(repo, repo.defaultBranch, { files, message: opts.message ?? "Initial commit", author: this.account(opts.author, repo.owner) });
    }
    if (opts.installApp !== false && this.options.app && !this.world.installationFor(repo, this.options.app.id)) this.world.installApp(this.options.app.id, owner);
    await this.webhooks.settled();
    return this.toHandle(repo);
  }

  setCollaborator(repo: RepoRef, login: string, permission: Permission): void {
    const r = this.repoOf(repo);
    const user = this.world.ensureAccount(login);
    if (permission === "none") r.collaborators.delete(user.login.toLowerCase());
    else r.collaborators.set(user.login.toLowerCase(), permission);
  }

  /** Gives `org/slug` a permission on the repository (members inherit it). */
  grantTeamAccess(repo: RepoRef, team: string, permission: Permission): void {
    const [org, slug] = team.split("/");
    const t = this.world.findTeam(org ?? "", slug ?? "") ?? this.world.createTeam(org ?? "", slug ?? "");
    this.repoOf(repo).teamPermissions.set(`${t.org}/${t.slug}`.toLowerCase(), permission);
  }

  async createBranch(repo: RepoRef, branch: string, from?: string): Promise<string> {
    const r = this.repoOf(repo);
    const sha = await this.world.resolveCommit(r, from ?? r.defaultBranch);
    if (!sha) throw new Error(`createBranch: ${from ?? r.defaultBranch} does not exist`);
    await this.world.moveRef(r, `refs/heads/${branch}`, sha, { expected: null, sender: r.owner });
    return sha;
  }

  /**
   * One commit writing (string/Buffer) and deleting (null) files on a branch,
   * created from `from` (default branch) if missing. Emits what a push would.
   */
  async commitFiles(
    repo: RepoRef,
    branch: string,
    files: Record<string, FileWrite>,
    opts: { message?: string; author?: string; committer?: string; from?: string } = {},
  ): Promise<string> {
    const r = this.repoOf(repo);
    const author = this.account(opts.author, r.owner);
    const sha = await this.world.commitToBranch(r, branch, {
      files,
      message: opts.message ?? `Update ${Object.keys(files).join(", ")}`.slice(0, 72),
      author,
      committer: opts.committer ? this.world.ensureAccount(opts.committer) : undefined,
      from: opts.from ?? r.defaultBranch,
    });
    return sha;
  }

  /** Points a branch at any commit, as a force push would (creating or, with null, deleting it). */
  async setBranch(repo: RepoRef, branch: string, sha: string | null, opts: { by?: string } = {}): Promise<void> {
    const r = this.repoOf(repo);
    await this.world.moveRef(r, `refs/heads/${branch}`, sha, { sender: this.account(opts.by, r.owner) });
  }

  /** Processes `git push`es made into the bare repositories (any API call does this too). */
  async receivePushes(): Promise<void> {
    await this.world.drainAllPushes();
  }

  protectBranch(repo: RepoRef, branch: string, protection: Partial<BranchProtection>): void {
    this.repoOf(repo).protections.set(branch, {
      required_status_checks: null,
      enforce_admins: null,
      required_pull_request_reviews: null,
      restrictions: null,
      ...protection,
    });
  }

  unprotectBranch(repo: RepoRef, branch: string): void {
    this.repoOf(repo).protections.delete(branch);
  }

  // ── pull requests ────────────────────────────────────────────────────

  /**
   * Opens a pull request. With `files`, the head branch is first created from
   * the base with one commit of them (by the author).
   */
  async openPullRequest(
    repo: RepoRef,
    input: { head: string; base?: string; title?: string; body?: string; author: string; draft?: boolean; files?: Record<string, FileWrite>; message?: string },
  ): Promise<number> {
    const r = this.repoOf(repo);
    const author = this.world.ensureAccount(input.author);
    const base = input.base ?? r.defaultBranch;
    if (input.files) {
      await this.world.commitToBranch(r, input.head, { files: input.files, message: input.message ?? `Change ${Object.keys(input.files).join(", ")}`.slice(0, 72), author, from: base });
    }
    const pr = await openPull(this.world, r, { head: input.head, base, title: input.title ?? `Update from ${input.head}`, body: input.body ?? null, author, draft: input.draft });
    return pr.number;
  }

  private pullOf(repo: RepoRef, number: number): { r: Repository; pr: PullRequest } {
    const r = this.repoOf(repo);
    const pr = r.pulls.get(number);
    if (!pr) throw new Error(`no pull request #${number} in ${this.fullName(repo)}`);
    return { r, pr };
  }

  /** A new commit on the pull request's head branch (synchronize, stale reviews, check suites follow). */
  async pushToPullRequest(repo: RepoRef, number: number, files: Record<string, FileWrite>, opts: { message?: string; author?: string } = {}): Promise<string> {
    const { r, pr } = this.pullOf(repo, number);
    return this.world.commitToBranch(r, pr.headRef, { files, message: opts.message ?? `Update ${Object.keys(files).join(", ")}`.slice(0, 72), author: this.account(opts.author, pr.author) });
  }

  async editPullRequest(repo: RepoRef, number: number, changes: { title?: string; body?: string | null; base?: string }, opts: { by?: string } = {}): Promise<void> {
    const { r, pr } = this.pullOf(repo, number);
    await editPull(this.world, r, pr, changes, this.account(opts.by, pr.author));
  }

  async closePullRequest(repo: RepoRef, number: number, opts: { by?: string } = {}): Promise<void> {
    const { r, pr } = this.pullOf(repo, number);
    await closePull(this.world, r, pr, this.account(opts.by, pr.author));
  }

  async reopenPullRequest(repo: RepoRef, number: number, opts: { by?: string } = {}): Promise<void> {
    const { r, pr } = this.pullOf(repo, number);
    await reopenPull(this.world, r, pr, this.account(opts.by, pr.author));
  }

  /** Merges as `by` (default: the repository owner). Branch protection applies unless `bypassProtection`. */
  async mergePullRequest(repo: RepoRef, number: number, opts: { by?: string; method?: MergeMethod; bypassProtection?: boolean; title?: string } = {}): Promise<string> {
    const { r, pr } = this.pullOf(repo, number);
    const result = await mergePull(this.world, r, pr, { by: this.account(opts.by, r.owner), method: opts.method, bypassProtection: opts.bypassProtection, title: opts.title });
    return result.sha;
  }

  /** A review as `user` on the current head (or `commitId`); GitHub's rules apply (no self-approval). Returns the review id. */
  async submitReview(repo: RepoRef, number: number, input: { user: string; event: ReviewEvent; body?: string; commitId?: string }): Promise<number> {
    const { r, pr } = this.pullOf(repo, number);
    const review = await submitReview(this.world, r, pr, { user: this.world.ensureAccount(input.user), event: input.event, body: input.body ?? (input.event === "APPROVE" ? "" : "Please change this."), commitId: input.commitId });
    return review.id;
  }

  async dismissReview(repo: RepoRef, number: number, reviewId: number, opts: { message?: string; by?: string } = {}): Promise<void> {
    const { r, pr } = this.pullOf(repo, number);
    await dismissReview(this.world, r, pr, reviewId, { message: opts.message ?? "Dismissed", sender: this.account(opts.by, r.owner) });
  }

  async requestReviewers(repo: RepoRef, number: number, input: { users?: string[]; teams?: string[]; by?: string }): Promise<void> {
    const { r, pr } = this.pullOf(repo, number);
    await requestReviewers(this.world, r, pr, { users: input.users ?? [], teams: input.teams ?? [], sender: this.account(input.by, pr.author) });
  }

  async addLabels(repo: RepoRef, number: number, labels: string[]): Promise<void> {
    addLabels(this.world, this.repoOf(repo), number, labels);
  }

  createLabel(repo: RepoRef, name: string, opts: { color?: string; description?: string } = {}): void {
    createLabel(this.world, this.repoOf(repo), { name, color: opts.color, description: opts.description });
  }

  addComment(repo: RepoRef, number: number, input: { user: string; body: string }): number {
    return addComment(this.world, this.repoOf(repo), number, input.body, this.world.ensureAccount(input.user), null).id;
  }

  // ── checks and statuses ──────────────────────────────────────────────

  /** A check run by an app (any registered app id; default the configured one). Returns its id. */
  async createCheckRun(repo: RepoRef, input: CheckRunInput & { appId?: number }): Promise<number> {
    const r = this.repoOf(repo);
    const app = this.world.app(input.appId ?? this.options.app?.id ?? -1);
    const { appId: _ignored, ...fields } = input;
    return (await createCheckRun(this.world, r, app, fields, app.bot)).id;
  }

  async updateCheckRun(repo: RepoRef, id: number, input: CheckRunInput): Promise<void> {
    const r = this.repoOf(repo);
    const run = findCheckRun(r, id);
    const app = this.world.app(run.appId);
    await updateCheckRun(this.world, r, run, app, input, app.bot);
  }

  /** "Re-run" from the checks UI: `check_run.rerequested` to the app that owns the run. */
  async rerequestCheckRun(repo: RepoRef, id: number, opts: { by?: string } = {}): Promise<void> {
    const r = this.repoOf(repo);
    await rerequestCheckRun(this.world, r, findCheckRun(r, id), this.account(opts.by, r.owner));
  }

  /** "Re-run all checks": `check_suite.rerequested` for the configured app's suite on `sha`. */
  async rerequestCheckSuite(repo: RepoRef, sha: string, opts: { by?: string } = {}): Promise<void> {
    const r = this.repoOf(repo);
    const app = this.world.app(this.options.app?.id ?? -1);
    const suite = await ensureSuite(this.world, r, app, { headSha: sha, headBranch: null }, app.bot, false);
    await rerequestCheckSuite(this.world, r, suite, this.account(opts.by, r.owner));
  }

  async createStatus(repo: RepoRef, sha: string, input: { state: "error" | "failure" | "pending" | "success"; context?: string; description?: string; by?: string }): Promise<void> {
    const r = this.repoOf(repo);
    await createStatus(this.world, r, sha, { state: input.state, context: input.context, description: input.description }, this.account(input.by, r.owner));
  }

  /** Moves a ref the way another writer would, without GitHub's checks (for races). */
  async moveRef(repo: RepoRef, ref: string, sha: string): Promise<void> {
    const r = this.repoOf(repo);
    await this.world.moveRef(r, normalizeRef(ref), sha, { sender: r.owner });
  }
}

/** Read-only views of the emulator's state, in plain values, for assertions. */
export class EmulatorState {
  constructor(private readonly emulator: GitHubEmulator) {}

  private get world(): World {
    return this.emulator.world;
  }

  pullRequest(repo: RepoRef, number: number) {
    const r = this.emulator.repoOf(repo);
    const pr = r.pulls.get(number);
    if (!pr) return undefined;
    return {
      number: pr.number,
      title: pr.title,
      body: pr.body,
      state: pr.state,
      draft: pr.draft,
      merged: pr.mergedAt !== null,
      mergeCommitSha: pr.mergeCommitSha,
      author: pr.author.login,
      head: { ref: pr.headRef, sha: pr.headSha },
      base: { ref: pr.baseRef, sha: pr.baseSha },
      labels: [...pr.labels],
      requestedReviewers: pr.requestedReviewers.map((u) => u.login),
      requestedTeams: pr.requestedTeams.map((t) => t.slug),
      reviews: this.reviews(repo, number),
    };
  }

  reviews(repo: RepoRef, number: number) {
    const pr = this.emulator.repoOf(repo).pulls.get(number);
    return (pr?.reviews ?? []).map((r) => ({ id: r.id, user: r.user.login, state: r.state, commitId: r.commitId, body: r.body, submittedAt: r.submittedAt }));
  }

  requestedReviewers(repo: RepoRef, number: number): { users: string[]; teams: string[] } {
    const pr = this.emulator.repoOf(repo).pulls.get(number);
    return { users: (pr?.requestedReviewers ?? []).map((u) => u.login), teams: (pr?.requestedTeams ?? []).map((t) => t.slug) };
  }

  comments(repo: RepoRef, number: number) {
    return this.emulator
      .repoOf(repo)
      .comments.filter((c) => c.issueNumber === number)
      .map((c) => ({ id: c.id, user: c.user.login, body: c.body, app: c.viaApp?.slug ?? null, createdAt: c.createdAt, updatedAt: c.updatedAt }));
  }

  labels(repo: RepoRef, number: number): string[] {
    return [...(this.emulator.repoOf(repo).pulls.get(number)?.labels ?? [])];
  }

  repositoryLabels(repo: RepoRef) {
    return [...this.emulator.repoOf(repo).labels.values()].map((l) => ({ name: l.name, color: l.color, description: l.description }));
  }

  checkRuns(repo: RepoRef, sha?: string) {
    return this.emulator
      .repoOf(repo)
      .checkRuns.filter((r) => sha === undefined || r.headSha === sha)
      .map((r) => ({
        id: r.id,
        name: r.name,
        headSha: r.headSha,
        appId: r.appId,
        status: r.status,
        conclusion: r.conclusion,
        output: { title: r.output.title, summary: r.output.summary, text: r.output.text, annotations: [...r.output.annotations] },
        detailsUrl: r.detailsUrl,
        externalId: r.externalId,
        actions: r.actions,
      }));
  }

  statuses(repo: RepoRef, sha: string) {
    return this.emulator
      .repoOf(repo)
      .statuses.filter((s) => s.sha === sha)
      .map((s) => ({ id: s.id, state: s.state, context: s.context, description: s.description, creator: s.creator.login }));
  }

  /** SHA a ref points at (`main`, `heads/main` or `refs/heads/main`), or null. */
  async ref(repo: RepoRef, ref: string): Promise<string | null> {
    return this.emulator.repoOf(repo).git.readRef(normalizeRef(ref));
  }

  async branches(repo: RepoRef): Promise<Record<string, string>> {
    const refs = await this.emulator.repoOf(repo).git.listRefs("refs/heads/");
    return Object.fromEntries(refs.map((r) => [r.ref.slice("refs/heads/".length), r.sha]));
  }

  /** A file's text at a ref, or null when it does not exist. */
  async readFile(repo: RepoRef, ref: string, path: string): Promise<string | null> {
    const r = this.emulator.repoOf(repo);
    const sha = await this.world.resolveCommit(r, ref);
    if (!sha) return null;
    const entry = await r.git.entryAt(sha, path);
    if (!entry || entry.type !== "blob") return null;
    return (await r.git.readBlob(entry.sha)).toString("utf8");
  }

  /** Paths of all files at a ref. */
  async listFiles(repo: RepoRef, ref: string): Promise<string[]> {
    const r = this.emulator.repoOf(repo);
    const sha = await this.world.resolveCommit(r, ref);
    if (!sha) return [];
    return (await r.git.lsTree(sha, { recursive: true })).filter((e) => e.type === "blob").map((e) => e.path);
  }

  /** Commits reachable from a ref, newest first. */
  async log(repo: RepoRef, ref: string, opts: { limit?: number } = {}): Promise<CommitInfo[]> {
    const r = this.emulator.repoOf(repo);
    const sha = await this.world.resolveCommit(r, ref);
    return sha ? r.git.listCommits([sha], { limit: opts.limit }) : [];
  }

  protection(repo: RepoRef, branch: string): BranchProtection | undefined {
    return this.emulator.repoOf(repo).protections.get(branch);
  }
}
