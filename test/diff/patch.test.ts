import { describe, it, expect } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { linesFromPatch, reverseApplyPatch } from "../../core/diff/patch.js";

/** The patch git (and so GitHub) produces between two texts, with its default 3 lines of context. */
function gitPatch(oldText: string, newText: string): string {
  const dir = mkdtempSync(join(tmpdir(), "promptops-patch-"));
  writeFileSync(join(dir, "a"), oldText);
  writeFileSync(join(dir, "b"), newText);
  let out = "";
  try { execFileSync("git", ["diff", "--no-index", "--no-color", "a", "b"], { cwd: dir }); } catch (e) { out = String((e as { stdout: Buffer }).stdout); }
  // GitHub's `patch` field starts at the first hunk.
  return out.slice(out.indexOf("@@"));
}

const lines = (n: number, tag = "line") => Array.from({ length: n }, (_, i) => `${tag} ${i + 1}`).join("\n") + "\n";

describe("reverse-applying a pull request patch gives the merge-base text", () => {
  const cases: [string, string, string][] = [
    ["one changed line in the middle", lines(20), lines(20).replace("line 10\n", "line ten\n")],
    ["lines added at the end", lines(5), lines(5) + "extra 1\nextra 2\n"],
    ["lines removed at the start", lines(8), lines(8).split("\n").slice(3).join("\n")],
    ["several hunks far apart", lines(60), lines(60).replace("line 2\n", "two\n").replace("line 30\n", "").replace("line 55\n", "line 55\ninserted\n")],
    ["new file lost its trailing newline", lines(4), lines(4).slice(0, -1)],
    ["old file had no trailing newline", lines(4).slice(0, -1), lines(4) + "more\n"],
    ["everything replaced", "a\nb\n", "c\nd\ne\n"],
  ];
  it.each(cases)("%s", (_name, oldText, newText) => {
    const patch = gitPatch(oldText, newText);
    expect(reverseApplyPatch(newText, patch)).toBe(oldText);
  });

  it("returns undefined when the patch does not fit the text", () => {
    const patch = gitPatch(lines(10), lines(10).replace("line 5\n", "five\n"));
    expect(reverseApplyPatch(lines(10).replace("line 5\n", "FIVE\n"), patch)).toBeUndefined();
  });

  it("line numbers of a patch with context lines count only + and - lines", () => {
    const patch = gitPatch(lines(20), lines(20).replace("line 10\n", "line ten\n"));
    expect(linesFromPatch(patch)).toEqual({ added: [10], removed: [10] });
  });
});
