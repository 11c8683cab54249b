import type { Problem } from "../core/errors/problem.js";
import type { RepoRef } from "../github/client.js";

/** What the Action needs from the pull request, all of it from the event payload (no API call). */
export interface PullRequestEvent {
  event: (typeof PULL_REQUEST_EVENTS)[number];
  repo: RepoRef;
  number: number;
  title: string;
  body: string;
  author: string;
  labels: string[];
  baseSha: string;
  headSha: string;
  /** `owner/name` of the head repository; null when the fork was deleted. */
  headRepo: string | null;
  /** Files GitHub counts as changed (also beyond its 3,000-file listing limit). */
  changedFiles?: number;
  /** The head lives in another repository: on `pull_request` the token is read-only and secrets are withheld. */
  fromFork: boolean;
  draft: boolean;
  /** When the pull request was opened (ISO 8601). */
  createdAt?: string;
  /** When it became ready for review: set on a `ready_for_review` event (the payload's `updated_at`). */
  readyAt?: string;
}

/**
 * When the review SLA's clock started: when the pull request became ready for
 * review if this event says so, else when it was opened. A draft has no clock
 * yet: its author is still working.
 */
export const reviewStartedAt = (pr: PullRequestEvent): string | undefined => (pr.draft ? undefined : (pr.readyAt ?? pr.createdAt));

export const PULL_REQUEST_EVENTS = ["pull_request", "pull_request_target"] as const;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** The pull request of a `pull_request` or `pull_request_target` event, or why there is none. */
export function pullRequestFromEvent(eventName: string, payload: unknown): { ok: true; value: PullRequestEvent } | { ok: false; error: Problem } {
  const fail = (message: string) => ({ ok: false as const, error: { code: "event.unsupported", message } });
  if (!(PULL_REQUEST_EVENTS as readonly string[]).includes(eventName)) {
    return fail(`PromptOps reports on pull requests: run it on \`pull_request\` (or \`pull_request_target\`), not \`${eventName || "(no event)"}\``);
  }
  const pr = obj(obj(payload)?.pull_request);
  const base = obj(pr?.base);
  const head = obj(pr?.head);
  const baseRepo = str(obj(base?.repo)?.full_name) ?? str(obj(obj(payload)?.repository)?.full_name);
  const number = pr?.number;
  const baseSha = str(base?.sha);
  const headSha = str(head?.sha);
  if (!pr || typeof number !== "number" || !baseSha || !headSha || !baseRepo || !baseRepo.includes("/")) {
    return fail(`the \`${eventName}\` event payload has no pull request with a number, base and head (GITHUB_EVENT_PATH)`);
  }
  const [owner, repo] = baseRepo.split("/") as [string, string];
  const headRepo = str(obj(head?.repo)?.full_name) ?? null;
  const createdAt = str(pr.created_at);
  const readyAt = obj(payload)?.action === "ready_for_review" ? str(pr.updated_at) : undefined;
  const labels = Array.isArray(pr.labels) ? pr.labels.map((l) => str(obj(l)?.name)).filter((n): n is string => n !== undefined) : [];
  return {
    ok: true,
    value: {
      event: eventName as PullRequestEvent["event"],
      repo: { owner, repo },
      number,
      title: str(pr.title) ?? "",
      body: str(pr.body) ?? "",
      author: str(obj(pr.user)?.login) ?? "",
      labels,
      baseSha,
      headSha,
      headRepo,
      ...(typeof pr.changed_files === "number" ? { changedFiles: pr.changed_files } : {}),
      fromFork: headRepo === null || headRepo.toLowerCase() !== baseRepo.toLowerCase(),
      draft: pr.draft === true,
      ...(createdAt ? { createdAt } : {}),
      ...(readyAt ? { readyAt } : {}),
    },
  };
}
