/**
 * The one `PromptOps approval` check run of THIS app on a head SHA: found,
 * then created or updated. A run or status of the same name from anyone else
 * is never read, never counted and never touched.
 */
import { createHash } from "node:crypto";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { CHECK_NAME, type CheckOutput } from "./check-output.js";

interface ApiCheckRun {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  app: { id: number } | null;
  external_id: string | null;
  output: { title: string | null; summary: string | null; annotations_count: number };
}

export type WriteOutcome = "created" | "updated" | "unchanged";

export class ApprovalCheckRun {
  private existing?: Promise<ApiCheckRun | undefined>;

  constructor(
    private readonly client: GitHubClient,
    private readonly repo: RepoRef,
    private readonly headSha: string,
    private readonly appId: number,
    private readonly detailsUrl?: string,
  ) {}

  /** Our latest run on the head, asked for once per evaluation (filtered by app id on GitHub's side and again here). */
  find(): Promise<ApiCheckRun | undefined> {
    this.existing ??= this.client
      .request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", { ...this.repo, ref: this.headSha, check_name: CHECK_NAME, app_id: this.appId, filter: "latest", per_page: 100 })
      .then((res) => (res.data as { check_runs: ApiCheckRun[] }).check_runs.find((r) => r.name === CHECK_NAME && r.app?.id === this.appId));
    return this.existing;
  }

  /** The fields every write sets; `external_id` carries a digest of the annotations the run holds. */
  private fields(out: CheckOutput) {
    const digest = out.annotations.length ? createHash("sha256").update(JSON.stringify(out.annotations)).digest("hex").slice(0, 32) : "";
    return { digest, body: { status: "completed", conclusion: out.conclusion, completed_at: new Date().toISOString(), external_id: digest, ...(this.detailsUrl ? { details_url: this.detailsUrl } : {}) } };
  }

  /**
   * Writes `out` unless our run already says exactly that (a redelivered
   * webhook then costs no write). GitHub APPENDS annotations on update, so the
   * same annotations are not sent again, and a run whose annotations would go
   * stale is superseded by a new run (GitHub and branch protection read the
   * latest run of a name).
   */
  async write(out: CheckOutput): Promise<WriteOutcome> {
    const run = await this.find();
    if (!run) return this.create(out);
    const { digest, body } = this.fields(out);
    const same = run.status === "completed" && run.conclusion === out.conclusion && run.output.title === out.title && run.output.summary === out.summary && (run.external_id ?? "") === digest;
    if (same) return "unchanged";
    const hasAnnotations = run.output.annotations_count > 0;
    if (hasAnnotations && (run.external_id ?? "") !== digest) return this.create(out);
    const output = { title: out.title, summary: out.summary, ...(!hasAnnotations && out.annotations.length ? { annotations: out.annotations } : {}) };
    await this.client.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", { ...this.repo, check_run_id: run.id, ...body, output });
    this.existing = Promise.resolve({ ...run, status: "completed", conclusion: out.conclusion, external_id: digest, output: { title: out.title, summary: out.summary, annotations_count: out.annotations.length } });
    return "updated";
  }

  /**
   * A new run, without looking for ours first: also the way to fail closed
   * when even the lookup fails (the newest run of a name is the one that counts).
   */
  async create(out: CheckOutput): Promise<"created"> {
    const { body } = this.fields(out);
    const output = { title: out.title, summary: out.summary, ...(out.annotations.length ? { annotations: out.annotations } : {}) };
    const res = await this.client.request("POST /repos/{owner}/{repo}/check-runs", { ...this.repo, name: CHECK_NAME, head_sha: this.headSha, ...body, output });
    this.existing = Promise.resolve(res.data as ApiCheckRun);
    return "created";
  }
}
