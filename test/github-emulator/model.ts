import type { KeyObject } from "node:crypto";
import type { GitStore } from "./git-store.js";

/** The emulator's own state. Objects here are internal; handlers render them as GitHub JSON. */

export interface Account {
  id: number;
  login: string;
  type: "User" | "Organization" | "Bot";
  name: string;
  /** Commits whose author or committer e-mail is this one are attributed to this account. */
  email: string;
  siteAdmin: boolean;
  createdAt: string;
}

export type TeamMemberState = "active" | "pending";

export interface Team {
  id: number;
  org: string;
  slug: string;
  name: string;
  description: string | null;
  privacy: "closed" | "secret";
  members: Map<string, { state: TeamMemberState; role: "member" | "maintainer" }>;
  createdAt: string;
}

export interface RegisteredApp {
  id: number;
  slug: string;
  name: string;
  clientId: string;
  owner: Account;
  publicKey: KeyObject;
  bot: Account;
  permissions: Record<string, string>;
  events: string[];
  createdAt: string;
}

export interface Installation {
  id: number;
  appId: number;
  account: Account;
  /** `null`: all repositories of the account. */
  repositories: Set<string> | null;
  createdAt: string;
}

export type Permission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export interface Label {
  id: number;
  name: string;
  color: string;
  description: string | null;
  isDefault: boolean;
}

export interface IssueComment {
  id: number;
  issueNumber: number;
  user: Account;
  body: string;
  createdAt: string;
  updatedAt: string;
  viaApp: RegisteredApp | null;
}

export type ReviewState = "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" | "PENDING";

export interface Review {
  id: number;
  user: Account;
  body: string;
  state: ReviewState;
  commitId: string;
  submittedAt: string;
  /** The state before a dismissal, for the webhook's dismissal message. */
  dismissedFrom?: ReviewState;
}

export interface PullRequest {
  id: number;
  number: number;
  title: string;
  body: string | null;
  author: Account;
  state: "open" | "closed";
  draft: boolean;
  baseRef: string;
  headRef: string;
  /** Last known head SHA (also kept in `refs/pull/N/head`, which survives branch deletion). */
  headSha: string;
  /** Base SHA at the last time GitHub would have recorded it (open/sync/edit). */
  baseSha: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  mergedAt: string | null;
  mergedBy: Account | null;
  mergeCommitSha: string | null;
  requestedReviewers: Account[];
  requestedTeams: Team[];
  reviews: Review[];
  labels: string[];
  locked: boolean;
}

export interface CheckSuite {
  id: number;
  appId: number;
  headSha: string;
  headBranch: string | null;
  before: string | null;
  after: string | null;
  createdAt: string;
  updatedAt: string;
}

export type CheckStatus = "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";

export interface CheckRun {
  id: number;
  appId: number;
  suiteId: number;
  headSha: string;
  name: string;
  status: CheckStatus;
  conclusion: string | null;
  startedAt: string | null;
  completedAt: string | null;
  detailsUrl: string | null;
  externalId: string | null;
  output: { title: string | null; summary: string | null; text: string | null; annotations: unknown[] };
  actions: unknown[];
}

export interface CommitStatus {
  id: number;
  sha: string;
  state: "error" | "failure" | "pending" | "success";
  context: string;
  description: string | null;
  targetUrl: string | null;
  creator: Account;
  createdAt: string;
  updatedAt: string;
}

/** Branch protection as GitHub's "update branch protection" request body states it. */
export interface BranchProtection {
  required_status_checks: { strict: boolean; contexts: string[]; checks?: Array<{ context: string; app_id?: number | null }> } | null;
  enforce_admins: boolean | null;
  required_pull_request_reviews: {
    dismiss_stale_reviews?: boolean;
    require_code_owner_reviews?: boolean;
    required_approving_review_count?: number;
    require_last_push_approval?: boolean;
  } | null;
  restrictions: { users: string[]; teams: string[]; apps?: string[] } | null;
  required_linear_history?: boolean;
  allow_force_pushes?: boolean | null;
  allow_deletions?: boolean;
  required_conversation_resolution?: boolean;
  lock_branch?: boolean;
}

export interface Repository {
  id: number;
  owner: Account;
  name: string;
  description: string | null;
  private: boolean;
  defaultBranch: string;
  git: GitStore;
  createdAt: string;
  pushedAt: string;
  /** Issue and pull request numbers share one sequence, as on GitHub. */
  nextNumber: number;
  pulls: Map<number, PullRequest>;
  comments: IssueComment[];
  labels: Map<string, Label>;
  checkSuites: CheckSuite[];
  checkRuns: CheckRun[];
  statuses: CommitStatus[];
  protections: Map<string, BranchProtection>;
  collaborators: Map<string, Permission>;
  /** Teams with access to the repository. */
  teamPermissions: Map<string, Permission>;
  /** Bytes of the push log already processed. */
  pushLogOffset: number;
}

export const fullName = (r: Repository): string => `${r.owner.login}/${r.name}`;
