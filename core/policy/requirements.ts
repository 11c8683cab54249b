/**
 * What approvals a tier asks for (DESIGN §6), as values the router counts
 * against and the check run lists as met or missing.
 */
import { globMatches } from "./globs.js";
import { normalizePrincipals, principalKind } from "./principals.js";
import type { ResolvedPolicy, TierName } from "./resolved.js";

export interface Requirement {
  /** `approvals`, or for `require_all_teams`: `owners`, `team:org/slug`, `user:login`. */
  id: string;
  /** Principals: `owners`, `org/team`, `user` (`@` stripped). Empty: any eligible reviewer. */
  who: string[];
  needed: number;
  description: string;
}

function render(p: string): string {
  switch (principalKind(p)) {
    case "owners":
      return "the templates' owners";
    case "team":
      return `team @${p}`;
    case "user":
      return `@${p}`;
  }
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * `approvals: 0` is the automated route: nothing to satisfy. Otherwise one
 * requirement counts approvals from the tier's reviewers, and with
 * `require_all_teams` each listed principal must also approve at least once.
 */
export function requirementsForTier(policy: ResolvedPolicy, tier: TierName): Requirement[] {
  const t = policy.tiers[tier];
  if (t.approvals <= 0) return [];
  const who = normalizePrincipals(t.reviewers);
  const from = who.length === 0 ? "any eligible reviewer" : who.map(render).join(" or ");
  const out: Requirement[] = [
    { id: "approvals", who, needed: t.approvals, description: `${plural(t.approvals, "approval")} from ${from}` },
  ];
  if (t.require_all_teams) {
    for (const p of who) {
      const kind = principalKind(p);
      out.push({
        id: kind === "owners" ? "owners" : `${kind}:${p}`,
        who: [p],
        needed: 1,
        description: `at least one approval from ${render(p)}`,
      });
    }
  }
  return out;
}

/**
 * Owners of the template at `path`: its own `governance.owners` when it lists
 * any, else the policy's `owners:` map (the last matching glob wins, like
 * CODEOWNERS; a matching glob with an empty list means "no owners"), else none.
 * Pass `governanceFor(...).governance.owners` to let folder-level governance
 * from the policy count as the template's own.
 */
export function ownersFor(path: string, policy: ResolvedPolicy, templateGovernanceOwners?: string[]): string[] {
  if (templateGovernanceOwners && templateGovernanceOwners.length > 0) return normalizePrincipals(templateGovernanceOwners);
  let match: string[] | undefined;
  for (const [glob, owners] of Object.entries(policy.owners)) if (globMatches(glob, path)) match = owners;
  return normalizePrincipals(match ?? []);
}
