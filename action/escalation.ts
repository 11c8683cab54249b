import { normalizePrincipal, principalKind } from "../core/policy/principals.js";

export interface EscalationContext {
  /** Login of the repository's owner: GitHub can only request teams of the organization that owns the repository. */
  repoOwner: string;
  /** The pull request's author: GitHub refuses to request a review from them. */
  author: string;
  /** Owners of the changed templates (users and `org/team`): what `owners` stands for. */
  owners: readonly string[];
  /** Users and team slugs already requested on the pull request: asking again is a write that changes nothing. */
  requestedUsers: readonly string[];
  requestedTeams: readonly string[];
}

export interface EscalationPlan {
  /** Logins to request. */
  users: string[];
  /** Team slugs to request (`team_reviewers` takes slugs of the repository owner's teams). */
  teams: string[];
  /** Everyone the escalation reaches, already requested or not (users as logins, teams as `org/slug`): for the breach comment. */
  named: string[];
  /** Principals that cannot be requested, with why: for the log. */
  skipped: string[];
}

const lower = (s: string) => s.toLowerCase();

/**
 * The reviewers a breach escalates to: the tier's `escalation` principals with
 * `owners` resolved to the changed templates' owners, split into users and
 * team slugs, each once, without the author, without those already requested,
 * and without teams of another organization.
 */
export function escalationReviewers(escalation: readonly string[], ctx: EscalationContext): EscalationPlan {
  const requestedUsers = new Set(ctx.requestedUsers.map(lower));
  const requestedTeams = new Set(ctx.requestedTeams.map((t) => lower(t.includes("/") ? t.split("/")[1]! : t)));
  const seenUsers = new Set<string>();
  const seenTeams = new Set<string>();
  const plan: EscalationPlan = { users: [], teams: [], named: [], skipped: [] };
  const add = (raw: string, viaOwners: boolean) => {
    const p = normalizePrincipal(raw);
    if (p === "") return;
    const kind = principalKind(p);
    if (kind === "owners") {
      // `owners` among the owners themselves would loop; it means nothing there.
      if (!viaOwners) {
        if (ctx.owners.length === 0) plan.skipped.push("owners (the changed templates have no owners)");
        for (const o of ctx.owners) add(o, true);
      }
      return;
    }
    if (kind === "user") {
      if (seenUsers.has(lower(p))) return;
      seenUsers.add(lower(p));
      if (lower(p) === lower(ctx.author)) {
        plan.skipped.push(`@${p} (the pull request's author)`);
        return;
      }
      plan.named.push(p);
      if (!requestedUsers.has(lower(p))) plan.users.push(p);
      return;
    }
    const [org, slug] = p.split("/") as [string, string];
    if (seenTeams.has(lower(p))) return;
    seenTeams.add(lower(p));
    if (lower(org) !== lower(ctx.repoOwner)) {
      plan.skipped.push(`@${p} (a team of another organization than ${ctx.repoOwner})`);
      return;
    }
    plan.named.push(p);
    if (!requestedTeams.has(lower(slug))) plan.teams.push(slug);
  };
  for (const e of escalation) add(e, false);
  return plan;
}
