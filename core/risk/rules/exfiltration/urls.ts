/**
 * URLs on a line of template text, with what kind of place they sit in and
 * which template variables they carry. A URL that is rendered (a Markdown
 * image, an <img>) or called (a tool endpoint, a webhook) with a variable in
 * it sends that variable's value to whoever runs the host.
 */

export type UrlPlace =
  | "markdown-image"
  | "markdown-link"
  | "reference"
  | "html-load"
  | "html-link"
  | "field"
  | "bare";

export interface UrlHit {
  /** Offsets in the line, end exclusive. */
  start: number;
  end: number;
  url: string;
  scheme: string;
  /** Lower case, without port or user info; variables kept as written. */
  host: string;
  /** Template variables in the URL (`{{secret}}`, `{x}`, `${x}`, `{% … %}`), as written. */
  variables: string[];
  place: UrlPlace;
  /** For `reference`: its label, lower case. For `field`: the key. For HTML: the tag. */
  label?: string;
}

/**
 * A URL: scheme (or `//` right after `(`, `=` or a quote) then URL characters
 * or whole template expressions, which may contain spaces and pipes
 * (`{{ q | urlencode }}`). Every branch starts on a different character and
 * is bounded, so the scan is linear.
 */
const URL_RE =
  /(?:\b(?:https?|wss?|ftp):\/\/|(?<=[("'=]\s{0,2})\/\/(?=[\w{$]))(?:\{\{\{[^{}\n]{0,200}\}\}\}|\{\{[^{}\n]{0,200}\}\}|\{%[^%\n]{0,200}%\}|\$\{[^{}\n]{0,100}\}|\{[^{}\s]{1,100}\}|[^\s"'<>()[\]{}`\\$])+/gi;
const VARIABLE = /\{\{\{[^{}\n]{0,200}\}\}\}|\{\{[^{}\n]{0,200}\}\}|\{%[^%\n]{0,200}%\}|\$\{[^{}\n]{0,100}\}|\{[^{}\s]{1,100}\}/g;
const FIELD = /^\s*-?\s*["']?([A-Za-z_]*(?:url|uri|endpoint|webhook|callback|hook|href|src|server|target|base|host)[A-Za-z_]*)["']?\s*[:=]/i;
const REFERENCE = /^\s{0,3}\[([^\]\n]{1,200})\]:\s*<?$/;
const LOADING_TAGS = new Set(["img", "image", "source", "iframe", "script", "link", "video", "audio", "object", "embed", "input", "track", "picture", "frame", "meta", "svg", "use", "body", "table", "td", "style"]);
/** A line full of URLs says no more than its first few. */
const MAX_URLS_PER_LINE = 50;

export function variablesIn(url: string): string[] {
  return url.match(VARIABLE) ?? [];
}

function authority(url: string): { scheme: string; host: string } {
  const sep = url.indexOf("//");
  const scheme = sep > 0 ? url.slice(0, sep - 1).toLowerCase() : "";
  let rest = url.slice(sep + 2);
  // The authority ends at the first / ? # outside a template expression.
  let end = rest.length;
  let depth = 0;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!;
    if (c === "{") depth++;
    else if (c === "}") depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === "/" || c === "?" || c === "#")) { end = i; break; }
  }
  rest = rest.slice(0, end);
  const at = rest.lastIndexOf("@");
  if (at >= 0) rest = rest.slice(at + 1);
  const port = /:\d{1,5}$/.exec(rest);
  if (port) rest = rest.slice(0, port.index);
  return { scheme, host: rest.toLowerCase().replace(/\.$/, "") };
}

/** What encloses the URL that starts at `start` of `line`. */
function placeOf(line: string, start: number): { place: UrlPlace; label?: string } {
  const before = line.slice(Math.max(0, start - 600), start);
  // Markdown: `](` right before the URL; the matching `[` decides image or link.
  if (/\]\(\s{0,2}<?$/.test(before)) {
    let depth = 0;
    for (let i = before.lastIndexOf("]") - 1; i >= 0; i--) {
      const c = before[i];
      if (c === "]") depth++;
      else if (c === "[") {
        if (depth === 0) return { place: before[i - 1] === "!" ? "markdown-image" : "markdown-link" };
        depth--;
      }
    }
    return { place: "markdown-link" };
  }
  const ref = REFERENCE.exec(before);
  if (ref) return { place: "reference", label: ref[1]!.toLowerCase().trim() };
  const lt = before.lastIndexOf("<");
  const attr = lt < 0 ? null : /^<([A-Za-z][\w-]{0,20})\b[^<>]*?\b(?:src|srcset|href|action|data|poster|background|formaction|xlink:href|content)\s*=\s*["']?$/i.exec(before.slice(lt));
  if (attr) {
    const tag = attr[1]!.toLowerCase();
    if (LOADING_TAGS.has(tag)) return { place: "html-load", label: tag };
    return { place: "html-link", label: tag };
  }
  const field = FIELD.exec(line.slice(0, start));
  if (field && /^[\s"'=:]*$/.test(line.slice(field.index + field[0].length, start))) return { place: "field", label: field[1]! };
  return { place: "bare" };
}

export function urlsInLine(line: string): UrlHit[] {
  if (!line.includes("//")) return [];
  const out: UrlHit[] = [];
  URL_RE.lastIndex = 0;
  for (let m = URL_RE.exec(line); m && out.length < MAX_URLS_PER_LINE; m = URL_RE.exec(line)) {
    // Trailing punctuation belongs to the sentence, not the URL.
    let url = m[0];
    const trimmed = url.replace(/[.,;:!?*_~]+$/, "");
    url = trimmed.length > 2 ? trimmed : url;
    const start = m.index;
    const end = start + url.length;
    const { scheme, host } = authority(url);
    if (!host) continue;
    out.push({ start, end, url, scheme, host, variables: variablesIn(url), ...placeOf(line, start) });
  }
  return out;
}

/** Labels that a Markdown image uses by reference: `![alt][label]`, `![label][]`, `![label]`. */
export function imageReferenceLabels(text: string): Set<string> {
  const out = new Set<string>();
  const re = /!\[([^\]\n]{0,200})\](?:\[([^\]\n]{0,200})\])?/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.add((m[2] || m[1] || "").toLowerCase().trim());
  return out;
}
