import { describe, it, expect, beforeAll, afterAll } from "@jest/globals";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { keygen, record, show, verify, defaultOrigin } from "../../cli/audit/commands.js";
import { loadSigner } from "../../cli/audit/signing-key.js";
import { git, readBlob } from "../../cli/audit/local-store.js";
import { parsePublicKey } from "../../core/audit/keys.js";
import type { Signer } from "../../core/audit/keys.js";
import { GIT_ENV, commitsOf, handCommit, makeRepo, removeRepo, setRef } from "./git-fixture.js";
import { sampleRecord } from "./records.js";

let repo: string;
let keyFile: string;
let publicKey: string;
let signer: Signer;
const fast = { baseDelayMs: 1, maxDelayMs: 5 };

beforeAll(async () => {
  repo = await makeRepo();
  // The user's own checkout: a commit on main, a dirty file and a staged file, which recording must not touch.
  await writeFile(join(repo, "app.txt"), "v1\n");
  await git(repo, ["add", "app.txt"], { env: GIT_ENV });
  await git(repo, ["commit", "-q", "-m", "init"], { env: GIT_ENV });
  await git(repo, ["remote", "add", "origin", "git@github.com:acme/prompts.git"], { env: GIT_ENV });
  keyFile = join(repo, "..", `${repo.split("/").pop()}-signing.pem`);
});

afterAll(async () => {
  await removeRepo(repo);
  await removeRepo(keyFile);
});

describe("promptops keygen", () => {
  it("refuses to generate without being told where the private key goes", async () => {
    const r = await keygen({});
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/--out FILE/);
  });

  it("writes the private key with mode 0600, prints only the pinned public key, and never overwrites silently", async () => {
    const r = await keygen({ out: keyFile });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toMatch(/PRIVATE KEY/);
    expect(r.stderr).not.toMatch(/PRIVATE KEY-----/);
    publicKey = r.stdout.split("\n")[0]!;
    expect(parsePublicKey(publicKey).ok).toBe(true);
    expect(r.stdout).toContain(`- "${publicKey}"`);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect(await readFile(keyFile, "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----/);

    const again = await keygen({ out: keyFile });
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/--force/);

    const loaded = await loadSigner({ keyFile, env: {} });
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.value.signer.publicKey).toBe(publicKey);
    expect(loaded.value.warning).toBeUndefined();
    signer = loaded.value.signer;
  });

  it("prints the private key on stdout only when asked to", async () => {
    const r = await keygen({ stdoutPrivate: true });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(r.stderr).toMatch(/^ed25519:/);
    const fromEnv = await loadSigner({ env: { PROMPTOPS_SIGNING_KEY: r.stdout } });
    expect(fromEnv.ok && fromEnv.value.signer.publicKey).toBe(r.stderr.split("\n")[0]);
  });

  it("explains a missing or broken signing key without showing it", async () => {
    const none = await loadSigner({ env: {} });
    expect(!none.ok && none.error.code).toBe("audit.signing-key-missing");
    const broken = await loadSigner({ env: { PROMPTOPS_SIGNING_KEY: "-----BEGIN PRIVATE KEY-----\nSECRETSECRET\n-----END PRIVATE KEY-----\n" } });
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.error.message).not.toContain("SECRETSECRET");
  });
});

describe("recording on a local repository", () => {
  it("derives the same origin the App uses from a GitHub remote", async () => {
    expect(await defaultOrigin(repo, "promptops-audit")).toBe("github.com/acme/prompts/promptops-audit");
  });

  it("appends entries and reports redeliveries, leaving the user's checkout untouched", async () => {
    await writeFile(join(repo, "app.txt"), "dirty\n");
    await writeFile(join(repo, "staged.txt"), "staged\n");
    await git(repo, ["add", "staged.txt"], { env: GIT_ENV });
    const headBefore = (await git(repo, ["rev-parse", "HEAD"])).toString();
    const statusBefore = (await git(repo, ["status", "--porcelain"])).toString();

    for (let i = 1; i <= 3; i++) {
      const r = await record({ repo, record: sampleRecord(i), signer, append: fast });
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toContain(`Recorded audit entry 00000${i}`);
      expect(r.stdout).toContain("github.com/acme/prompts/promptops-audit\n");
    }
    const dup = await record({ repo, record: sampleRecord(2), signer, append: fast });
    expect(dup.exitCode).toBe(0);
    expect(dup.result.status).toBe("duplicate");
    expect(dup.stdout).toContain("Already recorded as entry 000002: entries/2026/11/000002-pr102-merged.json");

    expect((await git(repo, ["rev-parse", "HEAD"])).toString()).toBe(headBefore);
    expect((await git(repo, ["status", "--porcelain"])).toString()).toBe(statusBefore);
    expect(await readFile(join(repo, "app.txt"), "utf8")).toBe("dirty\n");
    expect((await git(repo, ["for-each-ref", "--format=%(refname)"])).toString().split("\n").filter(Boolean).sort()).toEqual([
      "refs/heads/main",
      "refs/heads/promptops-audit",
    ]);
    expect(await commitsOf(repo, "promptops-audit")).toHaveLength(3);
  });

  it("refuses an invalid decision with the key path at fault", async () => {
    const r = await record({ repo, record: sampleRecord(9, { score: -1 }), signer, append: fast });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("(at /score)");
  });
});

