/**
 * Principals as the policy and governance metadata name them: `owners` (the
 * owners of the changed templates), a team `org/slug`, or a user `login`,
 * each optionally written with a leading `@`.
 */
export type PrincipalKind = "owners" | "team" | "user";

export const normalizePrincipal = (p: string): string => p.trim().replace(/^@/, "");

export function principalKind(p: string): PrincipalKind {
  const n = normalizePrincipal(p);
  if (n === "owners") return "owners";
  return n.includes("/") ? "team" : "user";
}

/** `@` stripped, each principal once (GitHub logins and team slugs are case-insensitive; the first spelling is kept). */
export function normalizePrincipals(list: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of list) {
    const n = normalizePrincipal(p);
    if (n === "" || seen.has(n.toLowerCase())) continue;
    seen.add(n.toLowerCase());
    out.push(n);
  }
  return out;
}
