import { describe, it, expect } from "@jest/globals";
import { memorySchemaBreaks, memorySchemaFileBreaks } from "../../core/governance/memory-schema.js";
import { breakingChanges, migrationCheck, migrationNoteOf } from "../../core/governance/migration.js";
import { added, changeSetOf, fixture, jsonFixture, modified, otherFile, policyOf, pullRequest } from "./change-set.js";

const V1 = fixture("schemas/conversation-memory.v1.json");
const V2 = fixture("schemas/conversation-memory.v2.json");

describe("memorySchemaBreaks", () => {
  it("finds every breaking change with its JSON pointer, and nothing that only widens", () => {
    const breaks = memorySchemaBreaks(jsonFixture("schemas/conversation-memory.v1.json"), jsonFixture("schemas/conversation-memory.v2.json"));
    expect(breaks.map((b) => [b.kind, b.pointer])).toEqual([
      ["type-narrowed", "/properties/locale"],
      ["type-narrowed", "/properties/score"],
      ["enum-value-removed", "/properties/tier"],
      ["property-removed", "/properties/nickname"],
      ["property-removed", "/properties/profile/properties/phone"],
      ["required-added", "/required"],
      ["additional-properties-closed", "/additionalProperties"],
    ]);
    expect(breaks.find((b) => b.kind === "required-added")!.message).toContain("`consent`");
    expect(breaks.find((b) => b.pointer === "/properties/locale")!.message).toContain("no longer accepts `null`");
    expect(breaks.find((b) => b.pointer === "/properties/tier")!.message).toContain('"enterprise"');
  });

  it("is empty for the reverse direction's widening changes", () => {
    const widened = memorySchemaBreaks(
      { type: "object", properties: { n: { type: "integer" }, e: { enum: ["a"] } }, additionalProperties: false, required: ["n"] },
      { type: "object", properties: { n: { type: "number" }, e: { enum: ["a", "b"] }, extra: { type: "string" } } },
    );
    expect(widened).toEqual([]);
  });

  it("covers typeless schemas, const, nullable, tuple items, $defs and JSON-pointer escaping", () => {
    const breaks = memorySchemaBreaks(
      { properties: { "a/b": {}, c: { const: 1 }, d: { type: "string", nullable: true }, t: { items: [{ type: "string" }, { type: "number" }] } }, $defs: { gone: {}, kept: { type: "string" } } },
      { properties: { "a/b": { type: "string" }, c: { const: 2 }, d: { type: "string" }, t: { items: [{ type: "string" }, { type: "integer" }] } }, $defs: { kept: { type: "integer" } } },
    );
    expect(breaks.map((b) => [b.kind, b.pointer])).toEqual([
      ["type-narrowed", "/properties/a~1b"],
      ["enum-value-removed", "/properties/c"],
      ["type-narrowed", "/properties/d"],
      ["type-narrowed", "/properties/t/items/1"],
      ["definition-removed", "/$defs/gone"],
      ["type-narrowed", "/$defs/kept"],
    ]);
  });

  it("treats `false` as rejecting everything", () => {
    expect(memorySchemaBreaks({ properties: { x: true } }, { properties: { x: false } })).toEqual([
      { pointer: "/properties/x", kind: "type-narrowed", message: "/properties/x: the schema now rejects every value" },
    ]);
  });
});

describe("memorySchemaFileBreaks", () => {
  it("breaks nothing for a new file, everything for a removed or unparseable one", () => {
    expect(memorySchemaFileBreaks("schemas/m.json", { new: V2 })).toEqual([]);
    expect(memorySchemaFileBreaks("schemas/m.json", { old: V1 })).toEqual([{ pointer: "", kind: "schema-removed", message: "the schema schemas/m.json is removed" }]);
    expect(memorySchemaFileBreaks("schemas/m.json", { old: V1, new: "{ not json" })[0]!.kind).toBe("unparseable");
  });
  it("reads YAML schemas too", () => {
    const yaml = "type: object\nproperties:\n  user_id: { type: string }\n";
    expect(memorySchemaFileBreaks("schemas/m.yaml", { old: V1, new: yaml }).length).toBeGreaterThan(3);
  });
});

const TEMPLATE_V1 = "---\ntitle: Greeting\n---\nHello {{ name }}, your order {{ order_id }} has shipped.\n";
const TEMPLATE_V2 = "---\ntitle: Greeting\n---\nHello {{ full_name }}, your order {{ order_id }} has shipped.\n";

