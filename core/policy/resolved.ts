import type { Policy, Tier, TierName, RuleSettings } from "../generated/policy.js";
import type { Governance } from "../generated/governance.js";

export type { Policy, Tier, TierName, RuleSettings, Governance };

export const TIER_NAMES: readonly TierName[] = ["low", "medium", "high", "critical"];
export const tierRank = (t: TierName): number => TIER_NAMES.indexOf(t);
export const maxTier = (a: TierName, b: TierName): TierName => (tierRank(a) >= tierRank(b) ? a : b);

export interface ResolvedTier extends Tier {
  min_score: number;
  approvals: number;
  reviewers: string[];
  require_all_teams: boolean;
}

/** A policy with every default filled in: what the engine works from. */
export interface ResolvedPolicy {
  version: 1;
  templates: string[];
  ignore: string[];
  tiers: Record<TierName, ResolvedTier>;
  rules: Record<string, RuleSettings>;
  require: NonNullable<Policy["require"]>;
  approvals: { dismiss_stale: boolean; exclude_committers: boolean };
  owners: Record<string, string[]>;
  governance: Record<string, Governance>;
  memory_schemas: string[];
  migrations?: string;
  cost: NonNullable<Policy["cost"]>;
  limits: { max_file_bytes: number };
  audit: { branch: string; public_keys: string[] };
  /** Where this policy came from: repository path and blob SHA when read from git, or `default`. */
  origin: { path: string; blobSha?: string; isDefault: boolean };
}

export const DEFAULT_POLICY_PATH = ".github/promptops.yml";

/**
 * Safe defaults (DESIGN §4): with no policy file, every template change needs
 * at least one eligible approval from someone other than its authors, and the
 * riskier tiers ask for more.
 */
export function defaultPolicy(): ResolvedPolicy {
  return {
    version: 1,
    templates: ["**/*.prompt.yml", "**/*.prompt.yaml", "**/*.prompty", "**/*.prompt", "prompts/**"],
    ignore: [],
    tiers: {
      low: { min_score: 0, approvals: 1, reviewers: [], require_all_teams: false },
      medium: { min_score: 20, approvals: 1, reviewers: ["owners"], require_all_teams: false },
      high: { min_score: 50, approvals: 2, reviewers: ["owners"], require_all_teams: false },
      critical: { min_score: 80, approvals: 2, reviewers: ["owners"], require_all_teams: false },
    },
    rules: {},
    require: { migration: true },
    approvals: { dismiss_stale: true, exclude_committers: true },
    owners: {},
    governance: {},
    memory_schemas: [],
    cost: {},
    limits: { max_file_bytes: 1024 * 1024 },
    audit: { branch: "promptops-audit", public_keys: [] },
    origin: { path: DEFAULT_POLICY_PATH, isDefault: true },
  };
}
