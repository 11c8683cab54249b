import { describe, it, expect } from "@jest/globals";
import { hasSection, markdownSection } from "../../core/governance/pr-sections.js";
import { rationaleCheck, rationaleOf } from "../../core/governance/rationale.js";
import { added, changeSetOf, otherFile, policyOf, pullRequest } from "./change-set.js";

/** What GitHub's PR template leaves when the author fills nothing in. */
const UNFILLED = `## Summary

Tighten the refund wording.

## Rationale
<!-- Why does the prompt change? What did you observe? -->

- [ ]

## Migration
N/A
`;

const FILLED = UNFILLED.replace("<!-- Why does the prompt change? What did you observe? -->", "Customers read the old wording as a promise of a refund (12 tickets in October).");

describe("markdownSection", () => {
  it("returns the text up to the next heading of the same or a higher level", () => {
    const body = "# Title\n## Rationale\nBecause.\n### Evidence\nTickets.\n## Testing\nRan evals.\n";
    expect(markdownSection(body, "Rationale")).toBe("Because.\n### Evidence\nTickets.");
  });

  it("matches any heading level, any case, with a trailing colon or closing hashes", () => {
    expect(markdownSection("### rationale:\nWhy\n", "Rationale")).toBe("Why\n");
    expect(markdownSection("## Rationale ##\nWhy\n", "Rationale")).toBe("Why\n");
    expect(markdownSection("#Rationale\nWhy\n", "Rationale")).toBeUndefined(); // not a heading in CommonMark
  });

  it("ignores headings inside code fences and HTML comments", () => {
    expect(markdownSection("```\n## Rationale\nfake\n```\n", "Rationale")).toBeUndefined();
    expect(markdownSection("<!--\n## Rationale\nfake\n-->\n", "Rationale")).toBeUndefined();
  });

  it("handles CRLF bodies", () => {
    expect(hasSection("## Rationale\r\nBecause the old text misled users.\r\n", "Rationale")).toBe(true);
  });
});

describe("hasSection", () => {
  it("does not count a section with only template leftovers", () => {
    expect(hasSection(UNFILLED, "Rationale")).toBe(false);
    expect(hasSection(UNFILLED, "Migration")).toBe(false);
    expect(hasSection("## Rationale\nTODO\n\n- \n1.\n...\n", "Rationale")).toBe(false);
  });

  it("counts real text", () => {
    expect(hasSection(FILLED, "Rationale")).toBe(true);
    expect(hasSection("## Rationale\n- [x] measured on the golden set\n", "Rationale")).toBe(true);
  });

  it("is false without a body", () => {
    expect(hasSection(undefined, "Rationale")).toBe(false);
  });

  it("stays fast on hostile bodies", () => {
    // Quadratic-or-worse matching on a 60 KB line would stall; each of these returns at once.
    const spaces = " ".repeat(60_000);
    expect(hasSection(`## Rationale${spaces}#x\n-${spaces}x`, "Rationale")).toBe(false);
    // Any run of spaces may follow `#`; seven or more `#` are text, not a heading, so the section has content.
    expect(hasSection(`#${spaces}Rationale\n${"#".repeat(60_000)}y`, "Rationale")).toBe(true);
  });
});

describe("rationaleOf", () => {
  it("accepts the section, or text matching the policy's pattern", () => {
    expect(rationaleOf(FILLED)).toEqual({ ok: true, by: "section" });
    expect(rationaleOf("Why: see JIRA PROMPT-123", "PROMPT-\\d+")).toEqual({ ok: true, by: "pattern" });
    expect(rationaleOf("Why: see the ticket", "PROMPT-\\d+")).toEqual({ ok: false });
  });

  it("reports a pattern that cannot run in linear time instead of running it", () => {
    const r = rationaleOf("anything", "(?=why)");
    expect(r.ok).toBe(false);
    expect(r.patternProblem).toContain("linear time");
  });
});

describe("rationaleCheck", () => {
  const policy = policyOf({ require: { rationale: "medium" } });
  const templates = [added("prompts/support/reply.md", "Reply politely to {{ customer }}.\n")];

  it("blocks from the required tier up when the description has no rationale", () => {
    const changes = changeSetOf(templates, { pullRequest: pullRequest(UNFILLED) });
    expect(rationaleCheck(changes, policy, "low")).toEqual([]);
    const [f, ...rest] = rationaleCheck(changes, policy, "medium");
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: "metadata.rationale", category: "metadata", file: "prompts/support/reply.md", line: 1 });
    expect(f!.message).toContain("add a `## Rationale` section to the PR description");
  });

  it("clears once the description is edited", () => {
    expect(rationaleCheck(changeSetOf(templates, { pullRequest: pullRequest(FILLED) }), policy, "critical")).toEqual([]);
  });

  it("names the policy's pattern as an alternative", () => {
    const p = policyOf({ require: { rationale: "low", rationale_pattern: "^Why: .+" } });
    const [f] = rationaleCheck(changeSetOf(templates, { pullRequest: pullRequest("") }), p, "low");
    expect(f!.remediation).toContain("`^Why: .+`");
    expect(rationaleCheck(changeSetOf(templates, { pullRequest: pullRequest("Why: users asked") }), p, "low")).toEqual([]);
  });

  it("is skipped without a pull request (local CLI: there is no description)", () => {
    expect(rationaleCheck(changeSetOf(templates), policy, "critical")).toEqual([]);
  });

  it("points at the first changed file when no template changed", () => {
    const changes = changeSetOf([], { otherFiles: [otherFile(".github/promptops.yml")], pullRequest: pullRequest("") });
    expect(rationaleCheck(changes, policy, "high")[0]!.file).toBe(".github/promptops.yml");
  });
});
