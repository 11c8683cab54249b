import type { PromptTemplate } from "../../../templates/model.js";

function lastLine(text: string, startLine: number): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < text.length - 1; i = text.indexOf("\n", i + 1)) n++;
  return startLine + n;
}

/**
 * Which head lines are message text (what the model is sent) rather than
 * metadata, test data or samples. Without a parsed template every line counts
 * as message text: a rule must not go quiet because a parse failed. The
 * ranges are computed on first use, which is only ever for a hit.
 */
export function messageLineTest(template: PromptTemplate | undefined): (line: number) => boolean {
  if (!template || !template.messages.length) return () => true;
  let ranges: (readonly [number, number])[] | undefined;
  return (line) => {
    ranges ??= template.messages.map((m) => [m.startLine, lastLine(m.text, m.startLine)] as const);
    return ranges.some(([a, b]) => line >= a && line <= b);
  };
}
