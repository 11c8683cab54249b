import { diffLines } from "diff";

/**
 * Added (head) and removed (base) line numbers between two texts, for data
 * sources that have both sides but no patch (tests, the GitHub contents API).
 * Lines are 1-based.
 */
export function lineChanges(oldText: string | undefined, newText: string | undefined): { added: number[]; removed: number[] } {
  const added: number[] = [];
  const removed: number[] = [];
  if (oldText === undefined && newText === undefined) return { added, removed };
  if (oldText === undefined) return { added: range(countLines(newText!)), removed };
  if (newText === undefined) return { added, removed: range(countLines(oldText)) };
  let oldLine = 1;
  let newLine = 1;
  for (const part of diffLines(oldText, newText)) {
    const n = part.count ?? countLines(part.value);
    if (part.added) for (let i = 0; i < n; i++) added.push(newLine++);
    else if (part.removed) for (let i = 0; i < n; i++) removed.push(oldLine++);
    else { oldLine += n; newLine += n; }
  }
  return { added, removed };
}

export function countLines(text: string): number {
  if (text.length === 0) return 0;
  let n = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return text.endsWith("\n") ? n - 1 : n;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
