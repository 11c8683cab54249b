import * as core from "@actions/core";
import { context } from "@actions/github";
import { evaluate, readPolicyAt, type CheckExtras } from "../core/check.js";
import { buildChangeSet } from "../core/diff/build.js";
import type { ChangeSet } from "../core/diff/model.js";
import { evalTemplateRefs } from "../core/governance/accuracy.js";
import { formatProblem } from "../core/errors/problem.js";
import { tierRank } from "../core/policy/resolved.js";
import type { RiskReport } from "../core/report/risk-report.js";
import { VERSION } from "../cli/version.js";
import { statusOf } from "../github/client.js";
import { findStickyComment, upsertStickyComment } from "../github/sticky-comment.js";
import { planAnnotations, problemAnnotation, STEP_ANNOTATION_LIMITS, type Annotation } from "./annotations.js";
import { REPORT_MARKER, reportCommentBody } from "./comment.js";
import { readEvalResults } from "./evals.js";
import { pullRequestFromEvent, reviewStartedAt, type PullRequestEvent } from "./event.js";
import { parseInputs, type ActionInputs } from "./inputs.js";
import { applyLabels, planLabels } from "./labels.js";
import { createOctokit } from "./octokit.js";
import { setReportOutputs, setSlaOutputs, writeReportFile, writeSarifFile } from "./outputs.js";
import { slaSweep } from "./sla.js";
import { renderSlaSummary } from "./sla-summary.js";
import { chooseSource } from "./source.js";
import { writeJobSummary } from "./summary.js";

/**
 * The Action. In `report` mode (the default) it reads the pull request event,
 * checks the change with the policy from the BASE commit, and reports it —
 * outputs, JSON and SARIF files, job summary and annotations first (they need
 * no permission), then the PR comment and tier label. In `sla` mode (a
 * scheduled workflow) it sweeps the open pull requests for review SLA
 * breaches. Never throws: any error fails the step with its message.
 */
export async function run(): Promise<void> {
  try {
    const parsed = parseInputs((name) => core.getInput(name));
    if (!parsed.ok) {
      core.setFailed(parsed.problems.map((p) => p.message).join("\n"));
      return;
    }
    const inputs = parsed.value;
    core.setSecret(inputs.token);
    if (inputs.mode === "sla") await runSla(inputs);
    else await runReport(inputs);
  } catch (e) {
    core.setFailed(`PromptOps failed: ${messageOf(e)}`);
  }
}

/** `sla` mode: comment on and escalate the open pull requests whose PromptOps approval is pending past their review SLA. */
async function runSla(inputs: ActionInputs): Promise<void> {
  const repo = process.env.GITHUB_REPOSITORY ?? "";
  if (!/^[^/\s]+\/[^/\s]+$/.test(repo)) {
    core.setFailed("PromptOps sla mode: GITHUB_REPOSITORY is not set to `owner/name`; run it in a GitHub Actions workflow.");
    return;
  }
  const [owner, name] = repo.split("/") as [string, string];
  if (inputs.evalResults) core.info("sla mode: `eval-results` is for the report on a pull request and is not read here.");
  const { client } = createOctokit(inputs.token);
  const now = new Date();
  const result = await slaSweep(client, { owner, repo: name }, {
    policyPath: inputs.policyPath,
    now,
    ...(inputs.approvalApp ? { approvalApp: inputs.approvalApp } : {}),
    dryRun: inputs.dryRun,
    log: (m) => core.info(m),
    warn: (m) => core.warning(m),
  });
  const governed = result.pulls.filter((p) => p.outcome !== "draft" && p.outcome !== "no-templates").length;
  core.info(`PromptOps ${VERSION} sla: ${result.pulls.length} open pull request${result.pulls.length === 1 ? "" : "s"}, ${governed} touching templates; ${result.breaches.length} new SLA breach${result.breaches.length === 1 ? "" : "es"}${inputs.dryRun ? " (dry-run: nothing written)" : ""}.`);
  setSlaOutputs(result.breaches);
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(renderSlaSummary(result, now, inputs.dryRun), true).write();
  if (result.failures.length) core.setFailed(`PromptOps sla: ${result.failures.join("\n")}`);
}

