import { describe, expect, it } from "@jest/globals";
import { findingAnnotation, planAnnotations, problemAnnotation } from "../../action/annotations.js";
import type { RiskReport } from "../../core/report/risk-report.js";

type F = RiskReport["findings"][number];
const finding = (severity: F["severity"], line: number): F => ({ rule: `r.${severity}`, category: "pii", severity, weight: 1, file: "prompts/a.prompt.yml", line, column: 3, message: `m${line}`, evidence: "a***@b***.com" });
const many = (severity: F["severity"], count: number, from = 1) => Array.from({ length: count }, (_, i) => finding(severity, from + i));
const levels = (p: ReturnType<typeof planAnnotations>) => p.annotations.map((a) => a.level);
const count = (p: ReturnType<typeof planAnnotations>, level: string) => p.annotations.filter((a) => a.level === level).length;

describe("findingAnnotation", () => {
  it("maps severity to level and points at the file, line and column, with the masked evidence", () => {
    const a = findingAnnotation({ ...finding("critical", 7), remediation: "fix it" });
    expect(a).toEqual({ level: "error", message: "m7\nHow to resolve: fix it\nEvidence (masked): a***@b***.com", properties: { title: "PromptOps critical: pii (r.critical)", file: "prompts/a.prompt.yml", startLine: 7, startColumn: 3 } });
    expect(findingAnnotation(finding("medium", 1)).level).toBe("warning");
    expect(findingAnnotation(finding("info", 1)).level).toBe("notice");
    expect(findingAnnotation({ ...finding("low", 0), column: 0 }).properties).toMatchObject({ startLine: 1 });
  });

  it("puts a policy problem on its file and line", () => {
    expect(problemAnnotation({ code: "policy.type", message: "must be integer", file: ".github/promptops.yml", line: 3, column: 40, path: "/tiers/high/approvals" })).toEqual({
      level: "error",
      message: "must be integer (at /tiers/high/approvals) [policy.type]",
      properties: { title: "PromptOps: invalid policy", file: ".github/promptops.yml", startLine: 3, startColumn: 40 },
    });
  });
});

describe("planAnnotations", () => {
  it("keeps everything that fits, in report order", () => {
    const p = planAnnotations([...many("high", 2), ...many("medium", 2, 10), finding("low", 20)]);
    expect(levels(p)).toEqual(["error", "error", "warning", "warning", "notice"]);
    expect(p.omitted).toBe(0);
  });

  it("keeps the most severe within 10 per level and adds one notice saying how many were left out", () => {
    const p = planAnnotations([...many("critical", 4), ...many("high", 9, 5), ...many("medium", 12, 20), ...many("low", 3, 40)]);
    expect(count(p, "error")).toBe(10);
    expect(p.annotations.filter((a) => a.level === "error").map((a) => a.properties.startLine)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(count(p, "warning")).toBe(10);
    expect(p.omitted).toBe(3 + 2);
    const note = p.annotations.at(-1)!;
    expect(note.level).toBe("notice");
    expect(note.message).toContain("5 more findings are not annotated");
    expect(count(p, "notice")).toBe(4);
  });

  it("gives up the last finding notice for the note when notices are full", () => {
    const p = planAnnotations([...many("critical", 11), ...many("low", 10, 20)]);
    expect(count(p, "notice")).toBe(10);
    expect(p.omitted).toBe(2);
    expect(p.annotations.at(-1)!.message).toContain("2 more findings");
    expect(p.annotations.filter((a) => a.level === "notice").slice(0, 9).map((a) => a.properties.startLine)).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28]);
  });

  it("leaves room for the step's own failure message", () => {
    const p = planAnnotations(many("high", 10), { error: 1 });
    expect(count(p, "error")).toBe(9);
    expect(p.omitted).toBe(1);
  });
});
