/**
 * Who has approved what a change's tier requires (DESIGN §6): pure, evaluated
 * from scratch on every event, like policy-bot. Every approval that does not
 * count is listed with the reason, so the check run explains itself.
 */
import { formatProblem } from "../errors/problem.js";
import { normalizePrincipal, principalKind } from "../policy/principals.js";
import type {
  ApprovalInput,
  ApprovalResult,
  ApprovalStatus,
  ChangeRequest,
  EligibleApproval,
  EvaluatedRequirement,
  IgnoredReview,
  Lookups,
  Permission,
  RequirementInput,
  ReviewRecord,
} from "./model.js";
import { loginKey, standings, type ReviewerStanding } from "./reviews.js";

const WRITE_ROLES: ReadonlySet<Permission> = new Set(["write", "maintain", "admin"]);
const short = (sha: string | null | undefined): string => (sha ? sha.slice(0, 7) : "unknown");

/** Lower-cased views of the lookups, so logins and team slugs match in any case (as on GitHub). */
class Facts {
  private readonly perms = new Map<string, Permission>();
  private readonly members = new Map<string, Map<string, boolean>>();
  readonly people = new Map<string, { sha: string; role: "authored" | "committed" }>();
  readonly owners: string[];

  constructor(readonly input: ApprovalInput) {
    for (const [login, p] of Object.entries(input.permissions)) this.perms.set(loginKey(login), p);
    for (const [team, logins] of Object.entries(input.memberships)) {
      const m = new Map<string, boolean>();
      for (const [login, active] of Object.entries(logins)) m.set(loginKey(login), active);
      this.members.set(normalizePrincipal(team).toLowerCase(), m);
    }
    for (const c of input.commits) {
      if (c.author && !this.people.has(loginKey(c.author))) this.people.set(loginKey(c.author), { sha: c.sha, role: "authored" });
      if (c.committer && !this.people.has(loginKey(c.committer))) this.people.set(loginKey(c.committer), { sha: c.sha, role: "committed" });
    }
    this.owners = input.owners.map(normalizePrincipal).filter((o) => o !== "" && o !== "owners");
  }

  permission(login: string): Permission | undefined {
    return this.perms.get(loginKey(login));
  }

  membership(team: string, login: string): boolean | undefined {
    return this.members.get(team.toLowerCase())?.get(loginKey(login));
  }
}

/** Why an approval cannot count before permissions and teams are even looked at; undefined when it may. */
function earlyReason(s: ReviewerStanding, review: ReviewRecord, f: Facts): string | undefined {
  const { input } = f;
  if (loginKey(s.login) === loginKey(input.author)) return "is the pull request's author, who can never approve their own change";
  const person = f.people.get(loginKey(s.login));
  if (input.approvals.exclude_committers && person) {
    return `${person.role} commit ${short(person.sha)} of this pull request (the policy sets \`exclude_committers\`)`;
  }
  if (input.approvals.dismiss_stale && review.commit_id !== input.headSha) {
    return `approved commit ${short(review.commit_id)}, not the current head ${short(input.headSha)} (the policy sets \`dismiss_stale\`)`;
  }
  return undefined;
}

function permissionReason(login: string, f: Facts): string | undefined {
  const p = f.permission(login);
  if (p && WRITE_ROLES.has(p)) return undefined;
  return p === undefined || p === "none"
    ? "has no access to the repository; an approval needs write, maintain or admin permission"
    : `has \`${p}\` permission on the repository; an approval needs write, maintain or admin`;
}

/** Does principal `p` name `login`? Teams need an active membership; unknown counts as "not a member". */
function principalMatches(p: string, login: string, f: Facts): boolean {
  switch (principalKind(p)) {
    case "user":
      return loginKey(normalizePrincipal(p)) === loginKey(login);
    case "team":
      return f.membership(normalizePrincipal(p), login) === true;
    case "owners":
      // No owners declared: the requirement cannot name anyone, so any eligible reviewer stands in.
      return f.owners.length === 0 || f.owners.some((o) => principalKind(o) !== "owners" && principalMatches(o, login, f));
  }
}

