import { describe, it, expect } from "@jest/globals";
import { evaluatePullRequest, type EvaluationDeps } from "../../app/evaluate-pull-request.js";
import { PolicyCache } from "../../app/policy-cache.js";
import { RiskCache } from "../../app/risk-stage.js";
import type { GitHubClient } from "../../github/client.js";

const pr = { number: 7, state: "open", draft: false, title: "t", body: "", author: "alice", headSha: "h".repeat(40), baseSha: "b".repeat(40), baseRef: "main", labels: [], requestedUsers: [], requestedTeams: [] };
const silent = { info() {}, warn() {}, error() {} };

function deps(client: GitHubClient): EvaluationDeps {
  return { client, log: silent, appId: 1, policies: new PolicyCache(), risks: new RiskCache(10), requestReviewers: true };
}

describe("an evaluation that fails", () => {
  it("rethrows, and when even our check run cannot be looked up, creates a failing one (the newest run counts)", async () => {
    const writes: { route: string; params: Record<string, unknown> }[] = [];
    const client: GitHubClient = {
      async request(route, params = {}) {
        if (route.startsWith("POST") || route.startsWith("PATCH")) {
          writes.push({ route, params });
          return { status: 201, headers: {}, data: { id: 1, name: "PromptOps approval", status: "completed", conclusion: params.conclusion, app: { id: 1 }, external_id: "", output: { title: "", summary: "", annotations_count: 0 } } };
        }
        throw Object.assign(new Error("Bad Gateway"), { status: 502, request: { method: "GET", url: `http://x${route.split(" ")[1]}` } });
      },
      async graphql() {
        throw Object.assign(new Error("Bad Gateway"), { status: 502 });
      },
    };
    await expect(evaluatePullRequest(deps(client), { owner: "acme", repo: "prompts" }, pr)).rejects.toThrow("Bad Gateway");
    expect(writes).toHaveLength(1);
    expect(writes[0]!.route).toBe("POST /repos/{owner}/{repo}/check-runs");
    expect(writes[0]!.params).toEqual(expect.objectContaining({ head_sha: pr.headSha, name: "PromptOps approval", conclusion: "failure", output: expect.objectContaining({ title: "PromptOps could not evaluate" }) }));
  });

  it("updates our existing run to failing when it can be found", async () => {
    const writes: string[] = [];
    const client: GitHubClient = {
      async request(route, params = {}) {
        if (route.startsWith("GET /repos/{owner}/{repo}/commits/{ref}/check-runs")) {
          return { status: 200, headers: {}, data: { total_count: 2, check_runs: [
            { id: 5, name: "PromptOps approval", status: "completed", conclusion: "success", app: { id: 99 }, external_id: null, output: { title: "Approved", summary: "x", annotations_count: 0 } },
            { id: 6, name: "PromptOps approval", status: "completed", conclusion: "success", app: { id: 1 }, external_id: null, output: { title: "Approved", summary: "x", annotations_count: 0 } },
          ] } };
        }
        if (route.startsWith("PATCH") || route.startsWith("POST")) {
          writes.push(`${route} ${String(params.check_run_id ?? "")} ${String(params.conclusion)}`);
          return { status: 200, headers: {}, data: {} };
        }
        throw Object.assign(new Error("Service Unavailable"), { status: 503 });
      },
      async graphql() {
        throw new Error("unreachable");
      },
    };
    await expect(evaluatePullRequest(deps(client), { owner: "acme", repo: "prompts" }, pr)).rejects.toThrow("Service Unavailable");
    // The run of app 99 is someone else's: ours (id 6) is the one turned to failure.
    expect(writes).toEqual(["PATCH /repos/{owner}/{repo}/check-runs/{check_run_id} 6 failure"]);
  });
});
