/**
 * The governance part of the report: owners, review SLA and deadline,
 * provenance, cost delta and accuracy per changed template. One summary,
 * two renderings: a Markdown section (`MarkdownOptions.sections`) and the
 * report JSON's free-form `governance` field.
 */
import { markdownTable } from "markdown-table";
import type { ChangeSet } from "../diff/model.js";
import type { ResolvedPolicy, TierName } from "../policy/resolved.js";
import { cell, code } from "../report/markdown.js";
import { accuracyDelta, formatRate, type AccuracyRow, type EvalReport } from "./accuracy.js";
import { costDelta, type CostDelta, type TemplateCost } from "./cost.js";
import { codeownersOf, templateOwners, type TemplateOwners } from "./owners.js";
import { PRICES_AS_OF } from "./pricing.js";
import { provenanceOf, type Provenance } from "./provenance.js";
import { slaDeadline, slaFor, type SlaChoice } from "./sla.js";
import { groupedNumber } from "../report/grouped-number.js";

export interface GovernanceExtras {
  /** The change's tier: the SLA depends on it. */
  tier?: TierName;
  /** When the review clock started: ready for review, or opened when never a draft. */
  reviewStartedAt?: Date | string;
  /** Evaluation results at head and, optionally, at base (`parseEvalResults`). */
  evals?: EvalReport;
  baseEvals?: EvalReport;
  /** Rows in the Markdown table before the rest is left to the JSON report (default 50). */
  maxRows?: number;
}

export interface TemplateGovernance {
  path: string;
  owners: TemplateOwners;
  provenance: Provenance;
  cost?: TemplateCost;
  accuracy?: AccuracyRow;
}

export interface GovernanceSummary {
  templates: TemplateGovernance[];
  sla?: SlaChoice & { deadline?: string };
  cost: CostDelta["total"];
  accuracy?: { tool: EvalReport["tool"]; unmatched: number; hasBase: boolean };
}

export function governanceSummary(changes: ChangeSet, policy: ResolvedPolicy, extras: GovernanceExtras = {}): GovernanceSummary {
  const codeowners = codeownersOf(changes);
  const cost = costDelta(changes, policy);
  const costs = new Map(cost.templates.map((c) => [c.path, c]));
  const acc = extras.evals ? new Map(accuracyDelta(extras.evals, extras.baseEvals).map((r) => [r.path, r])) : undefined;
  const templates = changes.templates.map((change): TemplateGovernance => {
    const t: TemplateGovernance = { path: change.path, owners: templateOwners(change, policy, codeowners), provenance: provenanceOf(change, policy) };
    const c = costs.get(change.path);
    if (c) t.cost = c;
    const a = acc?.get(change.path);
    if (a) t.accuracy = a;
    return t;
  });
  const out: GovernanceSummary = { templates, cost: cost.total };
  if (extras.tier) {
    const sla = slaFor(changes.templates, policy, extras.tier);
    if (sla) {
      const deadline = extras.reviewStartedAt !== undefined ? slaDeadline(extras.reviewStartedAt, sla.ms) : undefined;
      out.sla = { ...sla, ...(deadline ? { deadline: deadline.toISOString() } : {}) };
    }
  }
  if (extras.evals) out.accuracy = { tool: extras.evals.tool, unmatched: extras.evals.unmatched.length, hasBase: extras.baseEvals !== undefined };
  return out;
}

const num = groupedNumber;
const signed = (n: number): string => (n > 0 ? `+${num(n)}` : n < 0 ? `−${num(-n)}` : "±0");
/** Small amounts keep two significant digits: a prompt's cost per 1,000 calls is often a fraction of a cent. */
export function usd(n: number, sign = false): string {
  const a = Math.abs(n);
  const body = a === 0 ? "0" : a < 0.01 ? Number(a.toPrecision(2)).toString() : a.toFixed(2);
  const prefix = sign ? (n > 0 ? "+" : n < 0 ? "−" : "±") : n < 0 ? "−" : "";
  return `${prefix}$${body}`;
}
const utc = (iso: string): string => iso.replace("T", " ").replace(/:\d\d(?:\.\d+)?Z$/, " UTC");

