import { describe, it, expect } from "@jest/globals";
import {
  SLA_BREACH_MARKER,
  formatDuration,
  hasSlaBreachMarker,
  parseDuration,
  slaBreaches,
  slaDeadline,
  slaFor,
  type OpenPullRequest,
} from "../../core/governance/sla.js";
import { added, fixture, policyOf, removed } from "./change-set.js";

const H = 3_600_000;

describe("parseDuration", () => {
  it("reads hours, days and weeks", () => {
    expect(parseDuration("24h")).toEqual({ ok: true, value: 24 * H });
    expect(parseDuration("3d")).toEqual({ ok: true, value: 72 * H });
    expect(parseDuration("1w")).toEqual({ ok: true, value: 168 * H });
  });
  it("rejects anything else as a value with a code", () => {
    for (const bad of ["", "0h", "24", "1.5d", "2m", "-1d", "d"]) {
      const r = parseDuration(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe("governance.duration");
    }
  });
});

describe("formatDuration", () => {
  it("shows minutes, hours, days and weeks", () => {
    expect(formatDuration(10 * 60_000)).toBe("10m");
    expect(formatDuration(5_000)).toBe("1m");
    expect(formatDuration(36 * H)).toBe("36h");
    expect(formatDuration(72 * H)).toBe("3d");
    expect(formatDuration(336 * H)).toBe("2w");
  });
});

describe("slaFor", () => {
  const policy = policyOf({ tiers: { high: { min_score: 50, review_sla: "1w" }, low: { min_score: 0, review_sla: "1h" } } });

  it("takes the strictest of the templates' and the tier's SLA", () => {
    const templates = [added("prompts/support/reply.prompt.yml", fixture("templates/support-reply.prompt.yml")), added("prompts/summarize.prompt", fixture("templates/summarize.prompt"))];
    expect(slaFor(templates, policy, "high")).toEqual({ sla: "48h", ms: 48 * H, source: "prompts/support/reply.prompt.yml" });
    expect(slaFor(templates, policy, "low")).toEqual({ sla: "1h", ms: H, source: "tier low" });
  });

  it("includes folder governance and removed templates' base side", () => {
    const p = policyOf({ governance: { "prompts/urgent/**": { review_sla: "4h" } } });
    expect(slaFor([added("prompts/urgent/a.md", "Hello\n")], p, "medium")?.sla).toBe("4h");
    const gone = removed("prompts/b.md", "---\ngovernance:\n  review_sla: 2d\n---\nHi\n");
    expect(slaFor([gone], policyOf(), "medium")).toEqual({ sla: "2d", ms: 48 * H, source: "prompts/b.md" });
  });

  it("is undefined when nothing sets one", () => {
    expect(slaFor([added("prompts/a.md", "Hello\n")], policyOf(), "critical")).toBeUndefined();
  });
});

describe("slaDeadline", () => {
  it("adds the SLA to the start", () => {
    expect(slaDeadline("2026-11-02T09:00:00Z", "48h")?.toISOString()).toBe("2026-11-04T09:00:00.000Z");
    expect(slaDeadline(new Date("2026-11-02T09:00:00Z"), 3 * H)?.toISOString()).toBe("2026-11-02T12:00:00.000Z");
  });
  it("is undefined for a bad date or SLA", () => {
    expect(slaDeadline("not a date", "1d")).toBeUndefined();
    expect(slaDeadline("2026-11-02T09:00:00Z", "soon")).toBeUndefined();
  });
});

describe("slaBreaches", () => {
  const policy = policyOf({
    tiers: {
      medium: { min_score: 20, review_sla: "3d", escalation: ["@acme/prompt-leads"] },
      high: { min_score: 50, review_sla: "24h", escalation: ["acme/governance", "owners"] },
    },
  });
  const now = "2026-11-10T12:00:00Z";
  const pr = (over: Partial<OpenPullRequest>): OpenPullRequest => ({ number: 1, openedAt: "2026-11-01T00:00:00Z", tier: "high", status: "pending", alreadyNotified: false, ...over });

  it("lists pending PRs past their deadline with the tier's escalation reviewers", () => {
    const [b, ...rest] = slaBreaches([pr({ number: 7, openedAt: "2026-11-09T06:00:00Z" })], now, policy);
    expect(rest).toEqual([]);
    expect(b).toMatchObject({ number: 7, tier: "high", sla: "24h", deadline: "2026-11-10T06:00:00.000Z", overdueMs: 6 * H, escalation: ["acme/governance", "owners"] });
    expect(b!.comment.startsWith(SLA_BREACH_MARKER)).toBe(true);
    expect(b!.comment).toContain("@acme/governance");
    expect(b!.comment).toContain("the templates' owners");
    expect(b!.comment).toContain("6h overdue");
  });

  it("comments exactly once: an already-notified PR is not listed again", () => {
    const prs = [pr({ number: 7, openedAt: "2026-11-09T06:00:00Z" })];
    const first = slaBreaches(prs, now, policy);
    expect(first).toHaveLength(1);
    // The next scheduled run finds the comment it posted and passes that in.
    const notified = hasSlaBreachMarker(["LGTM so far", first[0]!.comment]);
    expect(notified).toBe(true);
    expect(slaBreaches([{ ...prs[0]!, alreadyNotified: notified }], "2026-11-10T18:00:00Z", policy)).toEqual([]);
    expect(hasSlaBreachMarker(["unrelated comment"])).toBe(false);
  });

  it("skips PRs that are not pending, drafts, those within their SLA, and those without one", () => {
    const prs = [
      pr({ number: 1, status: "approved" }),
      pr({ number: 2, status: "blocked" }),
      pr({ number: 3, draft: true }),
      pr({ number: 4, openedAt: "2026-11-10T00:00:00Z" }), // due at 2026-11-11T00:00
      pr({ number: 5, tier: "low" }), // low tier has no SLA
    ];
    expect(slaBreaches(prs, now, policy)).toEqual([]);
  });

  it("starts the clock when the PR became ready for review", () => {
    const ready = pr({ openedAt: "2026-11-01T00:00:00Z", readyAt: "2026-11-10T00:00:00Z" });
    expect(slaBreaches([ready], now, policy)).toEqual([]);
    expect(slaBreaches([ready], "2026-11-11T00:00:00Z", policy)).toHaveLength(1);
  });

  it("prefers the PR's own SLA (from its templates) over the tier's", () => {
    const [b] = slaBreaches([pr({ tier: "medium", sla: "48h", openedAt: "2026-11-08T00:00:00Z" })], now, policy);
    expect(b).toMatchObject({ sla: "48h", deadline: "2026-11-10T00:00:00.000Z", escalation: ["acme/prompt-leads"] });
  });

  it("orders by how overdue, most first", () => {
    const out = slaBreaches([pr({ number: 1, openedAt: "2026-11-09T00:00:00Z" }), pr({ number: 2, openedAt: "2026-11-05T00:00:00Z" })], now, policy);
    expect(out.map((b) => b.number)).toEqual([2, 1]);
  });
});
