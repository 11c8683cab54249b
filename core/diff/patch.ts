/**
 * Added (head) and removed (base) line numbers from the hunks of a unified
 * diff: `git diff -U0` output for one file, or the `patch` GitHub returns for
 * a pull-request file. Lines are 1-based.
 */
export function linesFromPatch(patch: string): { added: number[]; removed: number[] } {
  const added: number[] = [];
  const removed: number[] = [];
  let oldLine = 0;
  let newLine = 0;
  let inHunk = false;
  for (const line of patch.split("\n")) {
    if (line.startsWith("@@")) {
      const m = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
      if (!m) { inHunk = false; continue; }
      oldLine = Number(m[1]);
      newLine = Number(m[2]);
      inHunk = true;
      continue;
    }
    if (!inHunk) continue;
    // Walking the hunk body (rather than trusting the counts) also handles patches with context lines.
    if (line.startsWith("+")) added.push(newLine++);
    else if (line.startsWith("-")) removed.push(oldLine++);
    else if (line.startsWith(" ")) { oldLine++; newLine++; }
    else if (line.startsWith("\\")) continue; // "\ No newline at end of file"
    else inHunk = line === "" ? inHunk : false;
  }
  return { added, removed };
}
