/**
 * The policy's allowed hosts (`rules.exfiltration.allowlist`): exact hosts
 * (`docs.example.com`) or a wildcard for subdomains (`*.example.com`, which
 * does not cover `example.com` itself — list both when both are meant).
 * Entries may be written as URLs; scheme, path and port are ignored.
 */
export function hostAllowed(host: string, allowlist: readonly string[] | undefined): boolean {
  if (!allowlist?.length) return false;
  // A variable inside the host ("{{tenant}}.example.com") can only ever be a label, never a dot.
  const h = host.replace(/\{\{[^{}]*\}\}\}?|\{[^{}]*\}|\$\{[^{}]*\}|\{%[^%]*%\}/g, "\u0001").toLowerCase();
  if (/[{}$%]/.test(h)) return false;
  return allowlist.some((raw) => {
    const entry = normaliseEntry(raw);
    if (!entry) return false;
    if (entry.startsWith("*.")) return h.endsWith(entry.slice(1)) && h.length > entry.length - 1;
    if (entry.startsWith(".")) return h.endsWith(entry);
    return h === entry;
  });
}

function normaliseEntry(raw: string): string {
  let e = raw.trim().toLowerCase();
  e = e.replace(/^[a-z][a-z0-9+.-]*:\/\//, "").replace(/^\/\//, "");
  e = e.split(/[/?#]/)[0] ?? "";
  e = e.replace(/:\d+$/, "").replace(/\.$/, "");
  return e;
}
