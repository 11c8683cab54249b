import { describe, it, expect } from "@jest/globals";
import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { loadPolicy, validatePolicyObject } from "../../core/policy/load.js";
import { defaultPolicy } from "../../core/policy/resolved.js";
import type { Problem } from "../../core/errors/problem.js";

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/policies/${name}`, import.meta.url), "utf8");
const FILE = ".github/promptops.yml";

/** The single problem of a fixture, asserting there is exactly one. */
function onlyProblem(text: string): Problem {
  const { problems } = loadPolicy(text);
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

describe("loadPolicy: no file and valid files", () => {
  it("no policy file gives the defaults, with no problems", () => {
    const { policy, problems } = loadPolicy(undefined);
    expect(problems).toEqual([]);
    expect(policy).toEqual(defaultPolicy());
    expect(policy.origin.isDefault).toBe(true);
  });

  it("no file at a custom path: the defaults, naming that path", () => {
    const { policy, problems } = loadPolicy(undefined, "config/promptops.yml");
    expect(problems).toEqual([]);
    expect(policy).toEqual({ ...defaultPolicy(), origin: { path: "config/promptops.yml", isDefault: true } });
  });

  it("loads the full example policy with no problems and keeps what it says", () => {
    const { policy, problems } = loadPolicy(fixture("full.yml"), FILE, "a".repeat(40));
    expect(problems).toEqual([]);
    expect(policy.origin).toEqual({ path: FILE, blobSha: "a".repeat(40), isDefault: false });
    expect(policy.templates).toEqual(["prompts/**", "**/*.prompt.yml", "**/*.prompty", "**/*.prompt"]);
    expect(policy.ignore).toEqual(["prompts/archive/**"]);
    expect(policy.tiers.low).toEqual({ min_score: 0, approvals: 0, reviewers: [], require_all_teams: false });
    expect(policy.tiers.high).toEqual({
      min_score: 50,
      approvals: 2,
      reviewers: ["owners", "acme/prompt-governance"],
      require_all_teams: false,
      review_sla: "48h",
    });
    expect(policy.tiers.critical.require_all_teams).toBe(true);
    expect(policy.rules["pii.email"]?.patterns?.[0]?.pattern).toBe("\\bEMP-\\d{6}\\b");
    expect(policy.rules.secret).toEqual({ min_tier: "critical" });
    // require: given fields over the default (`migration: true` is kept)
    expect(policy.require).toEqual({ rationale: "medium", owners: true, provenance: "high", rationale_pattern: "^Why:", migration: true });
    expect(policy.approvals).toEqual({ dismiss_stale: true, exclude_committers: false });
    expect(Object.keys(policy.owners)).toEqual(["prompts/**", "prompts/health/**"]);
    expect(policy.governance["prompts/health/**"]).toEqual({ domain: "health", data_classes: ["phi"], review_sla: "24h" });
    expect(policy.memory_schemas).toEqual(["schemas/memory/*.json"]);
    expect(policy.migrations).toBe("docs/migrations");
    expect(policy.cost).toEqual({ max_token_increase: 500, prices: { "gpt-4o-mini": 0.15 } });
    expect(policy.audit.public_keys).toEqual(["ed25519:erm8ph6AnzEpfHwNM2YklwsKT9KXC+YfVaUDe1eNRDg="]);
    // not in the file: defaults
    expect(policy.limits).toEqual({ max_file_bytes: 1024 * 1024 });
  });

  it("a minimal policy is the defaults with its own origin", () => {
    const { policy, problems } = loadPolicy("version: 1\n", "policies/p.yml");
    expect(problems).toEqual([]);
    expect(policy).toEqual({ ...defaultPolicy(), origin: { path: "policies/p.yml", isDefault: false } });
  });

  it("a given tier overrides the default tier field by field; other tiers keep their defaults", () => {
    const { policy, problems } = loadPolicy("version: 1\ntiers:\n  high: { min_score: 60, reviewers: [\"acme/gov\"] }\n");
    expect(problems).toEqual([]);
    const d = defaultPolicy();
    expect(policy.tiers.high).toEqual({ ...d.tiers.high, min_score: 60, reviewers: ["acme/gov"] });
    expect(policy.tiers.medium).toEqual(d.tiers.medium);
    expect(policy.tiers.critical).toEqual(d.tiers.critical);
  });

  it("does not share state between loads (defaults are not mutated by a policy)", () => {
    const a = loadPolicy("version: 1\nowners:\n  \"prompts/**\": [alice]\n").policy;
    a.owners["x/**"] = ["mallory"];
    a.tiers.low.reviewers.push("mallory");
    const b = loadPolicy("version: 1\n").policy;
    expect(b.owners).toEqual({});
    expect(b.tiers.low.reviewers).toEqual([]);
  });
});

describe("loadPolicy: each error kind with its exact path and line", () => {
  it("wrong type", () => {
    expect(onlyProblem(fixture("wrong-type.yml"))).toEqual({
      code: "policy.type",
      message: "`approvals` must be an integer, got string",
      file: FILE,
      path: "/tiers/high/approvals",
      line: 5,
      column: 16,
    });
  });

  it("unknown nested key, on the line of the key itself, with a suggestion", () => {
    expect(onlyProblem(fixture("unknown-key.yml"))).toEqual({
      code: "policy.unknown-key",
      message: "unknown key `reviewer` in /tiers/high (did you mean `reviewers`?)",
      file: FILE,
      path: "/tiers/high/reviewer",
      line: 7,
      column: 5,
    });
  });

  it("unknown top-level key, and an unknown tier name listing the allowed ones", () => {
    const { problems } = loadPolicy("version: 1\naprovals: { dismiss_stale: true }\ntiers:\n  urgent: { min_score: 90 }\n");
    expect(problems.map((p) => [p.code, p.path, p.line, p.message])).toEqual([
      ["policy.unknown-key", "/aprovals", 2, "unknown key `aprovals` (did you mean `approvals`?)"],
      ["policy.unknown-key", "/tiers/urgent", 4, "unknown key `urgent` in /tiers (expected one of `low`, `medium`, `high`, `critical`)"],
    ]);
  });

  it("bad glob, in a list and as a mapping key", () => {
    const { problems } = loadPolicy(fixture("bad-glob.yml"));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatchObject({ code: "policy.format", path: "/templates/1", line: 4, column: 5 });
    expect(problems[0]!.message).toMatch(/^`templates\[1\]` `prompts\/\[abc` is not a usable glob: /);
    // The key is the glob: the problem is on the key, and the path escapes its `/` as a JSON pointer does.
    expect(problems[1]).toMatchObject({ code: "policy.format", path: "/owners/~1etc~1**", line: 6, column: 3 });
    expect(problems[1]!.message).toBe("key `/etc/**` in /owners is not a usable glob: globs are relative to the repository root, not absolute paths");
  });

  it("bad regex", () => {
    const p = onlyProblem(fixture("bad-regex.yml"));
    expect(p).toMatchObject({ code: "policy.format", path: "/rules/pii/patterns/0/pattern", line: 6, column: 18 });
    expect(p.message).toMatch(/^`pattern` `BADGE-\(\\d\+` is not a valid regular expression: .*Unterminated group/);
  });

  it("bad tier order names the offending tier's min_score line", () => {
    expect(onlyProblem(fixture("bad-tier-order.yml"))).toEqual({
      code: "policy.tier-order",
      message: "tier `medium` min_score 10 must be greater than `low` min_score 20",
      file: FILE,
      path: "/tiers/medium/min_score",
      line: 6,
      column: 16,
    });
  });

  it("tier order is checked after defaults are merged: a tier the file sets above a default one", () => {
    const p = onlyProblem("version: 1\ntiers:\n  medium:\n    min_score: 60\n");
    expect(p).toMatchObject({ code: "policy.tier-order", path: "/tiers/medium/min_score", line: 4, column: 16 });
    expect(p.message).toBe("tier `high` min_score 50 (default) must be greater than `medium` min_score 60");
  });

  it("equal thresholds are out of order too", () => {
    expect(onlyProblem("version: 1\ntiers:\n  high: { min_score: 80 }\n")).toMatchObject({ code: "policy.tier-order", path: "/tiers/high/min_score", line: 3 });
  });

  it("YAML syntax error with yaml's own line and column", () => {
    const text = fixture("yaml-syntax.yml");
    const p = onlyProblem(text);
    const yamlOwn = parseDocument(text).errors[0]!.linePos![0];
    expect(p).toMatchObject({ code: "policy.yaml", file: FILE, line: 4, column: 3 });
    expect([p.line, p.column]).toEqual([yamlOwn.line, yamlOwn.col]);
    expect(p.message).toMatch(/^YAML syntax error: /);
    expect(p.message).not.toContain("\n");
  });

  it("a YAML syntax error mid-line reports that column", () => {
    const p = onlyProblem("version: 1\ntemplates: [\"a\" \"b\"]\n");
    expect(p).toMatchObject({ code: "policy.yaml", line: 2, column: 17 });
  });

  it("duplicate key, at the repeated key, with its path", () => {
    expect(onlyProblem(fixture("duplicate-key.yml"))).toMatchObject({
      code: "policy.duplicate-key",
      path: "/tiers/high",
      line: 5,
      column: 3,
      message: "duplicate key `high` in /tiers (the last one would silently win)",
    });
  });

  it("empty file, comment-only file, and a file that is not a mapping", () => {
    expect(onlyProblem(fixture("empty.yml"))).toMatchObject({ code: "policy.empty", line: 1, column: 1 });
    expect(onlyProblem("# nothing here\n\n")).toMatchObject({ code: "policy.empty" });
    const p = onlyProblem("\n- version: 1\n");
    expect(p).toMatchObject({ code: "policy.empty", line: 2, column: 1 });
    expect(p.message).toMatch(/must be a mapping.*got a list/);
  });

  it("missing version, on the line of the root mapping", () => {
    expect(onlyProblem(fixture("missing-version.yml"))).toEqual({
      code: "policy.missing-key",
      message: "missing required key `version` (add `version: 1`)",
      file: FILE,
      path: "/version",
      line: 2,
      column: 1,
    });
  });

  it("missing key in a nested mapping is shown at the key that opens that mapping", () => {
    const p = onlyProblem("version: 1\ntiers:\n  high:\n    approvals: 2\n");
    expect(p).toMatchObject({ code: "policy.missing-key", path: "/tiers/high/min_score", line: 3, column: 3 });
    expect(p.message).toBe("missing required key `min_score` in /tiers/high");
  });

  it("wrong version is an enum problem", () => {
    expect(onlyProblem("version: 2\n")).toMatchObject({ code: "policy.enum", path: "/version", line: 1, column: 10, message: "`version` must be `1`, got `2`" });
  });

  it("out-of-range numbers", () => {
    const p = onlyProblem("version: 1\ntiers:\n  high: { min_score: 50, approvals: 12 }\n");
    expect(p).toMatchObject({ code: "policy.range", path: "/tiers/high/approvals", line: 3, column: 37, message: "`approvals` must be <= 10, got 12" });
  });

  it("enum values and patterns", () => {
    const { problems } = loadPolicy(
      "version: 1\nrules:\n  pii: { min_tier: urgent }\naudit:\n  public_keys: [\"rsa:AAAA\"]\ntiers:\n  high: { min_score: 50, reviewers: [\"not a team\"] }\n",
    );
    expect(problems.map((p) => [p.code, p.path, p.line, p.message])).toEqual([
      ["policy.enum", "/rules/pii/min_tier", 3, "`min_tier` must be one of `low`, `medium`, `high`, `critical`, got `urgent`"],
      ["policy.format", "/audit/public_keys/0", 5, "`public_keys[0]` must be `ed25519:` followed by the base64 public key, got `rsa:AAAA`"],
      ["policy.format", "/tiers/high/reviewers/0", 7, "`reviewers[0]` must be `owners`, a user (`alice`, `@alice`) or a team (`org/team`), got `not a team`"],
    ]);
  });

  it("a oneOf node reports one clear problem, not one per branch", () => {
    const p = onlyProblem("version: 1\nrequire:\n  owners: sometimes\n");
    expect(p).toMatchObject({ code: "policy.enum", path: "/require/owners", line: 3, column: 11 });
    expect(p.message).toBe("`owners` must be a boolean (true or false) or one of `low`, `medium`, `high`, `critical`, got `sometimes`");
    const q = onlyProblem("version: 1\nrequire:\n  owners: [high]\n");
    expect(q).toMatchObject({ code: "policy.type", path: "/require/owners" });
    expect(q.message).toMatch(/, got list$/);
  });

  it("reports every problem of a file, sorted by line", () => {
    const { problems } = loadPolicy("version: 1\nlimits: { max_file_bytes: 0 }\ntemplates: []\ntiers:\n  low: { min_score: \"0\" }\n");
    expect(problems.map((p) => [p.code, p.path, p.line])).toEqual([
      ["policy.range", "/limits/max_file_bytes", 2],
      ["policy.range", "/templates", 3],
      ["policy.type", "/tiers/low/min_score", 5],
    ]);
  });

  it("with problems, the policy is the valid part over the defaults (callers still fail closed)", () => {
    const { policy, problems } = loadPolicy(
      "version: 1\ntemplates: [\"prompts/**\", \"../x/**\"]\ntiers:\n  high: { min_score: 55, approvals: \"two\", reviewers: [\"acme/gov\"] }\n",
      FILE,
      "b".repeat(40),
    );
    expect(problems.map((p) => p.code)).toEqual(["policy.format", "policy.type"]);
    expect(policy.templates).toEqual(["prompts/**"]);
    expect(policy.tiers.high).toEqual({ min_score: 55, approvals: 2, reviewers: ["acme/gov"], require_all_teams: false });
    expect(policy.origin).toEqual({ path: FILE, blobSha: "b".repeat(40), isDefault: false });
  });

  it("an alias bomb is refused as a problem, not a crash or a hang", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 8; i++) levels.push(`l${i}: &l${i} [${Array(10).fill(i === 1 ? "*a" : `*l${i - 1}`).join(", ")}]`);
    const { policy, problems } = loadPolicy(`version: 1\n${levels.join("\n")}\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: "policy.yaml", file: FILE });
    expect(policy.origin.isDefault).toBe(false);
  });

  it("a file that does not parse still yields the defaults, tagged with its origin", () => {
    const { policy } = loadPolicy(fixture("yaml-syntax.yml"), FILE, "c".repeat(40));
    expect(policy).toEqual({ ...defaultPolicy(), origin: { path: FILE, blobSha: "c".repeat(40), isDefault: false } });
  });
});

describe("validatePolicyObject", () => {
  it("validates an object without YAML, giving key paths", () => {
    expect(validatePolicyObject({ version: 1 })).toEqual([]);
    expect(validatePolicyObject({ version: 1, tiers: { high: { min_score: 50, reviewer: [] } } })).toEqual([
      { kind: "unknown-key", path: "/tiers/high/reviewer", anchor: "key", message: "unknown key `reviewer` in /tiers/high (did you mean `reviewers`?)" },
    ]);
  });
});
