import type { ReportRequirement } from "../report/risk-report.js";

/**
 * The approval evaluation's data interface (DESIGN §6). Everything the App
 * learned from GitHub comes in as plain values; the result is a value that
 * explains itself, rendered into the check run by one function.
 */
import type { Problem } from "../errors/problem.js";
import type { TierName } from "../policy/resolved.js";

/** A repository role as `GET /repos/{o}/{r}/collaborators/{user}/permission` names it (`role_name`). */
export type Permission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

/** A pull request review as GitHub lists it. `state` is GitHub's: a dismissed review reads `DISMISSED`. */
export interface ReviewRecord {
  id: number;
  /** Login of the reviewer; null for a deleted account ("ghost"). */
  user: string | null;
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" | "PENDING" | (string & {});
  /** The head the review was made on; never enough on its own (a force-push can bring an old SHA back). */
  commit_id: string | null;
  submitted_at?: string | null;
}

/** The GitHub accounts behind one commit of the pull request (null when the e-mail maps to no account). */
export interface CommitPeople {
  sha: string;
  author: string | null;
  committer: string | null;
}

/** A requirement of the tier, as `requirementsForTier` derives it. */
export interface RequirementInput {
  id: string;
  description: string;
  /** Principals: `owners`, `org/team`, user logins. Empty: any eligible reviewer. */
  who: string[];
  needed: number;
}

export interface BlockingFinding {
  rule: string;
  file: string;
  line: number;
  message: string;
}

export interface ApprovalInput {
  tier: TierName;
  /** Login of the pull request's author. */
  author: string;
  /** The head SHA at evaluation time: approvals are compared with this, never with what a review claims. */
  headSha: string;
  /** Commits of the pull request (needed for `exclude_committers`). */
  commits: CommitPeople[];
  reviews: ReviewRecord[];
  /** Repository role of reviewers, by login (any case). A login that is missing counts as `none`. */
  permissions: Record<string, Permission>;
  /**
   * Team membership by `org/slug`, then login (any case): true only for an ACTIVE
   * member. A pair that is missing counts as "not a member"; `lookupsNeeded` says
   * which pairs the evaluation would look at.
   */
  memberships: Record<string, Record<string, boolean>>;
  /** Owners of the changed templates (users and `org/team`), read from the base side. */
  owners: string[];
  requirements: RequirementInput[];
  approvals: { dismiss_stale: boolean; exclude_committers: boolean };
  /** Findings that block approval until the change is fixed (missing rationale, owners, …). */
  blocking: BlockingFinding[];
  /** Why the risk engine could not decide (each already forced the highest tier). */
  failClosed: string[];
  /** Problems of the base branch's policy: nobody can approve under a broken policy. */
  policyProblems?: Problem[];
  /** What the adapter could not fully check (e.g. GitHub's 250-commit listing limit), shown among the reasons. */
  notes?: string[];
}

export type ApprovalStatus = "pending" | "approved" | "blocked";

/** A requirement with the logins whose approvals count towards it: the risk report's own shape, so the App's check and the report agree. */
export type EvaluatedRequirement = ReportRequirement;

export interface EligibleApproval {
  reviewer: string;
  reviewId: number;
  commit: string;
  submittedAt: string | null;
}

export interface IgnoredReview {
  reviewer: string;
  reviewId: number;
  /** Why this review does not count, in words a reviewer understands. */
  reason: string;
}

export interface ChangeRequest {
  reviewer: string;
  reviewId: number;
  commit: string | null;
}

export interface ApprovalResult {
  status: ApprovalStatus;
  tier: TierName;
  requirements: EvaluatedRequirement[];
  /** Approvals that count towards at least one requirement. */
  eligible: EligibleApproval[];
  /** Approvals that do not count, each with its reason. */
  ignored: IgnoredReview[];
  /** Outstanding change requests from reviewers with write access: they block. */
  changesRequested: ChangeRequest[];
  /** Why the status is what it is, most important first. */
  reasons: string[];
  /** True when nothing needs approving (low tier with `approvals: 0`). */
  automated: boolean;
}

/** Lookups the adapter should make before evaluating (each at most once per event). */
export interface Lookups {
  /** Logins whose repository permission is needed. */
  permissions: string[];
  /** (team, login) pairs whose active membership is needed. */
  memberships: { team: string; login: string }[];
}
