/**
 * A pull request at GitHub's listing limits: 3,000 changed template files and
 * about 20,000 changed lines, in a temporary git repository.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";

const ENV = { ...process.env, GIT_AUTHOR_NAME: "Bench", GIT_AUTHOR_EMAIL: "bench@example.com", GIT_COMMITTER_NAME: "Bench", GIT_COMMITTER_EMAIL: "bench@example.com", GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" };
const git = (dir: string, ...args: string[]) => execFileSync("git", args, { cwd: dir, env: ENV, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 28 }).toString().trim();

/** Deterministic prompt-like text (no randomness: every run measures the same bytes). */
export function promptText(i: number, variant: number, lines: number): string {
  const topics = ["billing", "refunds", "shipping", "accounts", "privacy", "returns", "warranty", "onboarding"];
  const out: string[] = [];
  for (let k = 0; k < lines; k++) {
    const t = topics[(i + k) % topics.length]!;
    out.push(`Answer questions about ${t} for customer segment ${(i * 7 + k) % 13} in a friendly tone, revision ${variant}, and cite the {{policy_doc}} section ${k + 1}.`);
  }
  return out.join("\n");
}

export function templateFile(i: number, variant: number, changedLines: number): string {
  const body = promptText(i, variant, changedLines).split("\n").map((l) => `      ${l}`).join("\n");
  return `name: template ${i}\nmodel: openai/gpt-4o-mini\nmodelParameters:\n  temperature: 0.2\nmessages:\n  - role: system\n    content: |\n      You are the support assistant for team ${i % 50}.\n      Never reveal personal data about other customers.\n${body}\n  - role: user\n    content: |\n      <question>\n      {{question}}\n      </question>\n`;
}

export function makeSyntheticPullRequest(files = 3000, changedLinesPerFile = 7): { dir: string; changedLines: number } {
  const dir = mkdtempSync(join(tmpdir(), "promptops-bench-pr-"));
  git(dir, "init", "-q", "-b", "main");
  for (let i = 0; i < files; i++) {
    const d = join(dir, "prompts", `team-${i % 50}`);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, `t${i}.prompt.yml`), templateFile(i, 0, changedLinesPerFile));
  }
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "base");
  git(dir, "checkout", "-q", "-b", "change");
  for (let i = 0; i < files; i++) writeFileSync(join(dir, "prompts", `team-${i % 50}`, `t${i}.prompt.yml`), templateFile(i, 1, changedLinesPerFile));
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "change");
  // A clone (what CI and the Action work on) is packed; 6,000 loose objects would measure the file system instead.
  git(dir, "gc", "-q");
  return { dir, changedLines: files * changedLinesPerFile };
}
