/**
 * The part of an Octokit that the GitHub adapters use. Probot's
 * `context.octokit`, `@actions/github`'s `getOctokit()` and `@octokit/rest`
 * all satisfy it, so the Action and the App share one adapter.
 */
export interface GitHubResponse<T = unknown> {
  status: number;
  headers: Record<string, string | number | undefined>;
  data: T;
}

export interface GitHubClient {
  // Octokit's request is heavily overloaded; adapters pass route strings and read `data` as they need.
  request(route: string, params?: Record<string, unknown>): Promise<GitHubResponse<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

export interface RepoRef {
  owner: string;
  repo: string;
}

/** Every page of a list endpoint, following GitHub's `Link: rel="next"` (100 per page). */
export async function paginate<T>(client: GitHubClient, route: string, params: Record<string, unknown>, limit = Infinity): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; out.length < limit; page++) {
    const res = await client.request(route, { ...params, per_page: 100, page });
    const items = (Array.isArray(res.data) ? res.data : []) as T[];
    out.push(...items);
    const link = String(res.headers.link ?? "");
    if (!/rel="next"/.test(link) || items.length === 0) break;
  }
  return out;
}

/** Status code of an Octokit RequestError, if it is one. */
export const statusOf = (e: unknown): number | undefined => (typeof e === "object" && e !== null && "status" in e && typeof (e as { status: unknown }).status === "number" ? (e as { status: number }).status : undefined);
