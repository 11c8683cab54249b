/**
 * Offsets → 1-based line/column for one file. Line starts are computed once
 * per file so that every position lookup is a binary search, never a rescan
 * (thousands of files are parsed per run).
 */
export interface Position {
  line: number;
  column: number;
}

export class LineIndex {
  /** Offset of the first character of each line; `starts[0]` is 0. */
  readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    let i = text.indexOf("\n");
    while (i !== -1) {
      starts.push(i + 1);
      i = text.indexOf("\n", i + 1);
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 1-based line of `offset` (clamped to the text). */
  line(offset: number): number {
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  position(offset: number): Position {
    const line = this.line(offset);
    return { line, column: Math.max(0, offset - this.starts[line - 1]!) + 1 };
  }

  /** Offset of the first character of 1-based `line`. */
  lineStart(line: number): number {
    return this.starts[Math.min(Math.max(line, 1), this.starts.length) - 1]!;
  }

  /** Offset just past the last character of 1-based `line`, before its `\n` (and `\r`). */
  lineEnd(line: number): number {
    const next = line < this.starts.length ? this.starts[line]! - 1 : this.text.length;
    return next > 0 && this.text.charCodeAt(next - 1) === 13 && next - 1 >= this.lineStart(line) ? next - 1 : next;
  }
}
