import type { TierName } from "../core/policy/resolved.js";
import { statusOf, type GitHubClient, type RepoRef } from "../github/client.js";

const PREFIX = "promptops:risk-";

export const tierLabel = (tier: TierName): string => `${PREFIX}${tier}`;

/** Green to red, so the tier reads at a glance in the pull request list. */
export const TIER_LABEL_COLORS: Readonly<Record<TierName, string>> = { low: "0e8a16", medium: "fbca04", high: "d93f0b", critical: "b60205" };

export interface LabelPlan {
  /** The tier's label, when the pull request does not carry it yet. */
  add?: string;
  /** Stale tier labels (any other `promptops:risk-*`), with the case the pull request has them in. */
  remove: string[];
}

/**
 * What to change so that the pull request carries exactly the current tier's
 * label, or none when `tier` is undefined (the change touches no template).
 * GitHub compares label names case-insensitively.
 */
export function planLabels(current: readonly string[], tier: TierName | undefined): LabelPlan {
  const want = tier ? tierLabel(tier) : undefined;
  const has = current.some((l) => l.toLowerCase() === want);
  const remove = current.filter((l) => l.toLowerCase().startsWith(PREFIX) && l.toLowerCase() !== want);
  return { ...(want && !has ? { add: want } : {}), remove };
}

export const labelWrites = (plan: LabelPlan): number => (plan.add ? 1 : 0) + plan.remove.length;

/**
 * Adds the tier label (created first with its colour and a description;
 * "already exists" and a token that may not create labels are both fine,
 * since adding a label creates it anyway) and removes stale ones.
 */
export async function applyLabels(client: GitHubClient, repo: RepoRef, issueNumber: number, plan: LabelPlan): Promise<void> {
  if (plan.add) {
    const tier = plan.add.slice(PREFIX.length) as TierName;
    try {
      await client.request("POST /repos/{owner}/{repo}/labels", { ...repo, name: plan.add, color: TIER_LABEL_COLORS[tier] ?? "ededed", description: `PromptOps risk tier: ${tier}` });
    } catch (e) {
      const status = statusOf(e);
      if (status !== 422 && status !== 403) throw e;
    }
    await client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { ...repo, issue_number: issueNumber, labels: [plan.add] });
  }
  for (const name of plan.remove) {
    try {
      await client.request("DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", { ...repo, issue_number: issueNumber, name });
    } catch (e) {
      // Someone removed it since the event was sent: the goal is reached.
      if (statusOf(e) !== 404) throw e;
    }
  }
}
