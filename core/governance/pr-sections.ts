/**
 * Sections of a pull request description (`## Rationale`, `## Migration`).
 * PR templates leave placeholders behind — HTML comments, an unticked
 * checklist line, `N/A`, `TODO` — so a section counts as written only when
 * something else is left once those are taken out.
 */

// Patterns here see author-written text: none has two unbounded quantifiers that can trade characters.
const HEADING = /^ {0,3}(#{1,6})(?:[ \t](.*))?$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const LIST_MARKER = /^(?:[-*+]|\d{1,9}[.)])(?=\s|$)/;
const FILLER = new Set(["", "n/a", "na", "todo", "tbd", "none", "...", "…", "-", "--", "---", "_", "__", "___"]);

/** A line that says nothing: a bare list marker, an empty checkbox, `N/A`, `TODO`, `TBD`, `none`. */
function isPlaceholder(line: string): boolean {
  let t = line.trim().replace(LIST_MARKER, "").trim();
  if (t.startsWith("[ ]")) t = t.slice(3).trim();
  if (t.endsWith(".") && t !== "...") t = t.slice(0, -1).trim();
  return FILLER.has(t.toLowerCase());
}

/** A heading's text without the optional closing `#` sequence (CommonMark) and a trailing colon. */
function headingTitle(raw: string): string {
  let t = raw.trim();
  let end = t.length;
  while (end > 0 && t[end - 1] === "#") end--;
  const closing = t.slice(0, end);
  if (closing === "" || /[ \t]$/.test(closing)) t = closing.trim();
  return t.replace(/:$/, "").trim();
}

/**
 * The text under the first heading named `name` (any level, case-insensitive,
 * an optional trailing colon), up to the next heading of the same or a higher
 * level; HTML comments removed. Undefined when there is no such heading.
 */
export function markdownSection(body: string, name: string): string | undefined {
  const text = body.replace(/\r\n?/g, "\n").replace(/<!--[\s\S]*?(?:-->|$)/g, "");
  const lines = text.split("\n");
  const want = name.trim().toLowerCase();
  let level = 0;
  let start = -1;
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const f = FENCE.exec(line);
    if (f) {
      if (!fence) fence = f[1]![0]!;
      else if (f[1]![0] === fence) fence = undefined;
      continue;
    }
    if (fence) continue;
    const h = HEADING.exec(line);
    if (!h) continue;
    const hLevel = h[1]!.length;
    if (start >= 0) {
      if (hLevel <= level) return lines.slice(start, i).join("\n");
      continue;
    }
    if (headingTitle(h[2] ?? "").toLowerCase() === want) {
      level = hLevel;
      start = i + 1;
    }
  }
  return start >= 0 ? lines.slice(start).join("\n") : undefined;
}

/** Whether a section holds real text rather than a template's leftovers. */
export function hasContent(section: string | undefined): boolean {
  if (section === undefined) return false;
  return section.split("\n").some((l) => !isPlaceholder(l));
}

/** Whether `body` has a section `name` with real text in it. */
export const hasSection = (body: string | undefined, name: string): boolean => body !== undefined && hasContent(markdownSection(body, name));