describe("promptops audit verify", () => {
  it("passes a sound log with exit 0", async () => {
    const r = await verify({ repo, keys: [publicKey] });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/3 entries, checkpoint github.com\/acme\/prompts\/promptops-audit size 3/);
    expect(r.stdout).toMatch(/^OK:/m);
    const json = JSON.parse((await verify({ repo, keys: [publicKey], format: "json" })).stdout);
    expect(json).toEqual(expect.objectContaining({ ok: true, entries: 3, problems: [] }));
  });

  it("takes the pinned keys from the policy at HEAD when none are given, and says so", async () => {
    const none = await verify({ repo });
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toMatch(/--key/);
    await mkdir(join(repo, ".github"), { recursive: true });
    await writeFile(join(repo, ".github/promptops.yml"), `version: 1\naudit:\n  public_keys:\n    - "${publicKey}"\n`);
    await git(repo, ["add", ".github/promptops.yml"], { env: GIT_ENV });
    await git(repo, ["commit", "-q", "-m", "pin key"], { env: GIT_ENV });
    const r = await verify({ repo });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/pinned in \.github\/promptops\.yml at HEAD/);
  });

  it("fails with exit 1 and names the entry of each problem", async () => {
    const tip = (await git(repo, ["rev-parse", "refs/heads/promptops-audit"])).toString().trim();
    await setRef(repo, "tampered", tip);
    await handCommit(repo, "tampered", { remove: ["entries/2026/11/000002-pr102-merged.json"] });
    const r = await verify({ repo, branch: "tampered", keys: [publicKey] });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^entry 000002 entries\/2026\/11\/000002-pr102-merged\.json: commit [0-9a-f]+ deletes entry file .* \[audit\.entry-deleted\]$/m);
    expect(r.stdout).toMatch(/^entry 000002: entry 000002 is missing.*\[audit\.missing-entry\]$/m);
    expect(r.stdout).toMatch(/problems found\.$/m);
  });

  it("checks the branch against a checkpoint kept outside it", async () => {
    const tip = (await git(repo, ["rev-parse", "refs/heads/promptops-audit"])).toString().trim();
    const outside = join(repo, "..", `${repo.split("/").pop()}-checkpoint`);
    await writeFile(outside, (await readBlob(repo, tip, "checkpoint"))!);
    await setRef(repo, "truncated", (await commitsOf(repo, "promptops-audit"))[0]!);
    const r = await verify({ repo, branch: "truncated", keys: [publicKey], checkpointFile: outside });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^entry 000002: the outside checkpoint covers 3 entries but the branch has 1.*\[audit\.truncated\]$/m);
    expect((await verify({ repo, keys: [publicKey], checkpointFile: outside })).exitCode).toBe(0);
    await removeRepo(outside);
  });

  it("exits 2 when the branch or the checkpoint file does not exist", async () => {
    expect((await verify({ repo, branch: "nope", keys: [publicKey] })).exitCode).toBe(2);
    expect((await verify({ repo, keys: [publicKey], checkpointFile: join(repo, "missing") })).exitCode).toBe(2);
  });
});

describe("promptops audit show", () => {
  it("lists entries as text, filtered by PR or date, and as JSON", async () => {
    const all = await show({ repo });
    expect(all.exitCode).toBe(0);
    expect(all.stdout.trim().split("\n")).toHaveLength(3);
    expect(all.stdout).toMatch(/^000001 .*PR #101 .*merged .*tier high \(score 55\) .*approved by alice, bob/m);
    expect(all.stderr).toMatch(/signatures are not checked/);

    const one = await show({ repo, pr: 102 });
    expect(one.stdout.trim().split("\n")).toEqual([expect.stringMatching(/^000002 /)]);

    const since = await show({ repo, since: sampleRecord(2).predicate.decided_at });
    expect(since.stdout.trim().split("\n").map((l) => l.slice(0, 6))).toEqual(["000002", "000003"]);

    const json = JSON.parse((await show({ repo, format: "json" })).stdout);
    expect(json.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3]);
    expect(json[0].statement.predicate.pull_request.number).toBe(101);

    expect((await show({ repo, since: "last tuesday" })).exitCode).toBe(2);
  });
});
