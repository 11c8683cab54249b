import { ApiError, notFound, unprocessable } from "./http-types.js";
import type { Account, CheckRun, CheckStatus, CheckSuite, CommitStatus, RegisteredApp, Repository } from "./model.js";
import { nodeId, renderApp, renderUser } from "./render-accounts.js";
import type { World } from "./world.js";

const CONCLUSIONS = ["action_required", "cancelled", "failure", "neutral", "success", "skipped", "stale", "timed_out"];
const STATUSES: CheckStatus[] = ["queued", "in_progress", "completed", "waiting", "requested", "pending"];

function minimalRepository(world: World, repo: Repository): Record<string, unknown> {
  // minimal-repository is a subset of the full rendering; extra fields are allowed.
  return world.renderRepo(repo);
}

/** Open pull requests whose head is this commit, as `pull-request-minimal`. */
function pullsFor(world: World, repo: Repository, sha: string): Array<Record<string, unknown>> {
  const api = `${world.urls.api}/repos/${repo.owner.login}/${repo.name}`;
  const repoRef = { id: repo.id, url: api, name: repo.name };
  return [...repo.pulls.values()]
    .filter((p) => p.state === "open" && p.headSha === sha)
    .map((p) => ({
      id: p.id,
      number: p.number,
      url: `${api}/pulls/${p.number}`,
      head: { ref: p.headRef, sha: p.headSha, repo: repoRef },
      base: { ref: p.baseRef, sha: p.baseSha, repo: repoRef },
    }));
}

export function suiteStatus(repo: Repository, suite: CheckSuite): { status: string; conclusion: string | null } {
  const runs = latestRuns(repo.checkRuns.filter((r) => r.suiteId === suite.id));
  if (runs.length === 0) return { status: "queued", conclusion: null };
  if (runs.some((r) => r.status !== "completed")) return { status: "in_progress", conclusion: null };
  const order = ["action_required", "cancelled", "timed_out", "failure", "stale", "neutral", "skipped", "success"];
  const conclusion = order.find((c) => runs.some((r) => r.conclusion === c)) ?? "success";
  return { status: "completed", conclusion };
}

async function headCommit(repo: Repository, sha: string): Promise<Record<string, unknown>> {
  const c = await repo.git.readCommit(sha);
  return {
    id: c.sha,
    tree_id: c.tree,
    message: c.message,
    timestamp: c.committer.date,
    author: { name: c.author.name, email: c.author.email },
    committer: { name: c.committer.name, email: c.committer.email },
  };
}

export async function renderSuite(world: World, repo: Repository, suite: CheckSuite): Promise<Record<string, unknown>> {
  const api = `${world.urls.api}/repos/${repo.owner.login}/${repo.name}`;
  const { status, conclusion } = suiteStatus(repo, suite);
  return {
    id: suite.id,
    node_id: nodeId("CheckSuite", suite.id),
    head_branch: suite.headBranch,
    head_sha: suite.headSha,
    status,
    conclusion,
    url: `${api}/check-suites/${suite.id}`,
    before: suite.before,
    after: suite.after,
    pull_requests: pullsFor(world, repo, suite.headSha),
    app: renderApp(world.app(suite.appId), world.urls),
    repository: minimalRepository(world, repo),
    created_at: suite.createdAt,
    updated_at: suite.updatedAt,
    head_commit: await headCommit(repo, suite.headSha),
    latest_check_runs_count: latestRuns(repo.checkRuns.filter((r) => r.suiteId === suite.id)).length,
    check_runs_url: `${api}/check-suites/${suite.id}/check-runs`,
    rerequestable: true,
    runs_rerequestable: true,
  };
}

