/**
 * Who owns a template (DESIGN §3, issue 8): its own `governance.owners`
 * (with folder governance from the policy), else the policy's `owners:` map,
 * else the repository's CODEOWNERS. `owners` in a tier's reviewers means
 * these people, and a policy that requires owners blocks a template without.
 */
import type { ChangeSet, TemplateChange } from "../diff/model.js";
import { globMatches } from "../policy/globs.js";
import { normalizePrincipals } from "../policy/principals.js";
import { tierRank, type ResolvedPolicy, type TierName } from "../policy/resolved.js";
import type { RawFinding } from "../risk/finding.js";
import { codeownersFor, parseCodeowners, type Codeowners } from "./codeowners.js";
import { governanceOf, headTemplates, metadataLine } from "./template-governance.js";

export type OwnersSource = "governance" | "policy" | "codeowners" | "none";

export interface TemplateOwners {
  /** `user` / `org/team`, `@` stripped, each once. */
  owners: string[];
  source: OwnersSource;
  /** Where the answer came from: the policy glob, or `CODEOWNERS path:line`. */
  detail?: string;
  /** The deciding CODEOWNERS rule names owners only by email address, which cannot be mapped to accounts. */
  emailOnly?: true;
}

/**
 * Owners of the template a change leaves at head (for a removal: at base).
 * A matching policy glob or CODEOWNERS rule with no owners is an explicit
 * "nobody": it is the answer, and later sources are not consulted.
 */
export function templateOwners(change: TemplateChange, policy: ResolvedPolicy, codeowners?: Codeowners): TemplateOwners {
  const side = change.status === "removed" ? "old" : "new";
  const path = side === "old" ? change.previousPath ?? change.path : change.path;
  const own = governanceOf(change, policy, side).owners;
  if (own && own.length > 0) return { owners: normalizePrincipals(own), source: "governance" };

  let glob: string | undefined;
  for (const g of Object.keys(policy.owners)) if (globMatches(g, path)) glob = g;
  if (glob !== undefined) {
    const owners = normalizePrincipals(policy.owners[glob] ?? []);
    return { owners, source: owners.length ? "policy" : "none", detail: `policy owners \`${glob}\`` };
  }

  if (codeowners) {
    const m = codeownersFor(path, codeowners);
    if (m) {
      const owners = normalizePrincipals(m.owners);
      return { owners, source: owners.length ? "codeowners" : "none", detail: `${m.path}:${m.line}`, ...(!owners.length && m.emailOwners ? { emailOnly: true as const } : {}) };
    }
  }
  return { owners: [], source: "none" };
}

/** The change set's CODEOWNERS, parsed once per text (every check and the report ask for it). */
let lastCodeowners: { key: string; parsed: Codeowners } | undefined;
export function codeownersOf(changes: ChangeSet): Codeowners | undefined {
  const c = changes.codeowners;
  if (!c) return undefined;
  const key = `${c.path}\0${c.text}`;
  if (lastCodeowners?.key !== key) lastCodeowners = { key, parsed: parseCodeowners(c.text, c.path) };
  return lastCodeowners.parsed;
}

/** `require.owners: true` applies at every tier; a tier name applies from that tier up. */
export function ownersRequiredAt(policy: ResolvedPolicy, tier: TierName): boolean {
  const r = policy.require.owners;
  if (r === true) return true;
  if (typeof r === "string") return tierRank(tier) >= tierRank(r);
  return false;
}

/** Requirement check: every added or changed template has at least one owner. */
export function ownersCheck(changes: ChangeSet, policy: ResolvedPolicy, tier: TierName): RawFinding[] {
  if (!ownersRequiredAt(policy, tier)) return [];
  const codeowners = codeownersOf(changes);
  const out: RawFinding[] = [];
  for (const { change, template } of headTemplates(changes.templates)) {
    const o = templateOwners(change, policy, codeowners);
    if (o.owners.length > 0) continue;
    out.push({
      rule: "metadata.owners",
      category: "metadata",
      severity: "medium",
      file: change.path,
      line: metadataLine(template, "/governance/owners", "/governance"),
      column: 1,
      message: `The policy requires owners, and this template has none${o.detail ? ` (${o.detail} ${o.emailOnly ? "lists only email addresses, which cannot be requested as reviewers" : "names no GitHub user or team"})` : ""}.`,
      remediation: "Add `governance.owners` to the template, a glob under the policy's `owners:`, or a CODEOWNERS rule with @user or @org/team for this path (email owners cannot be requested as reviewers).",
    });
  }
  return out;
}
