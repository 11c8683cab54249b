/**
 * `secret.jwt`: JSON Web Tokens: three base64url parts whose header decodes
 * to a JSON object with an `alg`. A signed token is a bearer credential
 * until it expires; unsigned (`alg: none`, empty signature) tokens and
 * jwt.io's famous example are not findings.
 */
import type { Rule } from "../../rule.js";
import type { RawFinding } from "../../finding.js";
import { DOCUMENTED_EXAMPLES, isAllowlisted } from "./placeholders.js";
import { secretFinding } from "./finding.js";
import { linesMatching } from "../../regex-guard.js";


const HAS_JWT_HEAD = /eyJ/;
// Header and payload both start with `{"` (base64 `eyJ`); parts exclude `.`, so no backtracking across parts.
const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,2000}\.eyJ[A-Za-z0-9_-]{5,8000}\.([A-Za-z0-9_-]{16,2000})(?![A-Za-z0-9_-])/g;

export function jwtHeader(token: string): Record<string, unknown> | undefined {
  const head = token.slice(0, token.indexOf("."));
  try {
    const json = JSON.parse(Buffer.from(head, "base64url").toString("utf8")) as unknown;
    return json && typeof json === "object" && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export const jwtRule: Rule = {
  id: "secret.jwt",
  category: "secret",
  description: "Signed JSON Web Tokens (header decodes to JSON with `alg`).",
  checkFile(input) {
    const out: RawFinding[] = [];
    for (const { line, text } of linesMatching(input.added, HAS_JWT_HEAD)) {
      JWT.lastIndex = 0;
      for (let m = JWT.exec(text); m; m = JWT.exec(text)) {
        const header = jwtHeader(m[0]);
        if (!header || typeof header.alg !== "string" || header.alg.toLowerCase() === "none") continue;
        if (DOCUMENTED_EXAMPLES.has(m[1]!) || isAllowlisted(m[0], input.settings.allowlist)) continue;
        out.push(
          secretFinding(input, {
            rule: "secret.jwt",
            line,
            index: m.index,
            value: m[0],
            severity: "high",
            message: "A signed JSON Web Token in a prompt template is a bearer credential: anyone who reads it can act as its subject until it expires.",
          }),
        );
      }
    }
    return out;
  },
};
