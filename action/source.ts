import { realpathSync } from "node:fs";
import type { RepositorySource } from "../core/diff/source.js";
import { LocalGitSource } from "../cli/git/local-source.js";
import { gitText } from "../cli/git/run-git.js";
import type { GitHubClient } from "../github/client.js";
import { PullRequestSource } from "../github/pull-request-source.js";
import type { PullRequestEvent } from "./event.js";

export interface ChosenSource {
  source: RepositorySource;
  /** Where changed files and contents come from. */
  from: "checkout" | "api";
}

/**
 * The local checkout when the workspace is a git repository holding both the
 * base and the head commit (e.g. `actions/checkout` with `fetch-depth: 0`):
 * no API call, no listing limit. Otherwise the API (the default checkout has
 * only the merge commit). Either way git objects are read as data; nothing
 * from the pull request is executed.
 */
export async function chooseSource(client: GitHubClient, pr: PullRequestEvent, workspace: string | undefined): Promise<ChosenSource> {
  const api: ChosenSource = { source: new PullRequestSource(client, pr.repo, pr.number, pr.changedFiles), from: "api" };
  if (!workspace) return api;
  try {
    // The workspace itself must be the repository's top level, not a folder inside some other repository.
    const top = (await gitText(workspace, ["rev-parse", "--show-toplevel"])).trim();
    if (realpathSync(top) !== realpathSync(workspace)) return api;
    const local = new LocalGitSource(workspace);
    await local.resolve(pr.baseSha);
    await local.resolve(pr.headSha);
    return { source: local, from: "checkout" };
  } catch {
    return api;
  }
}