/** Head and base evaluation results, parsed for the changed templates; a file given but unusable is an error naming it. */
function readEvals(inputs: ActionInputs, changes: ChangeSet): { ok: true; value: Pick<CheckExtras, "evals" | "baseEvals"> } | { ok: false; message: string } {
  if (!inputs.evalResults) return { ok: true, value: {} };
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const refs = evalTemplateRefs(changes);
  const head = readEvalResults("eval-results", inputs.evalResults, workspace, refs, inputs.evalPromptFile);
  if (!head.ok) return { ok: false, message: head.error.message };
  const base = inputs.evalResultsBase ? readEvalResults("eval-results-base", inputs.evalResultsBase, workspace, refs, inputs.evalPromptFile) : undefined;
  if (base && !base.ok) return { ok: false, message: base.error.message };
  const e = head.value;
  core.info(`Evaluation results (${e.tool}): ${e.rates.length} changed template${e.rates.length === 1 ? "" : "s"} with results${e.unmatched.length ? `, ${e.unmatched.length} evaluated prompt${e.unmatched.length === 1 ? "" : "s"} matching no changed template` : ""}${base ? "; compared with the base results" : ""}.`);
  return { ok: true, value: { evals: e, ...(base?.ok ? { baseEvals: base.value } : {}) } };
}

/** `report` mode: the risk report on the pull request of this event. */
async function runReport(inputs: ActionInputs): Promise<void> {
  const event = pullRequestFromEvent(context.eventName, context.payload);
  if (!event.ok) {
    core.setFailed(event.error.message);
    return;
  }
  const pr = event.value;

  const { client } = createOctokit(inputs.token);
  const { source, from } = await chooseSource(client, pr, process.env.GITHUB_WORKSPACE);
  if (from === "checkout") core.info("Reading the change from the local checkout (it holds both the base and the head commit).");
  const loaded = await readPolicyAt(source, pr.baseSha, inputs.policyPath);
  const changes = await buildChangeSet(source, pr.baseSha, pr.headSha, loaded.policy, { pullRequest: { number: pr.number, title: pr.title, body: pr.body, author: pr.author, labels: pr.labels } });
  const evals = readEvals(inputs, changes);
  if (!evals.ok) {
    core.setFailed(`PromptOps: ${evals.message}`);
    return;
  }
  const started = reviewStartedAt(pr);
  const { report, governanceMarkdown } = evaluate(changes, loaded, { ...evals.value, ...(started ? { reviewStartedAt: started } : {}) });
  const sections = governanceMarkdown ? [governanceMarkdown] : [];
  core.info(`PromptOps ${VERSION}: tier ${report.tier} (score ${report.score}); ${report.findings.length} finding${report.findings.length === 1 ? "" : "s"} in ${report.templates.length} changed template${report.templates.length === 1 ? "" : "s"}; policy ${report.policy?.default !== false ? "defaults (no policy file)" : `${report.policy.path} at ${pr.baseSha.slice(0, 7)}`}.`);

  const failures = loaded.problems.map((p) => formatProblem(p));
  if (inputs.failOn && tierRank(report.tier) >= tierRank(inputs.failOn)) failures.push(`PromptOps: risk tier \`${report.tier}\` reaches \`fail-on: ${inputs.failOn}\`.`);

  const noWrites = whyNoWrites(inputs, pr);
  if (noWrites) core.info(noWrites);

  const reportPath = writeReportFile(report);
  setReportOutputs(report, reportPath);
  if (inputs.sarifFile) core.info(`SARIF written to ${writeSarifFile(report, inputs.sarifFile, VERSION)}.`);
  await writeJobSummary(report, noWrites ? [noWrites] : [], sections);

  // A failure message (fail-on, a bad policy, a write that failed) is an error annotation too: one error slot stays free for it.
  const problemNotes = loaded.problems.slice(0, STEP_ANNOTATION_LIMITS.error - 1).map(problemAnnotation);
  const plan = planAnnotations(report.findings, { error: problemNotes.length + 1 });
  for (const a of [...problemNotes, ...plan.annotations]) annotate(a);

  if (!noWrites) {
    try {
      await writeToPullRequest(client, inputs, pr, report, sections);
    } catch (e) {
      failures.push(`PromptOps could not update the pull request: ${messageOf(e)}`);
    }
  }

  if (failures.length) core.setFailed(failures.join("\n"));
}

