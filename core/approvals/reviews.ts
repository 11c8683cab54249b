import type { ReviewRecord } from "./model.js";

/** Where one reviewer stands: the review that decides, and the approvals it cancelled. */
export interface ReviewerStanding {
  /** Login as GitHub spells it. */
  login: string;
  /** The latest APPROVED, CHANGES_REQUESTED or DISMISSED review; undefined when the reviewer only commented. */
  decisive?: ReviewRecord;
  /** Earlier approvals that a later decisive review replaced, oldest first. */
  superseded: ReviewRecord[];
}

export const loginKey = (login: string): string => login.toLowerCase();

const DECISIVE = new Set(["APPROVED", "CHANGES_REQUESTED", "DISMISSED"]);

/** GitHub lists reviews oldest first; the time (then the id) makes the order explicit for any input. */
function chronological(reviews: readonly ReviewRecord[]): ReviewRecord[] {
  return reviews
    .map((r, index) => ({ r, index }))
    .sort((a, b) => {
      const ta = a.r.submitted_at ? Date.parse(a.r.submitted_at) : NaN;
      const tb = b.r.submitted_at ? Date.parse(b.r.submitted_at) : NaN;
      if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb) return ta - tb;
      return a.r.id - b.r.id || a.index - b.index;
    })
    .map(({ r }) => r);
}

/**
 * The latest review per reviewer wins: a later CHANGES_REQUESTED or DISMISSED
 * cancels an earlier APPROVED, a later APPROVED replaces a change request, and
 * a COMMENTED review changes nothing (as on GitHub). Pending reviews are
 * drafts and do not exist yet; reviews by deleted accounts have no one to count.
 */
export function standings(reviews: readonly ReviewRecord[]): Map<string, ReviewerStanding> {
  const out = new Map<string, ReviewerStanding>();
  for (const review of chronological(reviews)) {
    if (!review.user || review.state === "PENDING") continue;
    const key = loginKey(review.user);
    const s = out.get(key) ?? { login: review.user, superseded: [] };
    out.set(key, s);
    if (!DECISIVE.has(review.state)) continue;
    if (s.decisive?.state === "APPROVED") s.superseded.push(s.decisive);
    s.decisive = review;
  }
  return out;
}
