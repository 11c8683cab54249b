import { normalizePrincipal, principalKind } from "../policy/principals.js";
import type { ApprovalResult, Permission } from "./model.js";
import { loginKey } from "./reviews.js";

export interface RequestContext {
  /** Login of the repository's owner: only its own teams can be requested on its pull requests. */
  repoOwner: string;
  author: string;
  /** Owners of the changed templates (what the `owners` principal stands for). */
  owners: string[];
  /** Everyone who has submitted any review (commented included): never asked again. */
  reviewed: string[];
  /** Already requested users and teams (`org/slug` or bare slugs). */
  requestedUsers: string[];
  requestedTeams: string[];
  /** Logins that cannot count (with `exclude_committers`, the PR's authors and committers): asking them wastes their time. */
  cannotCount: string[];
  /** Known repository roles: someone who cannot write cannot count either. */
  permissions?: Record<string, Permission>;
}

const WRITE = new Set<Permission>(["write", "maintain", "admin"]);

/**
 * The reviewers to request for the requirements still missing: users by login,
 * teams by slug (requested as teams, so the team's own assignment rules
 * apply). Never the author, never anyone who already reviewed or is already
 * requested, never someone who could not count. A requirement satisfied by
 * "any reviewer" names nobody to ask.
 */
export function reviewersToRequest(result: ApprovalResult, ctx: RequestContext): { users: string[]; teams: string[] } {
  if (result.status !== "pending") return { users: [], teams: [] };
  const skipUser = new Set([ctx.author, ...ctx.reviewed, ...ctx.requestedUsers, ...ctx.cannotCount].map(loginKey));
  for (const [login, p] of Object.entries(ctx.permissions ?? {})) if (!WRITE.has(p)) skipUser.add(loginKey(login));
  const skipTeam = new Set(ctx.requestedTeams.map((t) => (t.includes("/") ? t.split("/")[1]! : t).toLowerCase()));
  const users: string[] = [];
  const teams: string[] = [];
  const addPrincipal = (raw: string) => {
    const p = normalizePrincipal(raw);
    const kind = principalKind(p);
    if (kind === "owners") {
      ctx.owners.forEach(addPrincipal);
    } else if (kind === "user") {
      if (skipUser.has(loginKey(p))) return;
      skipUser.add(loginKey(p));
      users.push(p);
    } else {
      const [org, slug] = p.split("/") as [string, string];
      // GitHub can only request a team of the organization that owns the repository.
      if (org.toLowerCase() !== ctx.repoOwner.toLowerCase() || skipTeam.has(slug.toLowerCase())) return;
      skipTeam.add(slug.toLowerCase());
      teams.push(slug);
    }
  };
  for (const req of result.requirements) if (req.missing > 0) req.who.forEach(addPrincipal);
  return { users, teams };
}