function annotate(a: Annotation): void {
  if (a.level === "error") core.error(a.message, a.properties);
  else if (a.level === "warning") core.warning(a.message, a.properties);
  else core.notice(a.message, a.properties);
}

/** Why this run writes nothing to the pull request, or undefined when it may. */
function whyNoWrites(inputs: ActionInputs, pr: PullRequestEvent): string | undefined {
  if (inputs.dryRun) return "dry-run: PromptOps reports here (summary, annotations, outputs) and writes nothing to the pull request.";
  // On pull_request_target the token can write (the workflow comes from the base branch); PromptOps never runs PR code, so it may.
  if (pr.fromFork && pr.event === "pull_request") {
    return `The pull request comes from a fork (${pr.headRepo ?? "a deleted repository"}): on \`pull_request\` its token is read-only, so PromptOps reports here (summary, annotations, outputs) and does not comment or label.`;
  }
  if (inputs.comment === "off" && !inputs.labels) return "comment: off and labels: false: nothing to write to the pull request.";
  return undefined;
}

const governed = (r: RiskReport): boolean => r.templates.length > 0 || r.findings.length > 0 || (r.fail_closed?.length ?? 0) > 0;

/** Comment and labels. A 403 on the first write means a read-only token: say so, write nothing more, do not fail. */
async function writeToPullRequest(client: ReturnType<typeof createOctokit>["client"], inputs: ActionInputs, pr: PullRequestEvent, report: RiskReport, sections: readonly string[]): Promise<void> {
  let readOnly = false;
  const write = async (what: string, fn: () => Promise<void>): Promise<void> => {
    if (readOnly) return;
    try {
      await fn();
    } catch (e) {
      if (statusOf(e) === 403 && !/rate limit/i.test(messageOf(e))) {
        readOnly = true;
        core.info(`The token cannot write to this pull request (403 on ${what}: ${messageOf(e)}): PromptOps reports here (summary, annotations, outputs) and does not comment or label. Grant \`pull-requests: write\` in the workflow's permissions.`);
        return;
      }
      throw e;
    }
  };

  if (inputs.comment === "update") {
    const existing = await findStickyComment(client, pr.repo, pr.number, REPORT_MARKER);
    if (existing || governed(report)) {
      const body = reportCommentBody(report, `<sub>PromptOps ${VERSION} · report for ${pr.headSha.slice(0, 7)} · this comment is updated on every push</sub>`, sections);
      await write("the report comment", async () => {
        const res = await upsertStickyComment(client, pr.repo, pr.number, REPORT_MARKER, body, existing ?? null);
        core.info(`Report comment ${res.action}${res.url ? `: ${res.url}` : ""}.`);
      });
    } else core.info("No template changed and no comment to update: no comment.");
  }

  if (inputs.labels) {
    const plan = planLabels(pr.labels, governed(report) ? report.tier : undefined);
    if (plan.add || plan.remove.length) {
      await write("the tier label", async () => {
        await applyLabels(client, pr.repo, pr.number, plan);
        core.info(`Labels:${plan.add ? ` added ${plan.add}` : ""}${plan.remove.length ? ` removed ${plan.remove.join(", ")}` : ""}.`);
      });
    }
  }
}

/** An Octokit RequestError says which call failed (method and URL, never headers); anything else, its message. */
function messageOf(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const req = typeof e === "object" && e !== null && "request" in e ? (e as { request?: { method?: unknown; url?: unknown } }).request : undefined;
  const status = statusOf(e);
  if (status !== undefined && req && typeof req.method === "string" && typeof req.url === "string") return `${req.method} ${req.url.replace(/\?.*$/, "")} answered ${status}: ${message}`;
  return message;
}
