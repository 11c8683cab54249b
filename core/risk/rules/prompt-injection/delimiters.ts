/**
 * Whether a span of message text is fenced off as data: inside an XML-style
 * element (`<user_input>{{user_input}}</user_input>`), a fenced block
 * (``` ~~~ """ '''), or between BEGIN/END marker lines. Plain quotes do not
 * count: the data itself can close them.
 */
export function isDelimited(text: string, start: number, end: number): boolean {
  return insideElement(text, start, end) || insideFence(text, start, end) || betweenMarkers(text, start, end);
}

const TAG = /<(\/?)([A-Za-z][\w.:-]{0,60})(?:\s[^<>]{0,300})?>/g;

function insideElement(text: string, start: number, end: number): boolean {
  const open: string[] = [];
  TAG.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TAG.exec(text)) && m.index < start) {
    if (m[0].endsWith("/>")) continue;
    const name = m[2]!.toLowerCase();
    if (m[1]) { const k = open.lastIndexOf(name); if (k >= 0) open.length = k; }
    else open.push(name);
  }
  if (!open.length) return false;
  const rest = text.slice(end).toLowerCase();
  return open.some((name) => rest.includes(`</${name}>`));
}

const FENCES = ["```", "~~~", '"""', "'''"];

function insideFence(text: string, start: number, end: number): boolean {
  return FENCES.some((f) => {
    let count = 0;
    for (let i = text.indexOf(f); i >= 0 && i < start; i = text.indexOf(f, i + f.length)) count++;
    return count % 2 === 1 && text.indexOf(f, end) >= 0;
  });
}

/** "-----BEGIN USER INPUT-----" on the line before, "-----END USER INPUT-----" on the line after. */
function betweenMarkers(text: string, start: number, end: number): boolean {
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const lineEnd = text.indexOf("\n", end);
  const before = text.slice(Math.max(0, lineStart - 300), lineStart).split("\n").filter((l) => l.trim()).pop() ?? "";
  const after = lineEnd < 0 ? "" : text.slice(lineEnd + 1, lineEnd + 300).split("\n").find((l) => l.trim()) ?? "";
  return /\b(?:BEGIN|START)\b/.test(before) && /\bEND\b/.test(after);
}
