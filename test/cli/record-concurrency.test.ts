/**
 * 20 `promptops check --record` processes at once on one repository: the
 * local writer's compare-and-swap on the branch ref keeps the log linear,
 * contiguous and complete. Runs the built CLI (`npm ci` builds it).
 */
import { afterAll, describe, expect, it } from "@jest/globals";
import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateSigningKey } from "../../core/audit/keys.js";
import { verifyLog } from "../../core/audit/verify.js";
import { readHistory } from "../../cli/audit/local-store.js";
import { GIT_ENV, commitOnBranch, git, repoWithFiles } from "../helpers/git-repo.js";

const BIN = join(process.cwd(), "bin", "promptops.js");
const template = (n: number) => `name: t\nmodel: openai/gpt-4o-mini\nmessages:\n  - role: system\n    content: |\n      Answer questions about topic ${n}.\n`;

function run(args: string[], cwd: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...GIT_ENV }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code: code ?? 1, stderr }));
  });
}

describe("concurrent local recording", () => {
  const repo = repoWithFiles({ "prompts/a.prompt.yml": template(0) });
  afterAll(() => repo.cleanup());

  it("20 parallel `check --record` runs give 20 entries, contiguous, valid, and a second round adds none", async () => {
    expect(existsSync(join(process.cwd(), "build", "cli", "main.js"))).toBe(true);
    const key = generateSigningKey();
    const keyFile = join(repo.dir, "..", `${repo.dir.split("/").pop()}-key.pem`);
    writeFileSync(keyFile, key.privateKeyPem, { mode: 0o600 });
    for (let i = 1; i <= 20; i++) {
      git(repo.dir, "checkout", "-q", "main");
      commitOnBranch(repo.dir, `change-${i}`, { write: { "prompts/a.prompt.yml": template(i) } });
    }
    git(repo.dir, "checkout", "-q", "main");
    const round = () => Promise.all(Array.from({ length: 20 }, (_, k) => run(["check", "--base", "main", "--head", `change-${k + 1}`, "--record", "--key-file", keyFile], repo.dir)));
    const first = await round();
    expect(first.filter((r) => r.code !== 0).map((r) => r.stderr)).toEqual([]);
    const second = await round(); // every decision delivered twice
    expect(second.every((r) => r.code === 0)).toBe(true);
    const h = await readHistory(repo.dir, "promptops-audit");
    const v = verifyLog({ commits: h.commits, files: h.files, keys: [key.publicKey] });
    expect(v.problems).toEqual([]);
    expect(v.entries).toBe(20);
  }, 120_000);
});