function ownersCell(o: TemplateOwners): string {
  if (o.owners.length === 0) return `none${o.detail ? ` (${cell(o.detail)})` : ""}`;
  const who = o.owners.map((p) => `@${cell(p)}`).join(", ");
  return o.source === "codeowners" ? `${who} (${cell(o.detail ?? "CODEOWNERS")})` : o.source === "policy" ? `${who} (policy)` : who;
}

function versionCell(p: Provenance): string {
  if (p.previousVersion && p.version && p.previousVersion !== p.version) return `${cell(p.previousVersion)} → ${cell(p.version)}`;
  return p.version ? cell(p.version) : "—";
}

function modelCell(t: TemplateGovernance): string {
  const m = t.provenance.model;
  const name = m?.name ? [m.provider, m.name].filter(Boolean).join("/") : t.cost?.model;
  const rev = m?.revision ? ` @ ${m.revision}` : "";
  const from = t.cost?.modelBefore ? `${t.cost.modelBefore} → ` : "";
  return name ? code(`${from}${name}${rev}`) : "—";
}

function tokensCell(c: TemplateCost | undefined): string {
  if (!c) return "—";
  return `${num(c.tokensBefore)} → ${num(c.tokensAfter)} (${signed(c.delta)})${c.estimate ? "*" : ""}`;
}

function accuracyCell(a: AccuracyRow | undefined, hasEvals: boolean): string {
  if (!a) return hasEvals ? "no results" : "—";
  const delta = a.delta !== undefined ? ` ${a.delta > 0 ? "▲" : a.delta < 0 ? "▼" : "="} ${a.delta > 0 ? "+" : a.delta < 0 ? "−" : "±"}${(Math.round(Math.abs(a.delta) * 1000) / 10).toString()} pts` : "";
  return `${formatRate(a.rate)} (${a.passed}/${a.total})${delta}`;
}

/** The Markdown section for the PR comment, job summary and check run. */
export function governanceSection(changes: ChangeSet, policy: ResolvedPolicy, extras: GovernanceExtras = {}): string {
  return renderGovernanceSection(governanceSummary(changes, policy, extras), extras.maxRows);
}

/** The Markdown section from a summary already made (the report JSON is made from the same one). */
export function renderGovernanceSection(s: GovernanceSummary, maxRows = 50): string {
  const out: string[] = ["### Governance", ""];
  if (s.sla) {
    const due = s.sla.deadline ? ` · review due **${utc(s.sla.deadline)}**` : "";
    out.push(`- **Review SLA:** ${cell(s.sla.sla)} (from ${s.sla.source.startsWith("tier ") ? cell(s.sla.source) : code(s.sla.source)})${due}`);
  }
  if (s.templates.length) {
    const money = s.cost.usdPer1kCallsDelta !== undefined ? `, ${usd(s.cost.usdPer1kCallsDelta, true)} per 1,000 calls${s.cost.priced < s.templates.length ? ` (${s.cost.priced} of ${s.templates.length} templates priced)` : ""}` : "";
    out.push(`- **Cost per call:** ${signed(s.cost.delta)} tokens of fixed text${money}`);
  }
  if (out.length > 2) out.push("");
  if (s.templates.length === 0) {
    out.push("No prompt templates changed.");
    return out.join("\n");
  }
  const hasEvals = s.accuracy !== undefined;
  const max = maxRows;
  const header = ["Template", "Owners", "Version", "Model", "Datasets", "Fixed-text tokens", "Δ $ / 1k calls", ...(hasEvals ? ["Pass rate"] : [])];
  const rows = s.templates.slice(0, max).map((t) => [
    code(t.path),
    ownersCell(t.owners),
    versionCell(t.provenance),
    modelCell(t),
    t.provenance.datasets?.length ? t.provenance.datasets.map(code).join(", ") : "—",
    tokensCell(t.cost),
    t.cost?.usdPer1kCallsDelta !== undefined ? usd(t.cost.usdPer1kCallsDelta, true) : "—",
    ...(hasEvals ? [accuracyCell(t.accuracy, true)] : []),
  ]);
  out.push(markdownTable([header, ...rows], { alignDelimiters: false }));
  if (s.templates.length > max) out.push("", `_${s.templates.length - max} more template${s.templates.length - max > 1 ? "s" : ""} in the JSON report._`);
  const notes: string[] = [];
  if (s.cost.estimate) notes.push("\\* estimate: the model's own tokenizer is not available, counted with `o200k_base`.");
  if (s.cost.priced) notes.push(`Prices: USD per 1M input tokens as of ${PRICES_AS_OF}, or the policy's \`cost.prices\`.`);
  if (s.accuracy?.unmatched) notes.push(`${s.accuracy.unmatched} evaluated prompt${s.accuracy.unmatched > 1 ? "s" : ""} matched no changed template.`);
  // One paragraph each: consecutive lines would run together outside PR comments.
  for (const n of notes) out.push("", `_${n}_`);
  return out.join("\n");
}

