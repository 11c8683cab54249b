/**
 * From a (validated) policy file to the ResolvedPolicy the engine works from:
 * every section the file leaves out takes its safe default.
 */
import type { Policy } from "../generated/policy.js";
import { defaultPolicy, TIER_NAMES, type ResolvedPolicy, type TierName } from "./resolved.js";

/**
 * Merge `policy` over the defaults. A tier given in the file overrides the
 * default tier field by field; tiers not given keep their defaults; `rules`,
 * `owners` and `governance` are taken as written.
 */
export function resolvePolicy(policy: Policy, origin: ResolvedPolicy["origin"]): ResolvedPolicy {
  const d = defaultPolicy();
  const tiers = { ...d.tiers };
  for (const name of TIER_NAMES) {
    const given = policy.tiers?.[name];
    if (given) tiers[name] = { ...d.tiers[name], ...structuredClone(given) };
  }
  const resolved: ResolvedPolicy = {
    version: 1,
    templates: policy.templates && policy.templates.length > 0 ? [...policy.templates] : d.templates,
    ignore: [...(policy.ignore ?? d.ignore)],
    tiers,
    rules: structuredClone(policy.rules ?? d.rules),
    require: { ...d.require, ...structuredClone(policy.require ?? {}) },
    approvals: { ...d.approvals, ...policy.approvals },
    owners: structuredClone(policy.owners ?? d.owners),
    governance: structuredClone(policy.governance ?? d.governance),
    memory_schemas: [...(policy.memory_schemas ?? d.memory_schemas)],
    cost: structuredClone(policy.cost ?? d.cost),
    limits: { ...d.limits, ...policy.limits },
    audit: { branch: policy.audit?.branch ?? d.audit.branch, public_keys: [...(policy.audit?.public_keys ?? d.audit.public_keys)] },
    origin,
  };
  if (policy.migrations !== undefined) resolved.migrations = policy.migrations;
  return resolved;
}

export interface TierOrderIssue {
  message: string;
  /** The tier whose `min_score` the issue is shown on: the later of the pair if the file sets it, else the earlier. */
  tier: TierName;
}

/**
 * Tiers are ordered by `min_score`, low → critical, strictly increasing once
 * defaults are merged in: a change gets the highest tier whose threshold it
 * reaches, so equal or inverted thresholds make a tier unreachable.
 */
export function tierOrderIssues(resolved: ResolvedPolicy, given: Policy): TierOrderIssue[] {
  const issues: TierOrderIssue[] = [];
  const inFile = (t: TierName): boolean => given.tiers?.[t]?.min_score !== undefined;
  const score = (t: TierName): string => `\`${t}\` min_score ${resolved.tiers[t].min_score}${inFile(t) ? "" : " (default)"}`;
  for (let i = 1; i < TIER_NAMES.length; i++) {
    const prev = TIER_NAMES[i - 1]!;
    const cur = TIER_NAMES[i]!;
    if (resolved.tiers[cur].min_score > resolved.tiers[prev].min_score) continue;
    issues.push({
      message: `tier ${score(cur)} must be greater than ${score(prev)}`,
      tier: inFile(cur) || !inFile(prev) ? cur : prev,
    });
  }
  return issues;
}