describe("breakingChanges", () => {
  it("collects memory-schema breaks and breaking-variables findings, one entry per file", () => {
    const changes = changeSetOf([modified("prompts/greeting.md", TEMPLATE_V1, TEMPLATE_V2)], {
      memorySchemas: new Map([["schemas/conversation-memory.json", { old: V1, new: V2 }]]),
    });
    const out = breakingChanges(changes, policyOf());
    expect(out.map((b) => [b.file, b.source, b.what.length])).toEqual([
      ["schemas/conversation-memory.json", "memory-schema", 7],
      ["prompts/greeting.md", "breaking-variables", 1],
    ]);
    expect(out[1]!.what).toEqual(["Variable `name` is renamed to `full_name`"]);
    expect(out[1]!.line).toBe(4);
  });

  it("respects a policy that switches the breaking-variables rule off", () => {
    const changes = changeSetOf([modified("prompts/greeting.md", TEMPLATE_V1, TEMPLATE_V2)]);
    expect(breakingChanges(changes, policyOf({ rules: { "breaking-variables": { enabled: false } } }))).toEqual([]);
    expect(breakingChanges(changes, policyOf({ rules: { "breaking-variables.removed": { enabled: false } } }))).toEqual([]);
  });
});

describe("migrationNoteOf / migrationCheck", () => {
  const breaking = () => changeSetOf([modified("prompts/greeting.md", TEMPLATE_V1, TEMPLATE_V2)]);

  it("blocks a breaking change without a note, naming what broke", () => {
    const changes = { ...breaking(), pullRequest: pullRequest("## Summary\nRename the variable.\n\n## Migration\n<!-- how do callers move? -->\n") };
    const [f, ...rest] = migrationCheck(changes, policyOf(), "low");
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: "metadata.migration", category: "metadata", file: "prompts/greeting.md", line: 4 });
    expect(f!.message).toContain("Variable `name` is renamed to `full_name`");
    expect(f!.remediation).toContain("`## Migration` section");
  });

  it("accepts a `## Migration` section in the PR body", () => {
    const changes = { ...breaking(), pullRequest: pullRequest("## Migration\nCallers pass `full_name` instead of `name` from v2.3.\n") };
    expect(migrationNoteOf(changes, policyOf())).toEqual({ ok: true, by: "pr-body" });
    expect(migrationCheck(changes, policyOf(), "critical")).toEqual([]);
  });

  it("accepts a changed file under the policy's migrations folder (also without a PR)", () => {
    const policy = policyOf({ migrations: "docs/migrations/" });
    const withNote = changeSetOf(breaking().templates, { otherFiles: [otherFile("docs/migrations/2026-11-greeting.md", "added")] });
    expect(migrationNoteOf(withNote, policy)).toEqual({ ok: true, by: "migrations-folder", files: ["docs/migrations/2026-11-greeting.md"] });
    expect(migrationCheck(withNote, policy, "low")).toEqual([]);
    // a deleted note or a file outside the folder does not count
    const deleted = changeSetOf(breaking().templates, { otherFiles: [otherFile("docs/migrations/old.md", "removed"), otherFile("docs/migrations-old.md")] });
    expect(migrationCheck(deleted, policy, "low")).toHaveLength(1);
  });

  it("without a PR (local CLI) asks for a migrations-folder note", () => {
    const [f] = migrationCheck(breaking(), policyOf(), "low");
    expect(f!.remediation).toContain("`migrations:` folder");
    expect(f!.remediation).not.toContain("PR description");
    const [g] = migrationCheck(breaking(), policyOf({ migrations: "migrations" }), "low");
    expect(g!.remediation).toContain("a file under `migrations/`");
  });

  it("blocks breaking memory-schema changes with the schema's breaks listed", () => {
    const changes = changeSetOf([], { memorySchemas: new Map([["schemas/conversation-memory.json", { old: V1, new: V2 }]]), pullRequest: pullRequest("") });
    const [f] = migrationCheck(changes, policyOf(), "low");
    expect(f!.file).toBe("schemas/conversation-memory.json");
    expect(f!.message).toContain("readers of the memory schema");
    expect(f!.message).toContain("/properties/locale");
    expect(f!.message).toContain("and 2 more");
  });

  it("does nothing for non-breaking changes or when the policy turns it off", () => {
    const fine = changeSetOf([modified("prompts/greeting.md", TEMPLATE_V1, TEMPLATE_V1.replace("has shipped", "is on its way")), added("prompts/new.md", "Hi {{ x }}\n")]);
    // a reworded template and a brand-new one (nothing to break yet)
    expect(breakingChanges(fine, policyOf())).toEqual([]);
    expect(migrationCheck(fine, policyOf(), "critical")).toEqual([]);
    expect(migrationCheck(breaking(), policyOf({ require: { migration: false } }), "critical")).toEqual([]);
  });
});
