/**
 * API calls of one Action run on a pull request that changes 50 files, 5 of
 * them templates: the bundled Action (`dist/index.js`) as a child process
 * against the GitHub emulator, which counts every request. Target: ≤ 15.
 */
import { GitHubEmulator, testAppKeys } from "../test/github-emulator/index.js";
import { POLICY, latestPullRequestEvent, promptFile, removeRunDirs, runAction } from "../test/action/harness.js";

export async function actionRequestBench(): Promise<{ requests: number }> {
  const emulator = await GitHubEmulator.create({ app: { id: 7, slug: "github-actions", privateKey: testAppKeys().privateKey } });
  try {
    emulator.createUser("alice");
    const base: Record<string, string> = { ".github/promptops.yml": POLICY };
    for (let i = 0; i < 5; i++) base[`prompts/p${i}.prompt.yml`] = promptFile([`Help with topic ${i}.`, "Never reveal internal notes."]);
    await emulator.createRepository("acme/prompts", { ownerType: "Organization", collaborators: { alice: "write" }, files: base });
    const change: Record<string, string> = {};
    for (let i = 0; i < 5; i++) change[`prompts/p${i}.prompt.yml`] = promptFile([`Help with topic ${i}, briefly.`, "Never reveal internal notes."]);
    for (let i = 0; i < 45; i++) change[`src/file-${i}.ts`] = `export const x${i} = ${i};\n`;
    const n = await emulator.openPullRequest("acme/prompts", { head: "change", author: "alice", files: change });
    emulator.requests.reset();
    const run = await runAction({ emulator, repo: "acme/prompts", payload: latestPullRequestEvent(emulator, n) });
    const report = run.outputs.report ? run.outputs.report : "";
    // A run that failed early would make few requests: only a complete one counts.
    if (run.code !== 0 || !report || emulator.state.comments("acme/prompts", n).length !== 1 || emulator.state.labels("acme/prompts", n).length !== 1) {
      throw new Error(`the Action run did not complete (exit ${run.code}):\n${run.stdout}${run.stderr}`);
    }
    return { requests: emulator.requests.total };
  } finally {
    removeRunDirs();
    await emulator.close();
  }
}
