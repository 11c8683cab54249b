import { ApiError, type EmulatorRequest, type EmulatorResponse } from "./http-types.js";
import type { Account, RegisteredApp, Repository } from "./model.js";
import type { World } from "./world.js";

/** Who may call an operation: an app's JWT, anyone who can read/write the repository, an installation token, or anyone. */
export type Access = "jwt" | "read" | "write" | "installation" | "public";

export type Handler = (world: World, req: EmulatorRequest) => Promise<EmulatorResponse>;

export interface HandlerSpec {
  access: Access;
  handle: Handler;
}

export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;

/** The repository named by `{owner}/{repo}` (access was checked before the handler runs). */
export function repoOf(world: World, req: EmulatorRequest): Repository {
  return world.repo(req.params.owner!, req.params.repo!);
}

/**
 * The commit a `{ref}` names in a non-empty repository (409 when empty). GitHub answers an
 * unknown ref with 422 on the commit endpoints and 404 on the lists for a ref.
 */
export async function requireCommit(world: World, repo: Repository, ref: string, missingStatus: 404 | 422 = 422): Promise<string> {
  await world.assertNotEmpty(repo);
  const sha = await world.resolveCommit(repo, ref);
  if (!sha) throw new ApiError(missingStatus, `No commit found for SHA: ${ref}`);
  return sha;
}

export function intParam(req: EmulatorRequest, name: string): number {
  const raw = req.params[name] ?? "";
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) throw new ApiError(404, "Not Found");
  return n;
}

/** The account an actor acts as: a user, or an app's bot user. */
export function senderOf(req: EmulatorRequest): Account {
  const a = req.actor;
  if (a.kind === "user") return a.account;
  if (a.kind === "installation" || a.kind === "app-jwt") return a.app.bot;
  throw new ApiError(401, "Requires authentication");
}

export function appOf(req: EmulatorRequest): RegisteredApp | null {
  return req.actor.kind === "installation" ? req.actor.app : null;
}

export function requireInstallationApp(req: EmulatorRequest): RegisteredApp {
  const app = appOf(req);
  if (!app) throw new ApiError(403, "You must authenticate via a GitHub App.");
  return app;
}

function pageParams(req: EmulatorRequest): { page: number; perPage: number } {
  const rawPer = Number(req.query.get("per_page") ?? DEFAULT_PER_PAGE);
  const rawPage = Number(req.query.get("page") ?? 1);
  const perPage = Number.isFinite(rawPer) && rawPer >= 1 ? Math.min(Math.floor(rawPer), MAX_PER_PAGE) : DEFAULT_PER_PAGE;
  const page = Number.isFinite(rawPage) && rawPage >= 1 ? Math.floor(rawPage) : 1;
  return { page, perPage };
}

/** The `Link` header GitHub sends with a page: prev, next, last, first, in that order. */
export function linkHeader(req: EmulatorRequest, page: number, lastPage: number): string | undefined {
  if (lastPage <= 1) return undefined;
  const at = (p: number): string => {
    const q = new URLSearchParams(req.query);
    q.set("page", String(p));
    return `<${req.apiBase}${req.path}?${q.toString()}>`;
  };
  const parts: string[] = [];
  if (page > 1) parts.push(`${at(Math.min(page - 1, lastPage))}; rel="prev"`);
  if (page < lastPage) parts.push(`${at(page + 1)}; rel="next"`, `${at(lastPage)}; rel="last"`);
  if (page > 1) parts.push(`${at(1)}; rel="first"`);
  return parts.join(", ");
}

/** One page of `items` (`per_page` default 30, at most 100) and its `Link` header. */
export function paginate<T>(req: EmulatorRequest, items: T[]): { page: T[]; headers: Record<string, string> } {
  const { page, perPage } = pageParams(req);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = linkHeader(req, page, lastPage);
  return { page: slice, headers: link ? { link } : {} };
}

export function stringField(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  return typeof v === "string" ? v : undefined;
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
