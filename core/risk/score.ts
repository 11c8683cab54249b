import type { Finding, Severity } from "./finding.js";
import { TIER_NAMES, maxTier, type ResolvedPolicy, type TierName } from "../policy/resolved.js";

/**
 * A finding's default weight is the default `min_score` of the tier named like
 * its severity, so one finding of severity S alone lands in tier S under the
 * default policy, and several smaller ones add up towards the next tier.
 */
export const SEVERITY_WEIGHT: Record<Severity, number> = { info: 0, low: 5, medium: 20, high: 50, critical: 80 };
export const SCORE_CAP = 100;

export const scoreOf = (findings: Finding[]): number => Math.min(SCORE_CAP, findings.reduce((s, f) => s + f.weight, 0));

export interface TierDecision {
  tier: TierName;
  /** Each reason the tier is what it is, in words a reviewer reads. */
  reasons: string[];
}

/** Highest tier whose min_score the score reaches, raised by rules' `min_tier` and by fail-closed conditions. */
export function tierFor(score: number, findings: Finding[], policy: ResolvedPolicy, failClosed: string[]): TierDecision {
  let tier: TierName = "low";
  for (const name of TIER_NAMES) if (score >= policy.tiers[name].min_score) tier = name;
  const reasons = [`score ${score} reaches tier \`${tier}\` (min_score ${policy.tiers[tier].min_score})`];
  for (const f of findings) {
    const min = f.minTier;
    if (min && maxTier(tier, min) !== tier) {
      tier = min;
      reasons.push(`rule \`${f.rule}\` requires at least tier \`${min}\``);
    }
  }
  if (failClosed.length) {
    tier = "critical";
    for (const why of failClosed) reasons.push(`fail closed to \`critical\`: ${why}`);
  }
  return { tier, reasons };
}