/** The report JSON's `governance` field. */
export function governanceJson(changes: ChangeSet, policy: ResolvedPolicy, extras: GovernanceExtras = {}): Record<string, unknown> {
  return governanceSummaryJson(governanceSummary(changes, policy, extras));
}

/** The `governance` field from a summary already made. */
export function governanceSummaryJson(s: GovernanceSummary): Record<string, unknown> {
  return {
    ...(s.sla ? { sla: { sla: s.sla.sla, source: s.sla.source, ...(s.sla.deadline ? { deadline: s.sla.deadline } : {}) } } : {}),
    cost: {
      tokens_before: s.cost.tokensBefore,
      tokens_after: s.cost.tokensAfter,
      delta: s.cost.delta,
      ...(s.cost.usdPer1kCallsDelta !== undefined ? { usd_per_1k_calls_delta: s.cost.usdPer1kCallsDelta } : {}),
      priced_templates: s.cost.priced,
      estimate: s.cost.estimate,
      prices_as_of: PRICES_AS_OF,
    },
    ...(s.accuracy ? { accuracy: { tool: s.accuracy.tool, unmatched_prompts: s.accuracy.unmatched, base_given: s.accuracy.hasBase } } : {}),
    templates: s.templates.map((t) => ({
      path: t.path,
      owners: t.owners.owners,
      owners_source: t.owners.source,
      ...(t.owners.detail ? { owners_detail: t.owners.detail } : {}),
      provenance: {
        ...(t.provenance.datasets ? { datasets: t.provenance.datasets } : {}),
        ...(t.provenance.model ? { model: t.provenance.model } : {}),
        ...(t.provenance.version ? { version: t.provenance.version } : {}),
        ...(t.provenance.previousVersion ? { previous_version: t.provenance.previousVersion } : {}),
      },
      ...(t.cost
        ? {
            cost: {
              ...(t.cost.model ? { model: t.cost.model } : {}),
              ...(t.cost.modelBefore ? { model_before: t.cost.modelBefore } : {}),
              encoding: t.cost.encoding,
              estimate: t.cost.estimate,
              tokens_before: t.cost.tokensBefore,
              tokens_after: t.cost.tokensAfter,
              delta: t.cost.delta,
              ...(t.cost.usdPer1kCallsBefore !== undefined ? { usd_per_1k_calls_before: t.cost.usdPer1kCallsBefore } : {}),
              ...(t.cost.usdPer1kCallsAfter !== undefined ? { usd_per_1k_calls_after: t.cost.usdPer1kCallsAfter } : {}),
              ...(t.cost.usdPer1kCallsDelta !== undefined ? { usd_per_1k_calls_delta: t.cost.usdPer1kCallsDelta } : {}),
            },
          }
        : {}),
      ...(t.accuracy
        ? { accuracy: { passed: t.accuracy.passed, total: t.accuracy.total, rate: t.accuracy.rate, ...(t.accuracy.baseRate !== undefined ? { base_rate: t.accuracy.baseRate, delta: t.accuracy.delta } : {}) } }
        : {}),
    })),
  };
}
