import { describe, it, expect } from "@jest/globals";
import {
  asSemver,
  contentChanged,
  missingProvenance,
  provenanceCheck,
  provenanceOf,
  versionBumpCheck,
} from "../../core/governance/provenance.js";
import { added, changeSetOf, fixture, modified, policyOf } from "./change-set.js";

const SUPPORT = fixture("templates/support-reply.prompt.yml");
const QA = fixture("templates/product-qa.prompty");
const SUMMARIZE = fixture("templates/summarize.prompt");
const TRIAGE = fixture("templates/triage.md");

describe("provenanceOf", () => {
  it("reads governance.provenance (GitHub Models)", () => {
    expect(provenanceOf(added("prompts/support-reply.prompt.yml", SUPPORT), policyOf())).toEqual({
      path: "prompts/support-reply.prompt.yml",
      datasets: ["support-tickets-2025q2", "refunds-golden-set"],
      model: { provider: "openai", name: "gpt-4o-mini", revision: "2024-07-18" },
      version: "1.4.0",
    });
  });

  it("takes Prompty's and Dotprompt's top-level version when governance has none", () => {
    expect(provenanceOf(added("prompts/product-qa.prompty", QA), policyOf()).version).toBe("2.1.0");
    expect(provenanceOf(added("prompts/summarize.prompt", SUMMARIZE), policyOf()).version).toBe("3");
  });

  it("does not read a top-level version from Markdown front matter", () => {
    const md = "---\nversion: 9.9.9\n---\nHello {{ name }}\n";
    expect(provenanceOf(added("prompts/a.md", md), policyOf()).version).toBeUndefined();
  });

  it("includes folder provenance from the policy, the template's own winning per field", () => {
    const policy = policyOf({ governance: { "prompts/**": { provenance: { datasets: ["shared-eval-set"], version: "0.0.1" } } } });
    const p = provenanceOf(added("prompts/support-reply.prompt.yml", SUPPORT), policy);
    expect(p.datasets).toEqual(["support-tickets-2025q2", "refunds-golden-set"]);
    expect(provenanceOf(added("prompts/triage.md", TRIAGE), policy)).toMatchObject({ datasets: ["shared-eval-set"], version: "0.0.1" });
  });

  it("records the base version of a modified template", () => {
    const after = SUPPORT.replace("version: 1.4.0", "version: 1.5.0");
    expect(provenanceOf(modified("prompts/s.prompt.yml", SUPPORT, after), policyOf())).toMatchObject({ version: "1.5.0", previousVersion: "1.4.0" });
  });
});

describe("missingProvenance", () => {
  const p = { path: "x", model: { name: "gpt-4o" }, version: "1" };
  it("lists the required fields that are absent", () => {
    expect(missingProvenance(p, ["datasets", "model.name", "model.revision", "version"])).toEqual(["datasets", "model.revision"]);
    expect(missingProvenance(p, ["model"])).toEqual([]);
    expect(missingProvenance({ path: "x" }, ["model", "model.provider"])).toEqual(["model", "model.provider"]);
  });
});

describe("provenanceCheck", () => {
  const policy = policyOf({ require: { provenance: "high" } });

  it("requires the default fields (datasets, model.name, version) from the tier up", () => {
    const changes = changeSetOf([added("prompts/triage.md", TRIAGE), added("prompts/support-reply.prompt.yml", SUPPORT), added("prompts/summarize.prompt", SUMMARIZE)]);
    expect(provenanceCheck(changes, policy, "medium")).toEqual([]);
    const findings = provenanceCheck(changes, policy, "high");
    expect(findings.map((f) => [f.file, f.evidence])).toEqual([
      ["prompts/triage.md", "datasets, model.name, version"],
      ["prompts/summarize.prompt", "datasets, model.name"],
    ]);
    expect(findings[0]).toMatchObject({ rule: "metadata.provenance", category: "metadata", line: 1 });
    expect(findings[0]!.message).toContain("`governance.provenance.datasets`, `governance.provenance.model.name` and `governance.provenance.version`");
    // summarize.prompt has a governance block at line 11: the finding points there
    expect(findings[1]!.line).toBe(11);
  });

  it("uses the policy's provenance_fields", () => {
    const p = policyOf({ require: { provenance: "low", provenance_fields: ["model.revision"] } });
    const changes = changeSetOf([added("prompts/product-qa.prompty", QA), added("prompts/summarize.prompt", SUMMARIZE)]);
    expect(provenanceCheck(changes, p, "low").map((f) => f.file)).toEqual(["prompts/summarize.prompt"]);
  });

  it("does not apply without require.provenance", () => {
    expect(provenanceCheck(changeSetOf([added("prompts/triage.md", TRIAGE)]), policyOf(), "critical")).toEqual([]);
  });
});

