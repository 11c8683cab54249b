/**
 * Provenance of a template (issue 8): which dataset slices it was tuned or
 * evaluated on, which model revision, which prompt version. The policy can
 * require fields from a tier up, and can require the version to go up when
 * the content changes, so that an audit entry names exactly what shipped.
 */
import semver from "semver";
import type { ChangeSet, TemplateChange } from "../diff/model.js";
import type { Governance, ResolvedPolicy, TierName } from "../policy/resolved.js";
import type { RawFinding } from "../risk/finding.js";
import type { PromptTemplate } from "../templates/model.js";
import { appliesAt, governanceOf, headTemplates, listing, metadataLine } from "./template-governance.js";

export type ProvenanceField = NonNullable<ResolvedPolicy["require"]["provenance_fields"]>[number];
export const DEFAULT_PROVENANCE_FIELDS: readonly ProvenanceField[] = ["datasets", "model.name", "version"];

export interface Provenance {
  path: string;
  datasets?: string[];
  model?: { provider?: string; name?: string; revision?: string };
  /** `governance.provenance.version`, else a Prompty/Dotprompt top-level `version`. */
  version?: string;
  /** The version at base, for a modified template. */
  previousVersion?: string;
}

/** Prompty and Dotprompt carry their own top-level `version`; a governance block's version wins over it. */
function versionOf(t: PromptTemplate | undefined, g: Governance): string | undefined {
  const v = g.provenance?.version ?? (t && (t.format === "prompty" || t.format === "dotprompt") ? t.metadata.version : undefined);
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return typeof v === "string" && v.trim() ? v.trim() : undefined;
}

const nonEmpty = (s: unknown): s is string => typeof s === "string" && s.trim() !== "";

/** Provenance as the report and the audit entry show it (head side; for a removal, base side). */
export function provenanceOf(change: TemplateChange, policy: ResolvedPolicy): Provenance {
  const side = change.status === "removed" ? "old" : "new";
  const g = governanceOf(change, policy, side);
  const p = g.provenance ?? {};
  const out: Provenance = { path: change.path };
  const datasets = (p.datasets ?? []).filter(nonEmpty);
  if (datasets.length) out.datasets = datasets;
  const model = Object.fromEntries(Object.entries(p.model ?? {}).filter(([, v]) => nonEmpty(v)));
  if (Object.keys(model).length) out.model = model;
  const version = versionOf(change[side]?.template, g);
  if (version) out.version = version;
  if (change.status !== "added" && change.status !== "removed" && change.old?.template) {
    const before = versionOf(change.old.template, governanceOf(change, policy, "old"));
    if (before) out.previousVersion = before;
  }
  return out;
}

/** Which of `fields` `p` lacks. `model` is satisfied by any one of provider, name or revision. */
export function missingProvenance(p: Provenance, fields: readonly ProvenanceField[]): ProvenanceField[] {
  return fields.filter((f) => {
    switch (f) {
      case "datasets":
        return !p.datasets?.length;
      case "model":
        return !p.model;
      case "model.provider":
      case "model.name":
      case "model.revision":
        return !p.model?.[f.slice(6) as "provider" | "name" | "revision"];
      case "version":
        return !p.version;
    }
  });
}

const fieldKey = (f: ProvenanceField): string => (f === "version" ? "governance.provenance.version" : `governance.provenance.${f}`);

/** Requirement check: from `require.provenance` up, each added or changed template carries the required fields. */
export function provenanceCheck(changes: ChangeSet, policy: ResolvedPolicy, tier: TierName): RawFinding[] {
  if (!appliesAt(policy.require.provenance, tier)) return [];
  const fields = policy.require.provenance_fields?.length ? policy.require.provenance_fields : DEFAULT_PROVENANCE_FIELDS;
  const out: RawFinding[] = [];
  for (const { change, template } of headTemplates(changes.templates)) {
    const missing = missingProvenance(provenanceOf(change, policy), fields);
    if (missing.length === 0) continue;
    out.push({
      rule: "metadata.provenance",
      category: "metadata",
      severity: "medium",
      file: change.path,
      line: metadataLine(template, "/governance/provenance", "/governance"),
      column: 1,
      message: `At tier \`${tier}\` the policy requires provenance, and this template lacks ${listing(missing.map((f) => `\`${fieldKey(f)}\``))}.`,
      remediation: "Add the missing fields under `governance.provenance` (dataset slices, model provider/name/revision, prompt version).",
      evidence: missing.join(", "),
    });
  }
  return out;
}

const stable = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x));

/**
 * Whether what the model receives changed: messages, model, generation
 * parameters or declared inputs. Governance, descriptions and test data are
 * bookkeeping: editing them does not need a new version.
 */
export function contentChanged(before: PromptTemplate, after: PromptTemplate): boolean {
  const msgs = (t: PromptTemplate) => t.messages.map((m) => [m.role, m.text]);
  return (
    stable(msgs(before)) !== stable(msgs(after)) ||
    stable(before.model ?? null) !== stable(after.model ?? null) ||
    stable(before.parameters) !== stable(after.parameters) ||
    stable(before.inputs ?? null) !== stable(after.inputs ?? null)
  );
}

/** A version as semver: `1.2.0` as is, `3` or `v1.2` coerced; undefined when it reads as no version at all. */
export const asSemver = (v: string): string | undefined => semver.valid(v) ?? semver.coerce(v)?.version ?? undefined;

/**
 * Requirement check (`require.version_bump`): a modified template whose
 * content changed must raise its version. Introducing a version where there
 * was none counts as raising it.
 */
export function versionBumpCheck(changes: ChangeSet, policy: ResolvedPolicy, _tier: TierName): RawFinding[] {
  if (!policy.require.version_bump) return [];
  const out: RawFinding[] = [];
  for (const { change, template: after } of headTemplates(changes.templates)) {
    const before = change.old?.template;
    if (!before || change.status === "added" || !contentChanged(before, after)) continue;
    const p = provenanceOf(change, policy);
    const line = metadataLine(after, "/governance/provenance/version", "/version", "/governance/provenance", "/governance");
    const base = { rule: "metadata.version-bump", category: "metadata" as const, severity: "medium" as const, file: change.path, line, column: 1 };
    const remediation = "Raise `governance.provenance.version` (or the file's `version`) following semver: patch for wording, minor for new behaviour, major for breaking changes.";
    if (!p.version) {
      out.push({ ...base, message: "The template's content changed and the policy requires a version bump, but it has no version.", remediation });
      continue;
    }
    if (!p.previousVersion) continue;
    const a = asSemver(p.previousVersion);
    const b = asSemver(p.version);
    // Versions that are not semver at all can only be compared for change.
    const raised = a && b ? semver.gt(b, a) : p.version !== p.previousVersion;
    if (!raised) {
      out.push({
        ...base,
        message: `The template's content changed but its version did not go up (${p.previousVersion} → ${p.version}).`,
        remediation,
        evidence: `${p.previousVersion} → ${p.version}`,
      });
    }
  }
  return out;
}
