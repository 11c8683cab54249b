/**
 * Builders for the governance tests: change sets and policies from plain text,
 * as the diff builder and policy loader would produce them.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ChangeSet, FileChange, TemplateChange } from "../../core/diff/model.js";
import type { Policy } from "../../core/generated/policy.js";
import { resolvePolicy } from "../../core/policy/resolve.js";
import type { ResolvedPolicy } from "../../core/policy/resolved.js";
import { templateChangeFromText } from "../helpers/rule-input.js";

const root = fileURLToPath(new URL("../fixtures/governance/", import.meta.url));

export const fixture = (rel: string): string => readFileSync(root + rel, "utf8");
export const jsonFixture = (rel: string): unknown => JSON.parse(fixture(rel));

export function policyOf(p: Omit<Policy, "version"> = {}): ResolvedPolicy {
  return resolvePolicy({ version: 1, ...p }, { path: ".github/promptops.yml", isDefault: false });
}

/** A template at `path` added with `text`, or modified from `old`. */
export const added = (path: string, text: string): TemplateChange => templateChangeFromText(text, { path });
export const modified = (path: string, old: string, text: string): TemplateChange => templateChangeFromText(text, { path, old });
export function removed(path: string, old: string): TemplateChange {
  const base = templateChangeFromText(old, { path });
  return { path, status: "removed", addedLines: [], removedLines: base.addedLines, ...(base.new ? { old: base.new } : {}) };
}

const fileOf = (t: TemplateChange): FileChange => ({ path: t.path, status: t.status, addedLines: t.addedLines, removedLines: t.removedLines });

export function changeSetOf(templates: TemplateChange[], extra: Partial<ChangeSet> & { otherFiles?: FileChange[] } = {}): ChangeSet {
  const { otherFiles = [], ...rest } = extra;
  return { baseSha: "a".repeat(40), headSha: "b".repeat(40), files: [...templates.map(fileOf), ...otherFiles], templates, ...rest };
}

export const otherFile = (path: string, status: FileChange["status"] = "modified"): FileChange => ({ path, status, addedLines: [1], removedLines: [] });

export const pullRequest = (body: string) => ({ number: 42, title: "Tune the support prompt", body, author: "dev" });
