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
}

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
    },
  };
}

/** `./a/b` → `a/b`; undefined for absolute paths and paths that climb out of the repository. */
export function repositoryPath(p: string): string | undefined {
  const parts = p.replace(/\\/g, "/").split("/").filter((s) => s !== "" && s !== ".");
  if (p.startsWith("/") || /^[A-Za-z]:/.test(p) || parts.length === 0 || parts.includes("..")) return undefined;
  return parts.join("/");
}