const satisfies = (req: RequirementInput, login: string, f: Facts): boolean => req.who.length === 0 || req.who.some((p) => principalMatches(p, login, f));

/** The teams whose membership decides whether `login` satisfies `req`; none when a user principal already does. */
function teamsToCheck(req: RequirementInput, login: string, f: Facts): string[] {
  const userLike = (p: string) => principalKind(p) !== "team";
  if (req.who.length === 0 || req.who.some((p) => userLike(p) && principalMatches(p, login, f))) return [];
  const owners = req.who.some((p) => principalKind(p) === "owners") ? f.owners : [];
  return [...req.who, ...owners].filter((p) => principalKind(p) === "team").map(normalizePrincipal);
}

function describeWho(req: RequirementInput, f: Facts): string {
  if (req.who.length === 0) return "any reviewer with write access";
  return req.who
    .map((raw) => {
      const p = normalizePrincipal(raw);
      const kind = principalKind(p);
      if (kind === "owners") return f.owners.length ? `the templates' owners (${f.owners.map((o) => `@${o}`).join(", ")})` : "the templates' owners";
      return `@${p}`;
    })
    .join(" or ");
}

/**
 * With no requirements the change is the automated route, unless PromptOps
 * could not decide: then a person must look, even if the highest tier asks
 * for no approvals.
 */
function effectiveRequirements(input: ApprovalInput): RequirementInput[] {
  if (input.requirements.length > 0 || input.failClosed.length === 0) return input.requirements;
  return [{ id: "approvals", description: "1 approval from any eligible reviewer (PromptOps could not decide, so a person must)", who: [], needed: 1 }];
}

/** Permissions and team memberships the evaluation will look at and that `input` does not have yet. */
export function lookupsNeeded(input: ApprovalInput): Lookups {
  const f = new Facts(input);
  const requirements = effectiveRequirements(input);
  const permissions: string[] = [];
  const memberships: { team: string; login: string }[] = [];
  const seenPairs = new Set<string>();
  for (const s of standings(input.reviews).values()) {
    const review = s.decisive;
    if (!review) continue;
    if (review.state === "CHANGES_REQUESTED") {
      if (loginKey(s.login) !== loginKey(input.author) && f.permission(s.login) === undefined) permissions.push(s.login);
      continue;
    }
    if (review.state !== "APPROVED" || earlyReason(s, review, f)) continue;
    if (f.permission(s.login) === undefined) {
      permissions.push(s.login);
      continue; // memberships only matter once write access is known
    }
    if (permissionReason(s.login, f)) continue;
    for (const req of requirements) {
      for (const team of teamsToCheck(req, s.login, f)) {
        const key = `${team.toLowerCase()}\0${loginKey(s.login)}`;
        if (seenPairs.has(key) || f.membership(team, s.login) !== undefined) continue;
        seenPairs.add(key);
        memberships.push({ team, login: s.login });
      }
    }
  }
  return { permissions, memberships };
}

/**
 * The approval status of a change. Rules, each tested:
 * - the latest review per reviewer wins (COMMENTED changes nothing);
 * - with `dismiss_stale`, only approvals of the head at evaluation time count;
 * - the author never counts; with `exclude_committers` nobody who authored or committed a commit does;
 * - every counted approval needs write, maintain or admin permission;
 * - team principals need active membership; `owners` means an owner user or a member of an owner team;
 * - one person counts once towards the total, but may satisfy each team's own requirement;
 * - an outstanding change request from a reviewer with write access blocks (GitHub's own rule for
 *   required reviews: it stands until that reviewer approves or the review is dismissed, pushes do not clear it);
 * - blocking findings and a broken base policy block; with no requirements the change is approved at once.
 */
