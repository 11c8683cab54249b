import { randomBytes, type KeyObject } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { GitStore, GitStoreError, PUSH_LOG, ZERO_SHA, type DiffFile, type FileWrite } from "./git-store.js";
import { ApiError, notFound } from "./http-types.js";
import type {
  Account,
  BranchProtection,
  Installation,
  Label,
  Permission,
  PullRequest,
  RegisteredApp,
  Repository,
  Team,
  TeamMemberState,
} from "./model.js";
import { nodeId, renderInstallation, renderRepository, type Urls } from "./render-accounts.js";

/** Receives each webhook event a state change causes; throws if the payload is invalid. */
export type Publisher = (
  repo: Repository | null,
  event: string,
  action: string,
  fields: Record<string, unknown>,
  sender: Account,
  scope?: PublishScope,
) => void;

/** `appId`: an event GitHub sends only to that app (check suite requests, rerequests). */
export interface PublishScope {
  appId?: number;
}

export interface WorldOptions {
  clock: () => Date;
  root: string;
  urls: Urls;
  publish: Publisher;
}

/** Hooks other modules register to react to branch moves (kept here to avoid import cycles). */
export interface BranchMoveListener {
  (world: World, repo: Repository, branch: string, before: string | null, after: string | null, sender: Account): Promise<void>;
}

export const DEFAULT_APP_PERMISSIONS: Record<string, string> = {
  checks: "write",
  contents: "write",
  issues: "write",
  metadata: "read",
  members: "read",
  pull_requests: "write",
  statuses: "write",
};

export const DEFAULT_APP_EVENTS = ["check_run", "check_suite", "pull_request", "pull_request_review"];

const PERMISSION_RANK: Record<Permission, number> = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };
export const atLeast = (p: Permission, wanted: Permission): boolean => PERMISSION_RANK[p] >= PERMISSION_RANK[wanted];

const key = (s: string): string => s.toLowerCase();

/**
 * The emulated GitHub: accounts, teams, apps, repositories and everything in
 * them. Domain operations on pull requests, checks and issues live in their
 * own modules and work on this state.
 */
export class World {
  readonly accounts = new Map<string, Account>();
  readonly teams = new Map<string, Team>();
  readonly apps = new Map<number, RegisteredApp>();
  readonly installations = new Map<number, Installation>();
  readonly repos = new Map<string, Repository>();
  readonly installationTokens = new Map<string, { installationId: number; expiresAt: Date }>();
  readonly userTokens = new Map<string, Account>();
  readonly branchMoveListeners: BranchMoveListener[] = [];
  private ids = 1000;
  private readonly diffCache = new Map<string, DiffFile[]>();

  constructor(readonly options: WorldOptions) {}

  get urls(): Urls {
    return this.options.urls;
  }

  nextId(): number {
    return ++this.ids;
  }

  now(): Date {
    return this.options.clock();
  }

