/**
 * Accuracy from evaluation results the workflow already produced (the Action's
 * `eval-results` input): promptfoo's JSON output (`promptfoo eval --output
 * results.json`) or `gh models eval --json`. Each result is attributed to a
 * template path, pass rates are compared with the base results when given, and
 * the policy can require a minimum pass rate from a tier up.
 *
 * Shapes read (only these fields; everything else is ignored):
 * - promptfoo (output file, results format v2/v3, or a bare EvaluateSummary):
 *   `{ results: { results: [{ success, failureReason?, error?, prompt: { raw, label, id? }, provider: { id, label? } }], stats } }`.
 *   For file prompts promptfoo's label is `path: text` (text files) or the
 *   file path or its `name` (Prompty), which is how a result finds its template.
 * - gh models eval: `{ name, model, testResults: [{ evaluationResults: [{ passed }] }], summary: { totalTests, passedTests } }`,
 *   one run per prompt file; several runs as an array, or an object keyed by
 *   prompt file path. A run is attributed by that key, by the `file` option
 *   (the prompt file the run was for), or by its `name` matching the file's `name:`.
 */
import type { ChangeSet } from "../diff/model.js";
import { err, ok, type Problem, type Result } from "../errors/problem.js";
import type { ResolvedPolicy, TierName } from "../policy/resolved.js";
import type { RawFinding } from "../risk/finding.js";
import type { RequirementCheck } from "../risk/engine.js";
import { appliesAt, headTemplates } from "./template-governance.js";

export type EvalTool = "promptfoo" | "gh-models";

/** What a result can be matched against. */
export interface EvalTemplateRef {
  path: string;
  /** The template's own `name:` (GitHub Models, Prompty), if any. */
  name?: string;
  /** The file's text: promptfoo's `raw` for a plain-text prompt file is the file itself. */
  source?: string;
}

export interface PassRate {
  path: string;
  passed: number;
  total: number;
  /** passed / total, 0..1. */
  rate: number;
}

export interface EvalGroup {
  /** What the tool called the prompt (label, name or key). */
  key: string;
  passed: number;
  total: number;
}

export interface EvalReport {
  tool: EvalTool;
  /** By template path, sorted. */
  rates: PassRate[];
  /** Prompts in the results that match no template. */
  unmatched: EvalGroup[];
}

export interface ParseEvalOptions {
  /**
   * Templates to attribute results to (`evalTemplateRefs(changes)` for the
   * changed ones). Without it, a prompt whose label or key is a file path
   * (`prompts/a.txt: …`, `file://prompts/b.prompty`) is reported under that path.
   */
  templates?: readonly EvalTemplateRef[];
  /** For a single `gh models eval` run: the prompt file it evaluated. */
  file?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v : undefined);
const problem = (message: string): Problem => ({ code: "eval.format", message });

