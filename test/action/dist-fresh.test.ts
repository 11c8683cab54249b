import { afterAll, describe, expect, it } from "@jest/globals";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DIST, ROOT } from "./harness.js";

const dir = mkdtempSync(join(tmpdir(), "promptops-dist-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("dist/index.js", () => {
  it("is exactly what scripts/build-action.mjs builds from the sources (run `npm run build:action` and commit dist/ if not)", async () => {
    const fresh = join(dir, "index.js");
    await promisify(execFile)(process.execPath, [join(ROOT, "scripts", "build-action.mjs"), "--outfile", fresh], { cwd: ROOT });
    const committed = readFileSync(DIST);
    const rebuilt = readFileSync(fresh);
    // The first differing line makes a stale bundle easy to diagnose; then byte for byte.
    const a = committed.toString("utf8").split("\n");
    const b = rebuilt.toString("utf8").split("\n");
    const n = Math.max(a.length, b.length);
    let i = 0;
    while (i < n && a[i] === b[i]) i++;
    expect(i === n ? "identical" : `line ${i + 1} differs\n committed: ${a[i]?.slice(0, 160)}\n rebuilt:   ${b[i]?.slice(0, 160)}`).toBe("identical");
    expect(rebuilt.equals(committed)).toBe(true);
  });

  it("is an ES module that runs under the runner's node and fails cleanly without an event", async () => {
    const r = await promisify(execFile)(process.execPath, [DIST], { cwd: dir, env: { PATH: process.env.PATH ?? "", "INPUT_GITHUB-TOKEN": "t", GITHUB_EVENT_NAME: "push" } }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect(r.stderr).toBe("");
    expect((r as { code?: number }).code).toBe(1);
    expect(r.stdout).toContain("::error::PromptOps reports on pull requests");
  });
});