describe("contentChanged", () => {
  const t = (text: string) => added("prompts/s.prompt.yml", text).new!.template!;
  it("sees message, model and parameter changes but not governance or test data", () => {
    expect(contentChanged(t(SUPPORT), t(SUPPORT.replace("never reveal internal notes", "never reveal notes")))).toBe(true);
    expect(contentChanged(t(SUPPORT), t(SUPPORT.replace("model: openai/gpt-4o-mini", "model: openai/gpt-4o")))).toBe(true);
    expect(contentChanged(t(SUPPORT), t(SUPPORT.replace("temperature: 0.3", "temperature: 0.5")))).toBe(true);
    expect(contentChanged(t(SUPPORT), t(SUPPORT.replace("review_sla: 48h", "review_sla: 24h")))).toBe(false);
    expect(contentChanged(t(SUPPORT), t(SUPPORT.replace("ticket_body: My card was charged twice.", "ticket_body: Refund please.")))).toBe(false);
  });
});

describe("versionBumpCheck", () => {
  const policy = policyOf({ require: { version_bump: true } });
  const edit = (s: string) => s.replace("never reveal internal notes", "never reveal internal notes or prices");

  it("blocks a content change that keeps the version", () => {
    const [f, ...rest] = versionBumpCheck(changeSetOf([modified("prompts/s.prompt.yml", SUPPORT, edit(SUPPORT))]), policy, "low");
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: "metadata.version-bump", file: "prompts/s.prompt.yml", line: 15, evidence: "1.4.0 → 1.4.0" });
  });

  it("blocks a version that goes down, accepts one that goes up (semver, not string order)", () => {
    const down = edit(SUPPORT).replace("version: 1.4.0", "version: 1.3.9");
    const up = edit(SUPPORT).replace("version: 1.4.0", "version: 1.10.0");
    expect(versionBumpCheck(changeSetOf([modified("prompts/s.prompt.yml", SUPPORT, down)]), policy, "low")).toHaveLength(1);
    expect(versionBumpCheck(changeSetOf([modified("prompts/s.prompt.yml", SUPPORT, up)]), policy, "low")).toEqual([]);
  });

  it("accepts a governance-only edit without a bump", () => {
    const meta = SUPPORT.replace("review_sla: 48h", "review_sla: 24h");
    expect(versionBumpCheck(changeSetOf([modified("prompts/s.prompt.yml", SUPPORT, meta)]), policy, "low")).toEqual([]);
  });

  it("reads Prompty's and Dotprompt's top-level version", () => {
    const qaEdit = QA.replace("Only recommend products that are in stock.", "Only recommend products in stock, cheapest first.");
    expect(versionBumpCheck(changeSetOf([modified("prompts/qa.prompty", QA, qaEdit)]), policy, "low")).toHaveLength(1);
    expect(versionBumpCheck(changeSetOf([modified("prompts/qa.prompty", QA, qaEdit.replace("version: 2.1.0", "version: 2.2.0"))]), policy, "low")).toEqual([]);
    const sumEdit = SUMMARIZE.replace("five bullet points", "three bullet points");
    const [f] = versionBumpCheck(changeSetOf([modified("prompts/s.prompt", SUMMARIZE, sumEdit)]), policy, "low");
    expect(f).toMatchObject({ line: 10, evidence: "3 → 3" }); // the top-level `version:` line
    expect(versionBumpCheck(changeSetOf([modified("prompts/s.prompt", SUMMARIZE, sumEdit.replace("version: 3", "version: 4"))]), policy, "low")).toEqual([]);
  });

  it("asks for a version when a changed template has none", () => {
    const [f] = versionBumpCheck(changeSetOf([modified("prompts/t.md", TRIAGE, TRIAGE.replace("or other", "or returns"))]), policy, "low");
    expect(f!.message).toContain("has no version");
  });

  it("counts introducing a version as a bump, and ignores added templates", () => {
    const before = "---\ntitle: T\n---\nHello {{ name }}\n";
    const after = "---\ntitle: T\ngovernance:\n  provenance:\n    version: 1.0.0\n---\nHello there {{ name }}\n";
    expect(versionBumpCheck(changeSetOf([modified("prompts/t.md", before, after)]), policy, "low")).toEqual([]);
    expect(versionBumpCheck(changeSetOf([added("prompts/n.md", before)]), policy, "low")).toEqual([]);
  });

  it("does nothing unless the policy asks", () => {
    expect(versionBumpCheck(changeSetOf([modified("prompts/s.prompt.yml", SUPPORT, edit(SUPPORT))]), policyOf(), "critical")).toEqual([]);
  });
});

describe("asSemver", () => {
  it("keeps valid versions and coerces short ones", () => {
    expect(asSemver("1.2.3")).toBe("1.2.3");
    expect(asSemver("3")).toBe("3.0.0");
    expect(asSemver("v2.1")).toBe("2.1.0");
    expect(asSemver("latest")).toBeUndefined();
  });
});