export function renderCheckRun(world: World, repo: Repository, run: CheckRun): Record<string, unknown> {
  const api = `${world.urls.api}/repos/${repo.owner.login}/${repo.name}`;
  const html = `${world.urls.html}/${repo.owner.login}/${repo.name}/runs/${run.id}`;
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: nodeId("CheckRun", run.id),
    external_id: run.externalId ?? "",
    url: `${api}/check-runs/${run.id}`,
    html_url: html,
    details_url: run.detailsUrl ?? html,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.output.annotations.length,
      annotations_url: `${api}/check-runs/${run.id}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.suiteId },
    app: renderApp(world.app(run.appId), world.urls),
    pull_requests: pullsFor(world, repo, run.headSha),
  };
}

/** Webhook `check_run` objects carry the whole (simple) check suite. */
async function webhookCheckRun(world: World, repo: Repository, run: CheckRun): Promise<Record<string, unknown>> {
  const suite = repo.checkSuites.find((s) => s.id === run.suiteId)!;
  const full = await renderSuite(world, repo, suite);
  const { head_commit: _h, latest_check_runs_count: _l, check_runs_url: _c, rerequestable: _r, runs_rerequestable: _rr, ...simple } = full;
  return { ...renderCheckRun(world, repo, run), check_suite: simple };
}

/** Latest run per (app, name), as GitHub's `filter=latest`. */
export function latestRuns(runs: CheckRun[]): CheckRun[] {
  const latest = new Map<string, CheckRun>();
  for (const r of runs) latest.set(`${r.appId}\0${r.name}`, r);
  return [...latest.values()];
}

export async function ensureSuite(
  world: World,
  repo: Repository,
  app: RegisteredApp,
  input: { headSha: string; headBranch: string | null; before?: string | null },
  sender: Account,
  emitRequested: boolean,
): Promise<CheckSuite> {
  const existing = repo.checkSuites.find((s) => s.appId === app.id && s.headSha === input.headSha);
  if (existing) return existing;
  const now = world.nowIso();
  const suite: CheckSuite = {
    id: world.nextId(),
    appId: app.id,
    headSha: input.headSha,
    headBranch: input.headBranch,
    before: input.before ?? null,
    after: input.headSha,
    createdAt: now,
    updatedAt: now,
  };
  repo.checkSuites.push(suite);
  if (emitRequested) world.publish(repo, "check_suite", "requested", { check_suite: await renderSuite(world, repo, suite) }, sender, { appId: app.id });
  return suite;
}

/** On a push GitHub creates a check suite for every installed app that subscribes to checks. */
export async function onBranchMovedChecks(world: World, repo: Repository, branch: string, before: string | null, after: string | null, sender: Account): Promise<void> {
  if (after === null) return;
  for (const inst of world.installations.values()) {
    if (!world.installationCovers(inst, repo)) continue;
    const app = world.app(inst.appId);
    if (!app.events.includes("check_suite")) continue;
    await ensureSuite(world, repo, app, { headSha: after, headBranch: branch, before }, sender, true);
  }
}

export interface CheckRunInput {
  name?: string;
  head_sha?: string;
  details_url?: string;
  external_id?: string;
  status?: string;
  conclusion?: string;
  started_at?: string;
  completed_at?: string;
  output?: { title?: string; summary?: string; text?: string; annotations?: unknown[] };
  actions?: unknown[];
}

function checkFields(input: CheckRunInput): void {
  if (input.status !== undefined && !STATUSES.includes(input.status as CheckStatus)) {
    throw unprocessable("Invalid request.", [{ resource: "CheckRun", code: "invalid", field: "status" }]);
  }
  if (input.conclusion !== undefined && !CONCLUSIONS.includes(input.conclusion)) {
    throw unprocessable("Invalid request.", [{ resource: "CheckRun", code: "invalid", field: "conclusion" }]);
  }
  if (input.output && (typeof input.output.title !== "string" || typeof input.output.summary !== "string")) {
    throw unprocessable("Invalid request.\n\n\"title\", \"summary\" weren't supplied.", [{ resource: "CheckRun", code: "missing_field", field: "output" }]);
  }
  if (input.status === "completed" && !input.conclusion) {
    throw unprocessable("Validation Failed", [{ resource: "CheckRun", code: "invalid", field: "conclusion", message: "conclusion must be provided when status is completed" }]);
  }
}

export async function createCheckRun(world: World, repo: Repository, app: RegisteredApp, input: CheckRunInput, sender: Account): Promise<CheckRun> {
  if (!input.name) throw unprocessable("Invalid request.\n\n\"name\" wasn't supplied.", [{ resource: "CheckRun", code: "missing_field", field: "name" }]);
  if (!input.head_sha) throw unprocessable("Invalid request.\n\n\"head_sha\" wasn't supplied.", [{ resource: "CheckRun", code: "missing_field", field: "head_sha" }]);
  const sha = await repo.git.resolveCommit(input.head_sha);
  if (!sha || sha !== input.head_sha.toLowerCase()) throw unprocessable("Validation Failed", [{ resource: "CheckRun", code: "invalid", field: "head_sha", message: `No commit found for SHA: ${input.head_sha}` }]);
  checkFields(input);
  const branch = (await repo.git.listRefs("refs/heads/")).find((r) => r.sha === sha)?.ref.slice("refs/heads/".length) ?? null;
  const suite = await ensureSuite(world, repo, app, { headSha: sha, headBranch: branch }, sender, false);
  const now = world.nowIso();
  const completed = input.conclusion !== undefined;
  const run: CheckRun = {
    id: world.nextId(),
    appId: app.id,
    suiteId: suite.id,
    headSha: sha,
    name: input.name,
    status: completed ? "completed" : ((input.status as CheckStatus | undefined) ?? "queued"),
    conclusion: input.conclusion ?? null,
    startedAt: input.started_at ?? now,
    completedAt: completed ? (input.completed_at ?? now) : null,
    detailsUrl: input.details_url ?? null,
    externalId: input.external_id ?? null,
    output: {
      title: input.output?.title ?? null,
      summary: input.output?.summary ?? null,
      text: input.output?.text ?? null,
      annotations: input.output?.annotations ?? [],
    },
    actions: input.actions ?? [],
  };
  repo.checkRuns.push(run);
  suite.updatedAt = now;
  world.publish(repo, "check_run", "created", { check_run: await webhookCheckRun(world, repo, run) }, sender);
  if (run.status === "completed") world.publish(repo, "check_run", "completed", { check_run: await webhookCheckRun(world, repo, run) }, sender);
  return run;
}

export function findCheckRun(repo: Repository, id: number): CheckRun {
  const run = repo.checkRuns.find((r) => r.id === id);
  if (!run) throw notFound();
  return run;
}

export async function updateCheckRun(world: World, repo: Repository, run: CheckRun, app: RegisteredApp, input: CheckRunInput, sender: Account): Promise<CheckRun> {
  if (run.appId !== app.id) throw new ApiError(403, "Invalid app_id `" + app.id + "` - check run can only be modified by the GitHub App that created it.");
  checkFields({ ...input, status: input.status ?? (input.conclusion ? "completed" : undefined) });
  const wasCompleted = run.status === "completed";
  if (input.name !== undefined) run.name = input.name;
  if (input.details_url !== undefined) run.detailsUrl = input.details_url;
  if (input.external_id !== undefined) run.externalId = input.external_id;
  if (input.started_at !== undefined) run.startedAt = input.started_at;
  if (input.status !== undefined) run.status = input.status as CheckStatus;
  if (input.conclusion !== undefined) {
    run.conclusion = input.conclusion;
    run.status = "completed";
  }
  if (run.status === "completed") run.completedAt = input.completed_at ?? run.completedAt ?? world.nowIso();
  if (input.output) {
    run.output.title = input.output.title ?? run.output.title;
    run.output.summary = input.output.summary ?? run.output.summary;
    run.output.text = input.output.text ?? run.output.text;
    // GitHub appends annotations sent in later updates.
    run.output.annotations.push(...(input.output.annotations ?? []));
  }
  if (input.actions) run.actions = input.actions;
  if (run.status === "completed" && !wasCompleted) world.publish(repo, "check_run", "completed", { check_run: await webhookCheckRun(world, repo, run) }, sender);
  return run;
}

export async function rerequestCheckRun(world: World, repo: Repository, run: CheckRun, sender: Account): Promise<void> {
  if (run.status !== "completed") throw unprocessable("This check run is not rerequestable");
  world.publish(repo, "check_run", "rerequested", { check_run: await webhookCheckRun(world, repo, run) }, sender, { appId: run.appId });
}

export async function rerequestCheckSuite(world: World, repo: Repository, suite: CheckSuite, sender: Account): Promise<void> {
  world.publish(repo, "check_suite", "rerequested", { check_suite: await renderSuite(world, repo, suite) }, sender, { appId: suite.appId });
}

// ── commit statuses ──────────────────────────────────────────────────────

export function renderStatus(world: World, repo: Repository, s: CommitStatus): Record<string, unknown> {
  return {
    url: `${world.urls.api}/repos/${repo.owner.login}/${repo.name}/statuses/${s.sha}`,
    avatar_url: `${world.urls.html}/avatars/u/${s.creator.id}`,
    id: s.id,
    node_id: nodeId("StatusContext", s.id),
    state: s.state,
    description: s.description,
    target_url: s.targetUrl,
    context: s.context,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    creator: renderUser(s.creator, world.urls),
  };
}

export async function createStatus(
  world: World,
  repo: Repository,
  sha: string,
  input: { state?: unknown; context?: unknown; description?: unknown; target_url?: unknown },
  creator: Account,
): Promise<CommitStatus> {
  const states = ["error", "failure", "pending", "success"];
  if (typeof input.state !== "string" || !states.includes(input.state)) {
    throw unprocessable("Validation Failed", [{ resource: "Status", code: "custom", field: "state", message: `state is not included in the list` }]);
  }
  const resolved = await repo.git.resolveCommit(sha);
  if (!resolved || resolved !== sha.toLowerCase()) throw unprocessable(`No commit found for SHA: ${sha}`);
  const now = world.nowIso();
  const status: CommitStatus = {
    id: world.nextId(),
    sha: resolved,
    state: input.state as CommitStatus["state"],
    context: typeof input.context === "string" && input.context ? input.context : "default",
    description: typeof input.description === "string" ? input.description : null,
    targetUrl: typeof input.target_url === "string" ? input.target_url : null,
    creator,
    createdAt: now,
    updatedAt: now,
  };
  repo.statuses.push(status);
  return status;
}

/** Latest status per context, newest first. */
export function latestStatuses(repo: Repository, sha: string): CommitStatus[] {
  const latest = new Map<string, CommitStatus>();
  for (const s of repo.statuses) if (s.sha === sha) latest.set(s.context, s);
  return [...latest.values()].reverse();
}

export function combinedState(statuses: CommitStatus[]): string {
  if (statuses.some((s) => s.state === "error" || s.state === "failure")) return "failure";
  if (statuses.length === 0 || statuses.some((s) => s.state === "pending")) return "pending";
  return "success";
}
