import { notFound, unprocessable } from "./http-types.js";
import type { Account, IssueComment, Label, RegisteredApp, Repository } from "./model.js";
import { nodeId, renderApp, renderLabel, renderUser } from "./render-accounts.js";
import type { World } from "./world.js";

/** Pull requests are the only issues the emulator has; comments and labels hang off their numbers. */
export function assertIssue(repo: Repository, number: number): void {
  if (!repo.pulls.has(number)) throw notFound();
}

export function renderComment(world: World, repo: Repository, c: IssueComment): Record<string, unknown> {
  const api = `${world.urls.api}/repos/${repo.owner.login}/${repo.name}`;
  return {
    id: c.id,
    node_id: nodeId("IssueComment", c.id),
    url: `${api}/issues/comments/${c.id}`,
    html_url: `${world.urls.html}/${repo.owner.login}/${repo.name}/pull/${c.issueNumber}#issuecomment-${c.id}`,
    body: c.body,
    user: renderUser(c.user, world.urls),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    issue_url: `${api}/issues/${c.issueNumber}`,
    author_association: world.authorAssociation(repo, c.user),
    performed_via_github_app: c.viaApp ? renderApp(c.viaApp, world.urls) : null,
  };
}

export function addComment(world: World, repo: Repository, number: number, body: unknown, user: Account, viaApp: RegisteredApp | null): IssueComment {
  assertIssue(repo, number);
  if (typeof body !== "string" || body === "") throw unprocessable("Invalid request.\n\n\"body\" wasn't supplied.", [{ resource: "IssueComment", code: "missing_field", field: "body" }]);
  if (body.length > 65536) throw unprocessable("Validation Failed", [{ resource: "IssueComment", code: "custom", field: "body", message: "body is too long (maximum is 65536 characters)" }]);
  const now = world.nowIso();
  const comment: IssueComment = { id: world.nextId(), issueNumber: number, user, body, createdAt: now, updatedAt: now, viaApp };
  repo.comments.push(comment);
  return comment;
}

export function findComment(repo: Repository, id: number): IssueComment {
  const c = repo.comments.find((x) => x.id === id);
  if (!c) throw notFound();
  return c;
}

export function updateComment(world: World, comment: IssueComment, body: unknown): void {
  if (typeof body !== "string" || body === "") throw unprocessable("Invalid request.\n\n\"body\" wasn't supplied.", [{ resource: "IssueComment", code: "missing_field", field: "body" }]);
  if (body.length > 65536) throw unprocessable("Validation Failed", [{ resource: "IssueComment", code: "custom", field: "body", message: "body is too long (maximum is 65536 characters)" }]);
  comment.body = body;
  comment.updatedAt = world.nowIso();
}

export function createLabel(world: World, repo: Repository, input: { name?: unknown; color?: unknown; description?: unknown }): Label {
  if (typeof input.name !== "string" || input.name === "") throw unprocessable("Validation Failed", [{ resource: "Label", code: "missing_field", field: "name" }]);
  if (world.label(repo, input.name)) throw unprocessable("Validation Failed", [{ resource: "Label", code: "already_exists", field: "name" }]);
  const color = typeof input.color === "string" ? input.color.replace(/^#/, "") : "ededed";
  if (!/^[0-9a-fA-F]{6}$/.test(color)) throw unprocessable("Validation Failed", [{ resource: "Label", code: "invalid", field: "color" }]);
  const label: Label = {
    id: world.nextId(),
    name: input.name,
    color: color.toLowerCase(),
    description: typeof input.description === "string" ? input.description : null,
    isDefault: false,
  };
  repo.labels.set(input.name.toLowerCase(), label);
  return label;
}

/** Names from the several body shapes GitHub accepts: `["a"]`, `{labels: ["a"]}`, `{labels: [{name: "a"}]}`. */
export function labelNames(body: unknown): string[] {
  const list = Array.isArray(body) ? body : body && typeof body === "object" ? (body as { labels?: unknown }).labels : undefined;
  if (!Array.isArray(list)) throw unprocessable("Invalid request.\n\n\"labels\" wasn't supplied.", [{ resource: "Label", code: "missing_field", field: "labels" }]);
  return list.map((l) => {
    const name = typeof l === "string" ? l : l && typeof l === "object" ? (l as { name?: unknown }).name : undefined;
    if (typeof name !== "string" || name === "") throw unprocessable("Validation Failed", [{ resource: "Label", code: "invalid", field: "name" }]);
    return name;
  });
}

/** Adds labels to a pull request, creating unknown ones the way GitHub does. */
export function addLabels(world: World, repo: Repository, number: number, names: string[]): void {
  assertIssue(repo, number);
  const pr = repo.pulls.get(number)!;
  for (const name of names) {
    const label = world.label(repo, name) ?? createLabel(world, repo, { name });
    if (!pr.labels.some((l) => l.toLowerCase() === label.name.toLowerCase())) pr.labels.push(label.name);
  }
}

export function setLabels(world: World, repo: Repository, number: number, names: string[]): void {
  assertIssue(repo, number);
  repo.pulls.get(number)!.labels = [];
  addLabels(world, repo, number, names);
}

export function removeLabel(repo: Repository, number: number, name: string): void {
  assertIssue(repo, number);
  const pr = repo.pulls.get(number)!;
  const index = pr.labels.findIndex((l) => l.toLowerCase() === name.toLowerCase());
  if (index < 0) throw notFound("Label does not exist");
  pr.labels.splice(index, 1);
}

export function issueLabels(world: World, repo: Repository, number: number): Array<Record<string, unknown>> {
  assertIssue(repo, number);
  return repo.pulls
    .get(number)!
    .labels.map((n) => world.label(repo, n))
    .filter((l): l is Label => l !== undefined)
    .map((l) => renderLabel(repo, l, world.urls));
}