export function evaluateApprovals(input: ApprovalInput): ApprovalResult {
  const f = new Facts(input);
  const requirements = effectiveRequirements(input);
  const ignored: IgnoredReview[] = [];
  const candidates: { login: string; review: ReviewRecord }[] = [];
  const changesRequested: ChangeRequest[] = [];

  for (const s of standings(input.reviews).values()) {
    const review = s.decisive;
    const last = s.superseded[s.superseded.length - 1];
    if (last && review && review.state !== "APPROVED") {
      const later = review.state === "DISMISSED" ? `review #${review.id}, which was dismissed` : `CHANGES_REQUESTED review #${review.id}`;
      ignored.push({ reviewer: s.login, reviewId: last.id, reason: `approval was superseded by the same reviewer's later ${later} (the latest review wins)` });
    }
    if (!review) continue;
    if (review.state === "CHANGES_REQUESTED") {
      if (loginKey(s.login) === loginKey(input.author)) continue;
      const noAccess = permissionReason(s.login, f);
      if (noAccess) ignored.push({ reviewer: s.login, reviewId: review.id, reason: `requested changes but ${noAccess.replace(/an approval needs.*/, "only reviewers with write access can block")}` });
      else changesRequested.push({ reviewer: s.login, reviewId: review.id, commit: review.commit_id });
      continue;
    }
    if (review.state === "DISMISSED") {
      if (!last) ignored.push({ reviewer: s.login, reviewId: review.id, reason: "review was dismissed" });
      continue;
    }
    const reason = earlyReason(s, review, f) ?? permissionReason(s.login, f);
    if (reason) ignored.push({ reviewer: s.login, reviewId: review.id, reason });
    else candidates.push({ login: s.login, review });
  }

  const evaluated: EvaluatedRequirement[] = requirements.map((req) => {
    const have = candidates.filter((c) => satisfies(req, c.login, f)).map((c) => c.login);
    return { id: req.id, description: req.description, who: req.who, needed: req.needed, have, missing: Math.max(0, req.needed - have.length) };
  });

  const eligible: EligibleApproval[] = [];
  for (const c of candidates) {
    if (requirements.length > 0 && !evaluated.some((r) => r.have.includes(c.login))) {
      const from = [...new Set(requirements.map((r) => describeWho(r, f)))].join("; ");
      ignored.push({ reviewer: c.login, reviewId: c.review.id, reason: `is not one of the required reviewers (${from}), or is not an active member of the team` });
      continue;
    }
    eligible.push({ reviewer: c.login, reviewId: c.review.id, commit: c.review.commit_id ?? input.headSha, submittedAt: c.review.submitted_at ?? null });
  }

  const blockedBy: string[] = [];
  for (const p of input.policyProblems ?? []) blockedBy.push(`the base branch's policy is invalid: ${formatProblem(p)}`);
  for (const b of input.blocking) blockedBy.push(`${b.file}:${b.line}: ${b.message} (${b.rule})`);
  for (const c of changesRequested) blockedBy.push(`@${c.reviewer} requested changes (review #${c.reviewId}); it stands until they approve or the review is dismissed`);

  const missing = evaluated.filter((r) => r.missing > 0);
  const reasons: string[] = [...blockedBy];
  for (const r of missing) reasons.push(`missing ${r.missing} of ${r.needed}: ${r.description}`);
  for (const why of input.failClosed) reasons.push(`PromptOps could not decide, so the highest tier applies: ${why}`);
  reasons.push(...(input.notes ?? []));
  if (f.owners.length === 0 && requirements.some((r) => r.who.some((p) => principalKind(p) === "owners"))) {
    reasons.push("no owners are declared for the changed templates, so any reviewer with write access counts as an owner");
  }

  const automated = requirements.length === 0;
  const status: ApprovalStatus = blockedBy.length > 0 ? "blocked" : missing.length > 0 ? "pending" : "approved";
  if (status === "approved") reasons.unshift(automated ? `tier \`${input.tier}\` needs no approvals: automated route` : "every requirement is met");
  return { status, tier: input.tier, requirements: evaluated, eligible, ignored, changesRequested, reasons, automated };
}
