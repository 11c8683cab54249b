/** The parts of a pull request the App works from, out of a webhook payload or `GET /pulls/{n}`. */
export interface PullSnapshot {
  number: number;
  state: string;
  draft: boolean;
  title: string;
  body: string;
  author: string;
  headSha: string;
  baseSha: string;
  baseRef: string;
  headRef?: string;
  htmlUrl?: string;
  /** Present on full pull request objects (`pull_request` events, `GET /pulls/{n}`): detects GitHub's listing limits. */
  changedFiles?: number;
  commits?: number;
  labels: string[];
  requestedUsers: string[];
  requestedTeams: string[];
}

interface ApiPull {
  number: number;
  state: string;
  draft?: boolean;
  title: string;
  body?: string | null;
  user: { login: string } | null;
  head: { sha: string; ref?: string };
  base: { sha: string; ref: string };
  html_url?: string;
  changed_files?: number;
  commits?: number;
  labels?: { name?: string }[];
  requested_reviewers?: ({ login?: string } | null)[];
  requested_teams?: ({ slug?: string } | null)[];
}

export function pullSnapshot(raw: unknown): PullSnapshot {
  const pr = raw as ApiPull;
  return {
    number: pr.number,
    state: pr.state,
    draft: pr.draft === true,
    title: pr.title ?? "",
    body: pr.body ?? "",
    author: pr.user?.login ?? "ghost",
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
    baseRef: pr.base.ref,
    ...(pr.head.ref ? { headRef: pr.head.ref } : {}),
    ...(pr.html_url ? { htmlUrl: pr.html_url } : {}),
    ...(typeof pr.changed_files === "number" ? { changedFiles: pr.changed_files } : {}),
    ...(typeof pr.commits === "number" ? { commits: pr.commits } : {}),
    labels: (pr.labels ?? []).map((l) => l.name ?? "").filter(Boolean),
    requestedUsers: (pr.requested_reviewers ?? []).map((u) => u?.login ?? "").filter(Boolean),
    requestedTeams: (pr.requested_teams ?? []).map((t) => t?.slug ?? "").filter(Boolean),
  };
}
