/**
 * Added (head) and removed (base) line numbers from the hunks of a unified
 * diff, context lines included: the `patch` GitHub returns for a pull-request
 * file. Lines are 1-based. (The local source asks git for `-U0` and reads the
 * hunk headers alone.)
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

/**
 * The old text of a file from its new text and the unified diff between them
 * (GitHub's pull-request `patch`, which is taken against the merge base). This
 * gives the merge-base version without another API request. Returns undefined
 * when the patch does not fit the text, so the caller can read the file instead.
 */
export function reverseApplyPatch(newText: string, patch: string): string | undefined {
  const newEndsWithNewline = newText.endsWith("\n");
  const lines = newText.length === 0 ? [] : (newEndsWithNewline ? newText.slice(0, -1) : newText).split("\n");
  interface Hunk { newStart: number; newLines: string[]; oldLines: string[] }
  const hunks: Hunk[] = [];
  let current: Hunk | undefined;
  let last: "+" | "-" | " " | undefined;
  let oldNoNewline = false;
  let newNoNewline = false;
  for (const line of patch.split("\n")) {
    const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (m) { current = { newStart: Number(m[1]), newLines: [], oldLines: [] }; hunks.push(current); continue; }
    if (!current) continue;
    const tag = line[0];
    if (tag === " ") { current.newLines.push(line.slice(1)); current.oldLines.push(line.slice(1)); last = " "; }
    else if (tag === "+") { current.newLines.push(line.slice(1)); last = "+"; }
    else if (tag === "-") { current.oldLines.push(line.slice(1)); last = "-"; }
    else if (tag === "\\") { if (last === "-") oldNoNewline = true; else if (last === "+") newNoNewline = true; else { oldNoNewline = true; newNoNewline = true; } }
  }
  if (newNoNewline === newEndsWithNewline && hunks.length && lines.length) return undefined;
  const out = [...lines];
  for (const h of [...hunks].reverse()) {
    // A hunk that adds lines to an empty file starts at 0.
    const start = Math.max(0, h.newStart - (h.newLines.length ? 1 : 0));
    for (let i = 0; i < h.newLines.length; i++) if (out[start + i] !== h.newLines[i]) return undefined;
    out.splice(start, h.newLines.length, ...h.oldLines);
  }
  if (out.length === 0) return "";
  // Without a "\ No newline" marker on the old side, the old file ended with a newline.
  return out.join("\n") + (oldNoNewline ? "" : "\n");
}