  nowIso(): string {
    return this.now().toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  publish(repo: Repository | null, event: string, action: string, fields: Record<string, unknown>, sender: Account, scope?: PublishScope): void {
    this.options.publish(repo, event, action, fields, sender, scope);
  }

  // ── accounts and teams ────────────────────────────────────────────────

  ensureAccount(login: string, opts: { type?: Account["type"]; name?: string; email?: string; siteAdmin?: boolean } = {}): Account {
    const existing = this.accounts.get(key(login));
    if (existing) {
      // An account first met as a repository owner may later turn out to be an organization (teams live there).
      if (opts.type === "Organization" && existing.type === "User") existing.type = "Organization";
      if (opts.email) existing.email = opts.email;
      if (opts.name) existing.name = opts.name;
      return existing;
    }
    const id = this.nextId();
    const account: Account = {
      id,
      login,
      type: opts.type ?? "User",
      name: opts.name ?? login,
      email: opts.email ?? `${id}+${login}@users.noreply.github.com`,
      siteAdmin: opts.siteAdmin ?? false,
      createdAt: this.nowIso(),
    };
    this.accounts.set(key(login), account);
    return account;
  }

  findAccount(login: string): Account | undefined {
    return this.accounts.get(key(login));
  }

  account(login: string): Account {
    const a = this.findAccount(login);
    if (!a) throw notFound();
    return a;
  }

  accountByEmail(email: string): Account | undefined {
    const e = email.toLowerCase();
    for (const a of this.accounts.values()) if (a.email.toLowerCase() === e) return a;
    return undefined;
  }

  createTeam(org: string, slug: string, opts: { name?: string; description?: string; privacy?: Team["privacy"] } = {}): Team {
    const orgAccount = this.ensureAccount(org, { type: "Organization" });
    const existing = this.teams.get(key(`${org}/${slug}`));
    if (existing) return existing;
    const team: Team = {
      id: this.nextId(),
      org: orgAccount.login,
      slug,
      name: opts.name ?? slug,
      description: opts.description ?? null,
      privacy: opts.privacy ?? "closed",
      members: new Map(),
      createdAt: this.nowIso(),
    };
    this.teams.set(key(`${org}/${slug}`), team);
    return team;
  }

  findTeam(org: string, slug: string): Team | undefined {
    return this.teams.get(key(`${org}/${slug}`));
  }

  team(org: string, slug: string): Team {
    const t = this.findTeam(org, slug);
    if (!t) throw notFound();
    return t;
  }

  setTeamMember(org: string, slug: string, login: string, state: TeamMemberState = "active", role: "member" | "maintainer" = "member"): void {
    const team = this.findTeam(org, slug) ?? this.createTeam(org, slug);
    const user = this.ensureAccount(login);
    team.members.set(key(user.login), { state, role });
  }

  isActiveTeamMember(team: Team, account: Account): boolean {
    return team.members.get(key(account.login))?.state === "active";
  }

  // ── apps and installations ────────────────────────────────────────────

  registerApp(input: { id: number; slug: string; name?: string; publicKey: KeyObject; owner?: string; permissions?: Record<string, string>; events?: string[] }): RegisteredApp {
    const owner = this.ensureAccount(input.owner ?? "emulator-apps", { type: "Organization" });
    const bot = this.ensureAccount(`${input.slug}[bot]`, { type: "Bot", email: `${input.id}+${input.slug}[bot]@users.noreply.github.com` });
    const app: RegisteredApp = {
      id: input.id,
      slug: input.slug,
      name: input.name ?? input.slug,
      clientId: `Iv1.${input.id.toString(16).padStart(16, "0")}`,
      owner,
      publicKey: input.publicKey,
      bot,
      permissions: input.permissions ?? { ...DEFAULT_APP_PERMISSIONS },
      events: input.events ?? [...DEFAULT_APP_EVENTS],
      createdAt: this.nowIso(),
    };
    this.apps.set(app.id, app);
    return app;
  }

  app(id: number): RegisteredApp {
    const app = this.apps.get(id);
    if (!app) throw notFound();
    return app;
  }

  installApp(appId: number, accountLogin: string, repositories?: string[]): Installation {
    const app = this.app(appId);
    const account = this.ensureAccount(accountLogin);
    for (const inst of this.installations.values()) {
      if (inst.appId === appId && inst.account === account) {
        if (repositories && inst.repositories) for (const r of repositories) inst.repositories.add(key(r));
        return inst;
      }
    }
    const inst: Installation = {
      id: this.nextId(),
      appId,
      account,
      repositories: repositories ? new Set(repositories.map(key)) : null,
      createdAt: this.nowIso(),
    };
    this.installations.set(inst.id, inst);
    const repos = [...this.repos.values()].filter((r) => this.installationCovers(inst, r));
    this.publish(
      null,
      "installation",
      "created",
      {
        installation: renderInstallation(inst, app, this.urls),
        repositories: repos.map((r) => ({ id: r.id, node_id: nodeId("Repository", r.id), name: r.name, full_name: `${r.owner.login}/${r.name}`, private: r.private })),
        requester: null,
      },
      account,
      { appId },
    );
    return inst;
  }

  installation(id: number): Installation {
    const inst = this.installations.get(id);
    if (!inst) throw notFound();
    return inst;
  }

  installationCovers(inst: Installation, repo: Repository): boolean {
    if (inst.account !== repo.owner) return false;
    return inst.repositories === null || inst.repositories.has(key(repo.name));
  }

  /** The installation of `appId` (or of any app) that covers the repository. */
  installationFor(repo: Repository, appId?: number): Installation | undefined {
    for (const inst of this.installations.values()) {
      if ((appId === undefined || inst.appId === appId) && this.installationCovers(inst, repo)) return inst;
    }
    return undefined;
  }

  issueInstallationToken(installationId: number): { token: string; expiresAt: Date } {
    this.installation(installationId);
    const token = `ghs_${randomBytes(18).toString("hex")}`;
    const expiresAt = new Date(this.now().getTime() + 3600_000);
    this.installationTokens.set(token, { installationId, expiresAt });
    return { token, expiresAt };
  }

  issueUserToken(login: string): string {
    const account = this.ensureAccount(login);
    const token = `ghp_${randomBytes(18).toString("hex")}`;
    this.userTokens.set(token, account);
    return token;
  }

  // ── repositories ──────────────────────────────────────────────────────

  async createRepository(
    ownerLogin: string,
    name: string,
    opts: { private?: boolean; defaultBranch?: string; description?: string; ownerType?: Account["type"] } = {},
  ): Promise<Repository> {
    if (this.repos.has(key(`${ownerLogin}/${name}`))) throw new ApiError(422, "Repository creation failed.", [{ resource: "Repository", code: "custom", field: "name", message: "name already exists on this account" }]);
    const owner = this.ensureAccount(ownerLogin, opts.ownerType ? { type: opts.ownerType } : {});
    const id = this.nextId();
    const git = await GitStore.init(join(this.options.root, `${owner.login}--${name}.git`), opts.defaultBranch ?? "main");
    const now = this.nowIso();
    const repo: Repository = {
      id,
      owner,
      name,
      description: opts.description ?? null,
      private: opts.private ?? true,
      defaultBranch: opts.defaultBranch ?? "main",
      git,
      createdAt: now,
      pushedAt: now,
      nextNumber: 1,
      pulls: new Map(),
      comments: [],
      labels: new Map(),
      checkSuites: [],
      checkRuns: [],
      statuses: [],
      protections: new Map(),
      collaborators: new Map(),
      teamPermissions: new Map(),
      pushLogOffset: 0,
    };
    this.repos.set(key(`${owner.login}/${name}`), repo);
    return repo;
  }

  findRepo(owner: string, name: string): Repository | undefined {
    return this.repos.get(key(`${owner}/${name}`));
  }

  repo(owner: string, name: string): Repository {
    const r = this.findRepo(owner, name);
    if (!r) throw notFound();
    return r;
  }

  permission(repo: Repository, account: Account): Permission {
    if (account === repo.owner) return "admin";
    let best: Permission = repo.collaborators.get(key(account.login)) ?? "none";
    for (const [teamKey, perm] of repo.teamPermissions) {
      const team = this.teams.get(teamKey);
      if (team && this.isActiveTeamMember(team, account) && atLeast(perm, best)) best = perm;
    }
    if (best === "none" && !repo.private) best = "read";
    return best;
  }

  authorAssociation(repo: Repository, account: Account): string {
    if (account === repo.owner) return "OWNER";
    if (repo.collaborators.has(key(account.login))) return "COLLABORATOR";
    if (repo.owner.type === "Organization") {
      for (const team of this.teams.values()) if (team.org === repo.owner.login && this.isActiveTeamMember(team, account)) return "MEMBER";
    }
    return "NONE";
  }

  openIssueCount(repo: Repository): number {
    let n = 0;
    for (const p of repo.pulls.values()) if (p.state === "open") n++;
    return n;
  }

  renderRepo(repo: Repository): Record<string, unknown> {
    return renderRepository(repo, this.urls, { openIssues: this.openIssueCount(repo) });
  }

  label(repo: Repository, name: string): Label | undefined {
    return repo.labels.get(key(name));
  }

  pull(repo: Repository, number: number): PullRequest {
    const p = repo.pulls.get(number);
    if (!p) throw notFound();
    return p;
  }

  protection(repo: Repository, branch: string): BranchProtection | undefined {
    return repo.protections.get(branch);
  }

  /** 409 "Git Repository is empty." for reads of a repository without commits. */
  async assertNotEmpty(repo: Repository): Promise<void> {
    if ((await repo.git.listRefs("refs/heads/")).length === 0) throw new ApiError(409, "Git Repository is empty.");
  }

  /** The commit a `{ref}` parameter names: branch, tag, or SHA (GitHub's resolution order). */
  async resolveCommit(repo: Repository, ref: string): Promise<string | null> {
    if (ref.startsWith("refs/")) return repo.git.resolveCommit(ref);
    for (const candidate of [`refs/heads/${ref}`, `refs/tags/${ref}`]) {
      const sha = await repo.git.resolveCommit(candidate);
      if (sha) return sha;
    }
    if (/^[0-9a-f]{7,40}$/i.test(ref)) return repo.git.resolveCommit(ref.toLowerCase());
    return null;
  }

  async diff(repo: Repository, base: string, head: string): Promise<DiffFile[]> {
    const cacheKey = `${repo.id}:${base}:${head}`;
    let files = this.diffCache.get(cacheKey);
    if (!files) {
      files = await repo.git.diff(base, head);
      this.diffCache.set(cacheKey, files);
    }
    return files;
  }

  // ── refs ──────────────────────────────────────────────────────────────

  /**
   * Moves (or deletes, with `sha: null`) a ref the way GitHub does for API
   * writes and merges, then lets pull requests and checks react.
   */
  async moveRef(repo: Repository, fullRef: string, sha: string | null, opts: { expected?: string | null; sender: Account }): Promise<void> {
    const before = await repo.git.readRef(fullRef);
    if (opts.expected !== undefined && before !== opts.expected) {
      throw new ApiError(422, before === null ? "Reference does not exist" : "Update is not a fast forward");
    }
    try {
      if (sha === null) {
        if (before === null) throw new ApiError(422, "Reference does not exist");
        await repo.git.deleteRef(fullRef, before);
      } else {
        await repo.git.updateRef(fullRef, sha, before);
      }
    } catch (e) {
      // Another write landed between the read above and this one: GitHub's compare-and-swap answers 422, never 500.
      if (e instanceof GitStoreError && e.code === "ref-mismatch") throw new ApiError(422, "Update is not a fast forward");
      throw e;
    }
    await this.afterRefMoved(repo, fullRef, before, sha, opts.sender);
  }

  async afterRefMoved(repo: Repository, fullRef: string, before: string | null, after: string | null, sender: Account): Promise<void> {
    if (before === after) return;
    if (!fullRef.startsWith("refs/heads/")) return;
    repo.pushedAt = this.nowIso();
    const branch = fullRef.slice("refs/heads/".length);
    for (const listener of this.branchMoveListeners) await listener(this, repo, branch, before, after, sender);
  }

  /** Processes pushes made with `git push` into the bare repository since the last call. */
  async drainPushes(repo: Repository, sender?: Account): Promise<void> {
    const log = join(repo.git.gitDir, PUSH_LOG);
    if (!existsSync(log)) return;
    const size = statSync(log).size;
    if (size <= repo.pushLogOffset) return;
    const text = readFileSync(log).subarray(repo.pushLogOffset, size).toString("utf8");
    const complete = text.lastIndexOf("\n") + 1;
    repo.pushLogOffset += Buffer.byteLength(text.slice(0, complete));
    for (const line of text.slice(0, complete).split("\n").filter(Boolean)) {
      const [oldSha, newSha, ref] = line.split(" ");
      if (!oldSha || !newSha || !ref) continue;
      const after = newSha === ZERO_SHA ? null : newSha;
      // git does not say who pushed; the new head's committer is the best guess, the owner the fallback.
      const pusher = sender ?? (after ? this.accountByEmail((await repo.git.readCommit(after)).committer.email) : undefined) ?? repo.owner;
      await this.afterRefMoved(repo, ref, oldSha === ZERO_SHA ? null : oldSha, after, pusher);
    }
  }

  async drainAllPushes(): Promise<void> {
    for (const repo of this.repos.values()) await this.drainPushes(repo);
  }

  /** Commits `files` on top of a branch (creating it from `from` when missing) and moves the branch. */
  async commitToBranch(
    repo: Repository,
    branch: string,
    input: { files: Record<string, FileWrite>; message: string; author: Account; committer?: Account; from?: string; replaceTree?: boolean },
  ): Promise<string> {
    const fullRef = `refs/heads/${branch}`;
    const current = await repo.git.readRef(fullRef);
    const parent = current ?? (input.from ? await this.resolveCommit(repo, input.from) : null);
    if (!current && input.from && !parent) throw new Error(`cannot create ${branch}: ${input.from} does not exist`);
    const sha = await repo.git.commitFiles({
      parent,
      files: input.files,
      message: input.message,
      author: { name: input.author.name, email: input.author.email },
      committer: input.committer ? { name: input.committer.name, email: input.committer.email } : undefined,
      date: this.now(),
      replaceTree: input.replaceTree,
    });
    await this.moveRef(repo, fullRef, sha, { expected: current, sender: input.author });
    return sha;
  }
}