/** The changed templates at head, as `parseEvalResults` matches them. */
export function evalTemplateRefs(changes: ChangeSet): EvalTemplateRef[] {
  return headTemplates(changes.templates).map(({ change, template }) => {
    const name = str(template.metadata.name);
    return { path: change.path, ...(name ? { name } : {}), source: template.source };
  });
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const pathPatterns = new Map<string, RegExp>();
/** `path` inside `s` as a whole path: after a start, `/`, space, quote or `file://`; before an end, `:`, space or quote. */
function mentionsPath(s: string, path: string): boolean {
  if (!s.includes(path)) return false;
  let re = pathPatterns.get(path);
  if (!re) {
    re = new RegExp(`(?:^|[\\s/'"\`(])${escapeRe(path)}(?=$|[\\s:'"\`),])`);
    pathPatterns.set(path, re);
  }
  return re.test(s);
}

/**
 * The template a prompt is about: a path mention wins (the longest, so
 * `a/b.prompty` beats `b.prompty`), then an exact `name`, then identical text.
 */
function attribute(candidates: readonly string[], raw: string | undefined, templates: readonly EvalTemplateRef[]): string | undefined {
  let best: string | undefined;
  for (const t of templates) {
    if (candidates.some((c) => mentionsPath(c, t.path)) && (!best || t.path.length > best.length)) best = t.path;
  }
  if (best) return best;
  const byName = templates.filter((t) => t.name && candidates.some((c) => c.trim() === t.name!.trim()));
  if (byName.length === 1) return byName[0]!.path;
  if (raw !== undefined) {
    const r = raw.trim();
    const bySource = templates.filter((t) => t.source !== undefined && t.source.trim() === r);
    if (bySource.length === 1) return bySource[0]!.path;
  }
  return undefined;
}

const PATH_LIKE = /^(?:\.\/)?([^\s:]+\.[A-Za-z0-9]{1,12})$/;
/** The file path a label names, when no template list says which paths exist. */
function pathFromLabel(candidates: readonly string[]): string | undefined {
  for (const c of candidates) {
    const head = c.replace(/^file:\/\//, "");
    const colon = head.indexOf(": ");
    const m = PATH_LIKE.exec(colon >= 0 ? head.slice(0, colon) : head);
    if (m) return m[1];
  }
  return undefined;
}

interface Tally {
  key: string;
  candidates: string[];
  raw?: string;
  passed: number;
  total: number;
}

function promptfooResults(json: Record<string, unknown>): unknown[] | undefined {
  const inner = json.results;
  if (isRecord(inner) && Array.isArray(inner.results)) return inner.results;
  if (Array.isArray(inner) && isRecord(json.stats)) return inner; // a bare EvaluateSummary
  return undefined;
}

function tallyPromptfoo(results: unknown[]): Result<Tally[]> {
  const byKey = new Map<string, Tally>();
  for (const [i, r] of results.entries()) {
    if (!isRecord(r) || typeof r.success !== "boolean") return err(problem(`promptfoo result ${i} has no boolean \`success\``));
    const prompt = isRecord(r.prompt) ? r.prompt : {};
    const provider = isRecord(r.provider) ? r.provider : typeof r.provider === "string" ? { id: r.provider } : {};
    const label = str(prompt.label);
    const raw = typeof prompt.raw === "string" ? prompt.raw : undefined;
    const key = label ?? str(prompt.id) ?? raw ?? `prompt #${String(r.promptIdx ?? "?")}`;
    let t = byKey.get(key);
    if (!t) {
      const candidates = [label, str(prompt.id), str(prompt.display), str(provider.label), str(provider.id)].filter((c): c is string => c !== undefined);
      t = { key, candidates, ...(raw !== undefined ? { raw } : {}), passed: 0, total: 0 };
      byKey.set(key, t);
    }
    t.total++;
    // An errored call (failureReason 2) is not a pass, whatever `success` says.
    if (r.success && !r.error && r.failureReason !== 2) t.passed++;
  }
  return ok([...byKey.values()]);
}

function tallyGhRun(run: Record<string, unknown>, key: string | undefined): Result<Tally> {
  const summary = isRecord(run.summary) ? run.summary : undefined;
  let passed: number;
  let total: number;
  if (summary && typeof summary.totalTests === "number" && typeof summary.passedTests === "number") {
    passed = summary.passedTests;
    total = summary.totalTests;
  } else if (Array.isArray(run.testResults)) {
    // A test passes when every evaluator passed (as gh models eval counts it).
    total = run.testResults.length;
    passed = run.testResults.filter((t) => isRecord(t) && Array.isArray(t.evaluationResults) && t.evaluationResults.every((e) => isRecord(e) && e.passed === true)).length;
  } else {
    return err(problem("a `gh models eval` run has neither `summary` nor `testResults`"));
  }
  const name = str(run.name);
  const candidates = [key, name].filter((c): c is string => c !== undefined);
  return ok({ key: key ?? name ?? "gh models eval", candidates, passed, total });
}

const isGhRun = (v: unknown): v is Record<string, unknown> => isRecord(v) && (Array.isArray(v.testResults) || (isRecord(v.summary) && "passRate" in v.summary));

/** Parse evaluation output (already `JSON.parse`d) into per-template pass rates. */
export function parseEvalResults(json: unknown, options: ParseEvalOptions = {}): Result<EvalReport> {
  const templates = options.templates ?? [];
  const attributeTo = (t: Tally): string | undefined => (options.templates ? attribute(t.candidates, t.raw, templates) : pathFromLabel(t.candidates));
  let tool: EvalTool;
  let tallies: Tally[];
  const pf = isRecord(json) ? promptfooResults(json) : undefined;
  if (pf) {
    tool = "promptfoo";
    const t = tallyPromptfoo(pf);
    if (!t.ok) return t;
    tallies = t.value;
  } else if (isGhRun(json) || (Array.isArray(json) && json.length > 0 && json.every(isGhRun)) || (isRecord(json) && Object.keys(json).length > 0 && Object.values(json).every(isGhRun))) {
    tool = "gh-models";
    const runs: Array<[string | undefined, Record<string, unknown>]> = isGhRun(json)
      ? [[options.file, json]]
      : Array.isArray(json)
        ? json.map((r) => [undefined, r as Record<string, unknown>])
        : Object.entries(json as Record<string, Record<string, unknown>>);
    tallies = [];
    for (const [key, run] of runs) {
      const t = tallyGhRun(run, key);
      if (!t.ok) return t;
      tallies.push(t.value);
    }
  } else {
    return err(problem("evaluation results are neither promptfoo JSON output (`results.results[]`) nor `gh models eval --json` output (`testResults`, `summary`)"));
  }

  const byPath = new Map<string, PassRate>();
  const unmatched: EvalGroup[] = [];
  for (const t of tallies) {
    const path = attributeTo(t);
    if (!path) {
      unmatched.push({ key: t.key, passed: t.passed, total: t.total });
      continue;
    }
    const r = byPath.get(path) ?? { path, passed: 0, total: 0, rate: 0 };
    r.passed += t.passed;
    r.total += t.total;
    r.rate = r.total ? r.passed / r.total : 0;
    byPath.set(path, r);
  }
  const rates = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return ok({ tool, rates, unmatched });
}

export interface AccuracyRow extends PassRate {
  baseRate?: number;
  /** rate − baseRate. */
  delta?: number;
}

/** Head pass rates with their change against the base results (same template path) where given. */
export function accuracyDelta(head: EvalReport, base?: EvalReport): AccuracyRow[] {
  const before = new Map((base?.rates ?? []).map((r) => [r.path, r]));
  return head.rates.map((r) => {
    const b = before.get(r.path);
    return b && b.total > 0 ? { ...r, baseRate: b.rate, delta: r.rate - b.rate } : { ...r };
  });
}

const pct = (r: number): string => `${(Math.round(r * 1000) / 10).toString()}%`;

/**
 * Requirement check for `require.min_pass_rate`, built from the results the
 * Action was given. Only templates with results are checked: a template the
 * workflow does not evaluate shows as "no results" in the report.
 */
export function passRateCheck(head: EvalReport): RequirementCheck {
  return (changes: ChangeSet, policy: ResolvedPolicy, tier: TierName): RawFinding[] => {
    const req = policy.require.min_pass_rate;
    if (!req || !appliesAt(req.tier, tier)) return [];
    const rates = new Map(head.rates.map((r) => [r.path, r]));
    const out: RawFinding[] = [];
    for (const { change } of headTemplates(changes.templates)) {
      const r = rates.get(change.path);
      if (!r || r.total === 0 || r.rate >= req.rate) continue;
      out.push({
        rule: "metadata.pass-rate",
        category: "metadata",
        severity: "medium",
        file: change.path,
        line: 1,
        column: 1,
        message: `At tier \`${tier}\` the policy requires a pass rate of at least ${pct(req.rate)}, and this template passes ${pct(r.rate)} of its evaluations (${r.passed}/${r.total}).`,
        evidence: `${r.passed}/${r.total} passed`,
        remediation: "Fix the template until its evaluations pass, or fix the evaluations if they are wrong; re-run the workflow with the new results.",
      });
    }
    return out;
  };
}

export { pct as formatRate };
