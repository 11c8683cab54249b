/**
 * Evidence masking. A PR comment, summary, annotation, check run or log must
 * never republish a secret or a personal datum, so rules only ever hand the
 * engine evidence that went through one of these functions.
 */

/** `sk-proj-abc…Q2x9`-style: a short prefix that identifies the kind, the last 4 characters, nothing else. */
export function maskSecret(value: string): string {
  const v = value.trim();
  if (v.length < 12) return "*".repeat(Math.max(4, Math.min(v.length, 8)));
  const prefixMatch = /^[A-Za-z]{2,8}[-_]/.exec(v);
  // A long word prefix on a short value (`password_1234`) would give most of it away: at most half is ever shown.
  const prefix = prefixMatch && (prefixMatch[0].length + 4) * 2 <= v.length ? prefixMatch[0] : v.slice(0, 2);
  return `${prefix}…${v.slice(-4)}`;
}

/** Personal data: keep the shape (first character, separators, length class), hide the content. */
export function maskPersonal(value: string): string {
  const at = value.indexOf("@");
  if (at > 0) {
    const domain = value.slice(at + 1);
    const dot = domain.lastIndexOf(".");
    const tld = dot >= 0 ? domain.slice(dot) : "";
    return `${value[0]}***@${domain[0] ?? ""}***${tld}`;
  }
  // Digits and letters become `•` except the last 2 digits, which help a reviewer find the value.
  let kept = 0;
  const chars = [...value];
  for (let i = chars.length - 1; i >= 0; i--) {
    if (/[0-9A-Za-z]/.test(chars[i]!)) {
      if (kept < 2 && /[0-9]/.test(chars[i]!)) kept++;
      else chars[i] = "•";
    }
  }
  return chars.join("");
}

/** Shorten long non-sensitive evidence (e.g. an injection phrase) for display. */
export function clip(value: string, max = 80): string {
  const v = value.replace(/\s+/g, " ").trim();
  return v.length <= max ? v : `${v.slice(0, max - 1)}…`;
}
