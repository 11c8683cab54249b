import type { Rule } from "../../rule.js";
import type { RawFinding } from "../../finding.js";
import { DEFAULT_POLICY_PATH } from "../../../policy/resolved.js";

const CODEOWNERS = new Set(["CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS"]);
const POLICY_FILES = new Set([DEFAULT_POLICY_PATH, ".github/promptops.yaml"]);

/** Whether a workflow (either side) runs PromptOps: editing it could switch the Action off or weaken it. */
const runsPromptOps = (text: string | undefined): boolean => !!text && /promptops/i.test(text);

/**
 * A change to the governance itself. The PR is evaluated under the base
 * policy (a PR can never lower its own risk); this finding makes sure the
 * people who own governance see the edit.
 */
export const policyChangeRule: Rule = {
  id: "policy-change",
  category: "policy-change",
  description: "The pull request changes the PromptOps policy, CODEOWNERS or the workflow that runs the Action.",
  checkChangeSet({ changes, policy }) {
    const out: RawFinding[] = [];
    const policyPaths = new Set([...POLICY_FILES, policy.origin.path]);
    for (const f of changes.files) {
      const paths = [f.path, ...(f.previousPath ? [f.previousPath] : [])];
      if (paths.some((p) => policyPaths.has(p))) {
        out.push({
          rule: "policy-change.policy", category: "policy-change", severity: "high", file: f.path, line: f.addedLines[0] ?? 1, column: 1,
          message: `The PromptOps policy is ${f.status}: this pull request is evaluated under the base branch's policy, and the new policy takes effect only after merge.`,
          remediation: "Have the governance owners review the policy change; see the dry-run of the new policy in the report.",
        });
      } else if (paths.some((p) => CODEOWNERS.has(p))) {
        out.push({
          rule: "policy-change.codeowners", category: "policy-change", severity: "medium", file: f.path, line: f.addedLines[0] ?? 1, column: 1,
          message: "CODEOWNERS changes who owns templates and therefore who must approve them.",
          remediation: "Have the current owners of the affected templates approve the ownership change.",
        });
      } else if (changes.workflows?.has(f.path)) {
        const w = changes.workflows.get(f.path)!;
        if (runsPromptOps(w.old) || runsPromptOps(w.new)) {
          out.push({
            rule: "policy-change.workflow", category: "policy-change", severity: "medium", file: f.path, line: f.addedLines[0] ?? 1, column: 1,
            message: "This workflow runs PromptOps; changing it can weaken or switch off the risk report.",
            remediation: "Keep the PromptOps step and its inputs; have governance owners review workflow changes.",
          });
        }
      }
    }
    return out;
  },
};
