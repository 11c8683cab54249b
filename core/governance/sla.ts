/**
 * Review SLAs: how long a pull request may wait for its PromptOps approval.
 * A template's `governance.review_sla` and the tier's `review_sla` both
 * apply; the strictest wins. The Action's `sla` mode (a scheduled workflow)
 * feeds `slaBreaches` the open pull requests and posts what it returns,
 * once per breach: the comment carries a marker the next run finds.
 */
import type { TemplateChange } from "../diff/model.js";
import { err, ok, type Result } from "../errors/problem.js";
import { normalizePrincipals } from "../policy/principals.js";
import type { ResolvedPolicy, TierName } from "../policy/resolved.js";
import { governanceOf } from "./template-governance.js";

const HOUR = 3_600_000;
const UNIT_MS: Record<string, number> = { h: HOUR, d: 24 * HOUR, w: 7 * 24 * HOUR };

/** `24h`, `3d`, `1w` → milliseconds (the governance schema's duration syntax). */
export function parseDuration(s: string): Result<number> {
  const m = /^\s*([1-9][0-9]{0,5})\s*([hdw])\s*$/.exec(s);
  if (!m) return err({ code: "governance.duration", message: `\`${s}\` is not a duration such as 24h, 3d or 1w` });
  return ok(Number(m[1]) * UNIT_MS[m[2]!]!);
}

/** For comments: minutes under an hour, whole days and weeks as such, else hours. */
export function formatDuration(ms: number): string {
  if (ms < HOUR) return `${Math.max(1, Math.round(ms / 60_000))}m`;
  const h = Math.round(ms / HOUR);
  if (h >= 168 && h % 168 === 0) return `${h / 168}w`;
  if (h >= 24 && h % 24 === 0) return `${h / 24}d`;
  return `${h}h`;
}

export interface SlaChoice {
  /** As written, e.g. `48h`. */
  sla: string;
  ms: number;
  /** Where it comes from: a template path, or `tier high`. */
  source: string;
}

/**
 * The SLA for a change: the shortest of the changed templates' `review_sla`
 * (head side; for a removal, base side) and the tier's. Undefined when none
 * is set. Unparseable durations are ignored here (the schema rejects them).
 */
export function slaFor(templates: readonly TemplateChange[], policy: ResolvedPolicy, tier: TierName): SlaChoice | undefined {
  let best: SlaChoice | undefined;
  const consider = (sla: string | undefined, source: string) => {
    if (!sla) return;
    const d = parseDuration(sla);
    if (d.ok && (!best || d.value < best.ms)) best = { sla, ms: d.value, source };
  };
  consider(policy.tiers[tier].review_sla, `tier ${tier}`);
  for (const change of templates) {
    consider(governanceOf(change, policy, change.status === "removed" ? "old" : "new").review_sla, change.path);
  }
  return best;
}

const toDate = (d: Date | string | number): Date => (d instanceof Date ? d : new Date(d));

/**
 * When the review is due: `start` plus the SLA. Pass the time the pull request
 * became ready for review (`ready_for_review`), or its opening time when it was
 * never a draft: the clock does not run while the author is still drafting.
 */
export function slaDeadline(start: Date | string | number, sla: string | number): Date | undefined {
  const ms = typeof sla === "number" ? sla : parseDuration(sla);
  const d = toDate(start);
  if (Number.isNaN(d.getTime())) return undefined;
  if (typeof ms === "number") return new Date(d.getTime() + ms);
  return ms.ok ? new Date(d.getTime() + ms.value) : undefined;
}

export type ApprovalStatus = "pending" | "approved" | "blocked";

export interface OpenPullRequest {
  number: number;
  /** When it was opened (ISO string or Date). */
  openedAt: string | Date;
  /** When it last became ready for review, if it was ever a draft; the clock starts here. */
  readyAt?: string | Date;
  draft?: boolean;
  tier: TierName;
  /** The PromptOps approval check's state. */
  status: ApprovalStatus;
  /** The SLA that applies (`slaFor(...).sla`); default: the tier's `review_sla`. */
  sla?: string;
  /** A breach comment is already on the pull request (`hasSlaBreachMarker` over its comments). */
  alreadyNotified: boolean;
}

export interface SlaBreach {
  number: number;
  tier: TierName;
  sla: string;
  /** ISO 8601. */
  deadline: string;
  /** How long past the deadline, in milliseconds. */
  overdueMs: number;
  /** Reviewers to request: the tier's `escalation` (`user`, `org/team`, or `owners`, which the caller resolves to the templates' owners as for `reviewers`). */
  escalation: string[];
  /** The comment to post: Markdown, carrying `SLA_BREACH_MARKER`. */
  comment: string;
}

/** Hidden marker in the breach comment: a later run that finds it does not comment again. */
export const SLA_BREACH_MARKER = "<!-- promptops:sla-breach -->";

export const hasSlaBreachMarker = (commentBodies: readonly string[]): boolean => commentBodies.some((b) => b.includes(SLA_BREACH_MARKER));

/**
 * Pull requests whose approval is still pending past their deadline and that
 * have not been told yet. Approved or blocked ones (a blocking finding waits
 * on the author, not the reviewers), drafts, and those without an SLA are left
 * alone. Sorted by how overdue they are, most first.
 */
export function slaBreaches(openPullRequests: readonly OpenPullRequest[], now: Date | string | number, policy?: ResolvedPolicy): SlaBreach[] {
  const at = toDate(now).getTime();
  const out: SlaBreach[] = [];
  for (const pr of openPullRequests) {
    if (pr.status !== "pending" || pr.draft || pr.alreadyNotified) continue;
    const sla = pr.sla ?? policy?.tiers[pr.tier]?.review_sla;
    if (!sla) continue;
    const deadline = slaDeadline(pr.readyAt ?? pr.openedAt, sla);
    if (!deadline || deadline.getTime() > at) continue;
    const escalation = normalizePrincipals(policy?.tiers[pr.tier]?.escalation ?? []);
    const breach: SlaBreach = { number: pr.number, tier: pr.tier, sla, deadline: deadline.toISOString(), overdueMs: at - deadline.getTime(), escalation, comment: "" };
    breach.comment = slaBreachComment(breach);
    out.push(breach);
  }
  return out.sort((a, b) => b.overdueMs - a.overdueMs || a.number - b.number);
}

export function slaBreachComment(b: Omit<SlaBreach, "comment">): string {
  const lines = [
    SLA_BREACH_MARKER,
    `⏰ **Review SLA breached.** This \`${b.tier}\`-tier prompt change has waited past its ${b.sla} review SLA (due ${b.deadline.replace("T", " ").replace(/\.\d+Z$/, " UTC")}, ${formatDuration(b.overdueMs)} overdue).`,
  ];
  if (b.escalation.length) lines.push("", `Escalating to ${b.escalation.map((p) => (p === "owners" ? "the templates' owners" : `@${p}`)).join(", ")}.`);
  return lines.join("\n");
}
