import * as core from "@actions/core";
import { getOctokit } from "@actions/github";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import Bottleneck from "bottleneck/light.js";
import type { GitHubClient } from "../github/client.js";

/** Retries of one request after a secondary rate limit (each waits what GitHub's `retry-after` says). */
const SECONDARY_LIMIT_RETRIES = 2;
/** A primary rate limit is retried only when it resets soon: a pull request check should not sit for an hour. */
const MAX_PRIMARY_LIMIT_WAIT_SECONDS = 60;

/**
 * Octokit for the Action: `@actions/github`'s (which reads `GITHUB_API_URL`
 * and the runner's proxy settings) with the retry plugin (5xx, after 1 s,
 * 4 s, 9 s) and the throttling plugin (secondary and primary rate limits,
 * after GitHub's `retry-after`).
 *
 * The throttling plugin also spaces mutating requests — and GraphQL queries —
 * at least one (comments: three) seconds apart. That pacing is GitHub's advice
 * for clients that make *many* writes; a run here makes two GraphQL queries and
 * at most four writes, one at a time, so the spacing would only add seconds to
 * every pull request. The groups below keep the one-at-a-time rule and drop the
 * spacing; a secondary limit, if GitHub still answers one, is retried as usual.
 */
export function createOctokit(token: string, env: NodeJS.ProcessEnv = process.env) {
  const serial = () => new Bottleneck.Group({ maxConcurrent: 1 });
  const octokit = getOctokit(
    token,
    {
      log: { debug: (m: string) => core.debug(m), info: (m: string) => core.debug(m), warn: (m: string) => core.info(m), error: (m: string) => core.info(m) },
      throttle: {
        write: serial(),
        notifications: serial(),
        onSecondaryRateLimit: (retryAfter, options, _octokit, retryCount) => {
          core.info(`GitHub secondary rate limit on ${options.method} ${options.url}; retry ${retryCount + 1} in ${retryAfter} s`);
          return retryCount < SECONDARY_LIMIT_RETRIES;
        },
        onRateLimit: (retryAfter, options, _octokit, retryCount) => {
          const retrying = retryCount < 1 && retryAfter <= MAX_PRIMARY_LIMIT_WAIT_SECONDS;
          core.info(`GitHub rate limit reached on ${options.method} ${options.url}; ${retrying ? `retrying in ${retryAfter} s` : `it resets in ${retryAfter} s, not waiting`}`);
          return retrying;
        },
      },
    },
    retry,
    throttling,
  );
  return { octokit, client: toClient(octokit, env.GITHUB_GRAPHQL_URL) };
}

type ActionOctokit = ReturnType<typeof getOctokit>;

/**
 * The adapters' GitHubClient. GraphQL goes to `GITHUB_GRAPHQL_URL` when the
 * runner sets it (github.com: `https://api.github.com/graphql`; GHES:
 * `https://HOST/api/graphql`); otherwise Octokit derives it from the base URL
 * the same way (`/graphql`, or `/api/graphql` for a base ending in `/api/v3`).
 */
function toClient(octokit: ActionOctokit, graphqlUrl: string | undefined): GitHubClient {
  const graphql = graphqlUrl ? octokit.graphql.defaults({ url: graphqlUrl }) : octokit.graphql;
  return {
    request: (route, params) => octokit.request(route, params) as never,
    graphql: <T>(query: string, variables?: Record<string, unknown>) => graphql<T>(query, variables),
  };
}
