import { describe, it, expect, afterAll } from "@jest/globals";
import { LocalGitSource } from "../../cli/git/local-source.js";
import { buildChangeSet } from "../../core/diff/build.js";
import { defaultPolicy } from "../../core/policy/resolved.js";
import { repoWithFiles, commitOnBranch, git, writeFiles } from "../helpers/git-repo.js";

const prompt = (body: string) => `messages:\n  - role: system\n    content: |\n${body.split("\n").map((l) => `      ${l}`).join("\n")}\n`;

describe("local git diff of template changes", () => {
  const repo = repoWithFiles({
    "prompts/a.prompt.yml": prompt("line one\nline two\nline three"),
    "prompts/old-name.prompt.yml": prompt("stays the same\nacross the rename\nand more lines\nso git sees a rename"),
    "prompts/gone.prompt.yml": "# retired template\nname: gone\ndescription: to be deleted\nmessages: []\n",
    "src/app.ts": "export const x = 1;\n",
  });
  afterAll(() => repo.cleanup());
  const base = git(repo.dir, "rev-parse", "HEAD");
  const head = commitOnBranch(repo.dir, "change", {
    write: {
      "prompts/a.prompt.yml": prompt("line one\nline 2 changed\nline three\nline four added"),
      "prompts/new.prompt.yml": "model: openai/gpt-4o\nmessages:\n  - role: user\n    content: brand new\n",
      "prompts/blob.prompt": Buffer.from([0x00, 0x01, 0x02, 0xff]),
      "prompts/huge.prompt.yml": prompt("x".repeat(2000)),
      "src/app.ts": "export const x = 2;\n",
    },
    remove: ["prompts/gone.prompt.yml"],
    rename: [["prompts/old-name.prompt.yml", "prompts/new-name.prompt.yml"]],
  });
  const source = new LocalGitSource(repo.dir);
  const policy = { ...defaultPolicy(), limits: { max_file_bytes: 1000 } };

  it("lists added, modified, removed and renamed files with their line numbers", async () => {
    const { files } = await source.changedFiles(base, head);
    const byPath = Object.fromEntries(files.map((f) => [f.path, f]));
    expect(byPath["prompts/a.prompt.yml"]!.status).toBe("modified");
    // Line 5 of the file is "line 2 changed" (3 lines of YAML header before the block), line 7 is added.
    expect(byPath["prompts/a.prompt.yml"]!.addedLines).toEqual([5, 7]);
    expect(byPath["prompts/a.prompt.yml"]!.removedLines).toEqual([5]);
    expect(byPath["prompts/gone.prompt.yml"]!.status).toBe("removed");
    expect(byPath["prompts/gone.prompt.yml"]!.removedLines).toEqual([1, 2, 3, 4]);
    expect(byPath["prompts/new-name.prompt.yml"]).toMatchObject({ status: "renamed", previousPath: "prompts/old-name.prompt.yml", addedLines: [] });
    expect(byPath["prompts/new.prompt.yml"]!.addedLines).toEqual([1, 2, 3, 4]);
  });

  it("keeps only templates, reads both sides, and reports binary and huge files instead of skipping them", async () => {
    const cs = await buildChangeSet(source, base, head, policy);
    expect(cs.files.map((f) => f.path)).toContain("src/app.ts");
    const t = Object.fromEntries(cs.templates.map((c) => [c.path, c]));
    expect(Object.keys(t).sort()).toEqual(["prompts/a.prompt.yml", "prompts/blob.prompt", "prompts/gone.prompt.yml", "prompts/huge.prompt.yml", "prompts/new-name.prompt.yml", "prompts/new.prompt.yml"]);
    expect(t["prompts/blob.prompt"]!.new!.unreadable).toEqual({ reason: "binary", size: 4 });
    expect(t["prompts/huge.prompt.yml"]!.new!.unreadable!.reason).toBe("too-large");
    expect(t["prompts/gone.prompt.yml"]!.new).toBeUndefined();
    expect(t["prompts/gone.prompt.yml"]!.old!.text).toContain("to be deleted");
    expect(t["prompts/new-name.prompt.yml"]!.old!.text).toContain("across the rename");
    expect(t["prompts/a.prompt.yml"]!.new!.template!.messages[0]!.text).toContain("line four added");
  });

  it("reads the same contents when git's output is read in parts (a huge blob among them) as when it is read at once", async () => {
    const requests = [
      { path: "prompts/a.prompt.yml", ref: head }, { path: "prompts/huge.prompt.yml", ref: head }, { path: "prompts/blob.prompt", ref: head },
      { path: "prompts/missing.prompt.yml", ref: head }, { path: "prompts", ref: head }, { path: "prompts/a.prompt.yml", ref: base },
    ];
    const atOnce = await new LocalGitSource(repo.dir).readFiles(requests, 1000);
    const inParts = await new LocalGitSource(repo.dir, 0).readFiles(requests, 1000);
    expect([...inParts]).toEqual([...atOnce]);
    const kinds = requests.map((r) => atOnce.get(`${r.ref}:${r.path}`)?.kind);
    expect(kinds).toEqual(["text", "too-large", "binary", "missing", "missing", "text"]);
    expect(atOnce.get(`${head}:prompts/a.prompt.yml`)).toMatchObject({ kind: "text", text: prompt("line one\nline 2 changed\nline three\nline four added") });
  });

  it("compares with the base itself when the two histories share no commit", async () => {
    const r = repoWithFiles({ "prompts/a.md": "one\ntwo\n" });
    try {
      const b = git(r.dir, "rev-parse", "HEAD");
      git(r.dir, "checkout", "-q", "--orphan", "unrelated");
      git(r.dir, "rm", "-q", "-rf", ".");
      writeFiles(r.dir, { "prompts/a.md": "one\n2\n", "prompts/b.md": "new\n" });
      git(r.dir, "add", "-A");
      git(r.dir, "commit", "-q", "-m", "unrelated");
      const source = new LocalGitSource(r.dir);
      const { files, mergeBase } = await source.changedFiles(b, git(r.dir, "rev-parse", "HEAD"));
      expect(mergeBase).toBe(b);
      expect(Object.fromEntries(files.map((f) => [f.path, [f.status, f.addedLines]]))).toEqual({ "prompts/a.md": ["modified", [2]], "prompts/b.md": ["added", [1]] });
    } finally {
      r.cleanup();
    }
  });

  it("gives line numbers for paths with spaces and non-ASCII letters (git quotes them and ends their headers with a tab)", async () => {
    const r = repoWithFiles({ "prompts/plain.md": "one\n" });
    try {
      const b = git(r.dir, "rev-parse", "HEAD");
      const h = commitOnBranch(r.dir, "change", { write: { "prompts/with space.md": "Hello\nSend it to jane.doe@acmecorp.io\n", "prompts/café menu.md": "Bonjour\n", "prompts/plain.md": "one\ntwo\n" } });
      const { files } = await new LocalGitSource(r.dir).changedFiles(b, h);
      const byPath = Object.fromEntries(files.map((f) => [f.path, f.addedLines]));
      expect(byPath).toEqual({ "prompts/with space.md": [1, 2], "prompts/café menu.md": [1], "prompts/plain.md": [2] });
    } finally {
      r.cleanup();
    }
  });

  it("measures from the merge base, as a pull request does", async () => {
    // A commit on main after the branch point must not show up as a change of the branch.
    git(repo.dir, "checkout", "-q", "main");
    commitOnBranch(repo.dir, "main", { write: { "prompts/main-only.prompt.yml": prompt("only on main") } });
    const mainTip = git(repo.dir, "rev-parse", "HEAD");
    const { files } = await source.changedFiles(mainTip, head);
    expect(files.map((f) => f.path)).not.toContain("prompts/main-only.prompt.yml");
  });

  it("reads the old side of a template at the merge base, not at a base branch that moved on", async () => {
    git(repo.dir, "checkout", "-q", "main");
    commitOnBranch(repo.dir, "main", { write: { "prompts/a.prompt.yml": prompt("edited on main after the branch point") } });
    const movedBase = git(repo.dir, "rev-parse", "HEAD");
    const cs = await buildChangeSet(source, movedBase, head, policy);
    const a = cs.templates.find((t) => t.path === "prompts/a.prompt.yml")!;
    expect(a.old!.text).toContain("line two\n");
    expect(a.old!.text).not.toContain("edited on main");
  });

  it("resolves refs and rejects unknown ones with a clear message", async () => {
    await expect(source.resolve("change")).resolves.toBe(head);
    await expect(source.resolve("no-such-branch")).rejects.toThrow("unknown revision `no-such-branch`");
  });
});
