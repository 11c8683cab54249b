import type { ChangeSet, FileChange, TemplateChange, TemplateSide } from "./model.js";
import type { FileContent, FileRequest, RepositorySource } from "./source.js";
import { fileKey } from "./source.js";
import type { ResolvedPolicy } from "../policy/resolved.js";
import { isTemplatePath } from "../templates/discover.js";
import { parseTemplate } from "../templates/parse.js";
import { lineChanges } from "./lines.js";
import { reverseApplyPatch } from "./patch.js";
import picomatch from "picomatch";

/** Non-template files whose content some rules read (policy-change looks at workflows that run PromptOps). */
export const isWorkflowPath = (p: string): boolean => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(p);
/** Where GitHub looks for CODEOWNERS, in its order. */
export const CODEOWNERS_PATHS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"] as const;

export interface BuildOptions {
  pullRequest?: ChangeSet["pullRequest"];
}

/**
 * The template changes between two commits with both sides read and parsed.
 * Unreadable or unparseable sides are recorded on the change (the engine turns
 * them into findings); nothing is dropped.
 */
export async function buildChangeSet(source: RepositorySource, baseSha: string, headSha: string, policy: ResolvedPolicy, opts: BuildOptions = {}): Promise<ChangeSet> {
  const { files, incomplete, mergeBase } = await source.changedFiles(baseSha, headSha);
  // Old sides are read where the diff was taken: the merge base (the base branch may have moved since).
  const oldSha = mergeBase ?? baseSha;
  const templateFiles = files.filter((f) => isTemplatePath(f.path, policy) || (f.previousPath !== undefined && isTemplatePath(f.previousPath, policy)));
  const workflowFiles = files.filter((f) => isWorkflowPath(f.path));
  const schemaFiles = policy.memory_schemas.length ? files.filter((f) => picomatch.isMatch(f.path, policy.memory_schemas, { dot: true })) : [];

  const requests: FileRequest[] = CODEOWNERS_PATHS.map((path) => ({ path, ref: baseSha }));
  for (const f of [...templateFiles, ...workflowFiles, ...schemaFiles]) {
    if (f.status !== "removed") requests.push({ path: f.path, ref: headSha });
    // With a patch the old text is derived from the new one; read it only when that is impossible.
    if (f.status !== "added" && (f.patch === undefined || f.status === "removed")) requests.push({ path: f.previousPath ?? f.path, ref: oldSha });
  }
  const contents = await source.readFiles(requests, policy.limits.max_file_bytes);
  const derived = await deriveOldSides([...templateFiles, ...workflowFiles, ...schemaFiles], contents, headSha, oldSha, source, policy.limits.max_file_bytes);

  const sideOf = (path: string, ref: string): TemplateSide => toSide(path, contents.get(fileKey({ path, ref })) ?? derived.get(fileKey({ path, ref })));
  const templates: TemplateChange[] = templateFiles.map((f) => {
    // Built without the patch rather than deleting it afterwards: `delete` turns an object into a slow
    // dictionary, and every rule reads these 3,000 times at GitHub's limit.
    const { patch: _patch, linesUnknown, ...file } = f;
    const change: TemplateChange = {
      ...file,
      ...(f.status !== "added" ? { old: sideOf(f.previousPath ?? f.path, oldSha) } : {}),
      ...(f.status !== "removed" ? { new: sideOf(f.path, headSha) } : {}),
    };
    if (linesUnknown) {
      const { added, removed } = lineChanges(change.old?.text, change.new?.text);
      change.addedLines = added;
      change.removedLines = removed;
    }
    return change;
  });
  const workflows = new Map<string, { old?: string; new?: string }>();
  for (const f of workflowFiles) {
    const o = contents.get(fileKey({ path: f.previousPath ?? f.path, ref: oldSha })) ?? derived.get(fileKey({ path: f.previousPath ?? f.path, ref: oldSha }));
    const n = contents.get(fileKey({ path: f.path, ref: headSha }));
    workflows.set(f.path, { ...(o?.kind === "text" ? { old: o.text } : {}), ...(n?.kind === "text" ? { new: n.text } : {}) });
  }
  const memorySchemas = new Map<string, { old?: string; new?: string }>();
  for (const f of schemaFiles) {
    const o = contents.get(fileKey({ path: f.previousPath ?? f.path, ref: oldSha })) ?? derived.get(fileKey({ path: f.previousPath ?? f.path, ref: oldSha }));
    const n = contents.get(fileKey({ path: f.path, ref: headSha }));
    memorySchemas.set(f.path, { ...(o?.kind === "text" ? { old: o.text } : {}), ...(n?.kind === "text" ? { new: n.text } : {}) });
  }
  const codeownersPath = CODEOWNERS_PATHS.find((path) => contents.get(fileKey({ path, ref: baseSha }))?.kind === "text");
  const codeownersContent = codeownersPath ? contents.get(fileKey({ path: codeownersPath, ref: baseSha })) : undefined;
  return {
    baseSha,
    headSha,
    files,
    templates,
    ...(codeownersPath && codeownersContent?.kind === "text" ? { codeowners: { path: codeownersPath, text: codeownersContent.text } } : {}),
    ...(memorySchemas.size ? { memorySchemas } : {}),
    ...(workflows.size ? { workflows } : {}),
    ...(incomplete ? { incomplete } : {}),
    ...(opts.pullRequest ? { pullRequest: opts.pullRequest } : {}),
  };
}

/**
 * Old texts of files that came with a patch, by reversing the patch on the new
 * text; a patch that does not fit (or a new side that is not text) falls back
 * to reading the old side, in one more batch.
 */
async function deriveOldSides(files: FileChange[], contents: Map<string, FileContent>, headSha: string, oldSha: string, source: RepositorySource, maxBytes: number): Promise<Map<string, FileContent>> {
  const derived = new Map<string, FileContent>();
  const fallback: FileRequest[] = [];
  for (const f of files) {
    if (f.patch === undefined || f.status === "added" || f.status === "removed") continue;
    const oldReq = { path: f.previousPath ?? f.path, ref: oldSha };
    const head = contents.get(fileKey({ path: f.path, ref: headSha }));
    const text = head?.kind === "text" ? reverseApplyPatch(head.text, f.patch) : undefined;
    if (text !== undefined) derived.set(fileKey(oldReq), { kind: "text", text });
    else fallback.push(oldReq);
  }
  if (fallback.length) for (const [k, v] of await source.readFiles(fallback, maxBytes)) derived.set(k, v);
  return derived;
}

export function toSide(path: string, content: FileContent | undefined): TemplateSide {
  if (!content || content.kind === "missing") return { unreadable: { reason: "unavailable", detail: "file not found at this commit" } };
  if (content.kind === "binary") return { unreadable: { reason: "binary", size: content.size } };
  if (content.kind === "too-large") return { unreadable: { reason: "too-large", size: content.size } };
  const parsed = parseTemplate(path, content.text);
  const blob = content.blobSha ? { blobSha: content.blobSha } : {};
  return parsed.ok ? { text: content.text, template: parsed.value, ...blob } : { text: content.text, parseError: parsed.error, ...blob };
}

/** Files changed by a change, for rules that only need paths. */
export const changedPaths = (files: FileChange[]): string[] => files.flatMap((f) => (f.previousPath ? [f.previousPath, f.path] : [f.path]));
