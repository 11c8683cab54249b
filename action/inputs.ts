import type { Problem } from "../core/errors/problem.js";
import { DEFAULT_POLICY_PATH, TIER_NAMES, type TierName } from "../core/policy/resolved.js";

/** The Action's inputs, validated (names as in action.yml). */
export interface ActionInputs {
  token: string;
  /** Repository-relative path of the policy, read at the base commit. */
  policyPath: string;
  comment: "update" | "off";
  labels: boolean;
  /** Fail the step when the tier reaches this one; absent: never. */
  failOn?: TierName;
  /** Where to write SARIF, relative to the workspace; absent: no SARIF. */
  sarifFile?: string;
  dryRun: boolean;
  /** `report`: the risk report on a pull request event; `sla`: the scheduled sweep over open pull requests for review SLA breaches. */
  mode: ActionMode;
  /** Evaluation results at head and at base (promptfoo or `gh models eval --json` output), as given (workspace-relative or absolute). */
  evalResults?: string;
  evalResultsBase?: string;
  /** For a single `gh models eval` run: the prompt file it evaluated. */
  evalPromptFile?: string;
  /** Slug of the GitHub App whose `PromptOps approval` check run counts in `sla` mode; absent: any app but GitHub Actions. */
  approvalApp?: string;
}

export const ACTION_MODES = ["report", "sla"] as const;
export type ActionMode = (typeof ACTION_MODES)[number];

/** How the runner hands an input to the step: `INPUT_<NAME>`, upper-cased, spaces as `_`, hyphens kept. */
export const inputVariable = (name: string): string => `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;

// The YAML 1.2 core-schema booleans, as @actions/core's getBooleanInput accepts them.
const TRUE = ["true", "True", "TRUE"];
const FALSE = ["false", "False", "FALSE"];

/**
 * Reads and checks every input; returns all problems at once so a
 * misconfigured workflow is fixed in one round.
 */
export function parseInputs(get: (name: string) => string): { ok: true; value: ActionInputs } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const bad = (input: string, message: string) => problems.push({ code: "input.invalid", message: `input \`${input}\`: ${message}` });
  const bool = (input: string, fallback: boolean): boolean => {
    const raw = get(input).trim();
    if (raw === "") return fallback;
    if (TRUE.includes(raw)) return true;
    if (FALSE.includes(raw)) return false;
    bad(input, `expected true or false, got \`${raw}\``);
    return fallback;
  };

  const token = get("github-token").trim();
  if (!token) bad("github-token", "is empty; the default `${{ github.token }}` needs no setting, a custom value must not be empty");

  const policyPath = repositoryPath(get("policy").trim() || DEFAULT_POLICY_PATH);
  if (policyPath === undefined) bad("policy", `\`${get("policy").trim()}\` is not a path inside the repository`);

  const commentRaw = get("comment").trim() || "update";
  if (commentRaw !== "update" && commentRaw !== "off") bad("comment", `expected \`update\` or \`off\`, got \`${commentRaw}\``);

  const failOnRaw = get("fail-on").trim();
  const failOn = failOnRaw === "" || failOnRaw === "none" ? undefined : (TIER_NAMES as readonly string[]).includes(failOnRaw) ? (failOnRaw as TierName) : undefined;
  if (failOnRaw !== "" && failOnRaw !== "none" && failOn === undefined) bad("fail-on", `expected one of ${TIER_NAMES.join(", ")} (or empty), got \`${failOnRaw}\``);

  const sarifRaw = get("sarif-file").trim();
  const labels = bool("labels", true);
  const dryRun = bool("dry-run", false);

  const modeRaw = get("mode").trim() || "report";
  if (!(ACTION_MODES as readonly string[]).includes(modeRaw)) bad("mode", `expected ${ACTION_MODES.map((m) => `\`${m}\``).join(" or ")}, got \`${modeRaw}\``);
  const evalResults = get("eval-results").trim();
  const evalResultsBase = get("eval-results-base").trim();
  if (evalResultsBase && !evalResults) bad("eval-results-base", "is set without `eval-results`: base results are only compared with head results");
  const evalPromptFile = get("eval-prompt-file").trim();
  const evalPromptPath = evalPromptFile ? repositoryPath(evalPromptFile) : undefined;
  if (evalPromptFile && evalPromptPath === undefined) bad("eval-prompt-file", `\`${evalPromptFile}\` is not a path inside the repository`);
  const approvalApp = get("approval-app").trim().replace(/\[bot\]$/, "");

  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      token,
      policyPath: policyPath!,
      comment: commentRaw as "update" | "off",
      labels,
      ...(failOn ? { failOn } : {}),
      ...(sarifRaw ? { sarifFile: sarifRaw } : {}),
      dryRun,
      mode: modeRaw as ActionMode,
      ...(evalResults ? { evalResults } : {}),
      ...(evalResultsBase ? { evalResultsBase } : {}),
      ...(evalPromptPath ? { evalPromptFile: evalPromptPath } : {}),
      ...(approvalApp ? { approvalApp } : {}),
    },
  };
}

/** `./a/b` → `a/b`; undefined for absolute paths and paths that climb out of the repository. */
export function repositoryPath(p: string): string | undefined {
  const parts = p.replace(/\\/g, "/").split("/").filter((s) => s !== "" && s !== ".");
  if (p.startsWith("/") || /^[A-Za-z]:/.test(p) || parts.length === 0 || parts.includes("..")) return undefined;
  return parts.join("/");
}
