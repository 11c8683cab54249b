/**
 * GitHub Models prompt files substitute `{{name}}` with no logic, so a
 * variable is exactly a name between double braces (spaces trimmed).
 */
import { eachBraced, type VariableHit } from "./hits.js";

const NAME = /^[A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*)*$/;

/** Scans file text [start, end) and appends hits with file offsets. */
export function scanPlainVariables(text: string, start: number, end: number, out: VariableHit[]): void {
  const s = text.slice(start, end);
  eachBraced(s, "{{", "}}", (a, b) => {
    let x = a;
    while (x < b && s[x] === "{") x++;
    const inner = s.slice(x, b);
    const name = inner.trim();
    if (NAME.test(name)) out.push({ name, offset: start + x + (inner.length - inner.trimStart().length) });
  });
}
