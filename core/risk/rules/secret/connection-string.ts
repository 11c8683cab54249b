/**
 * `secret.connection-string`: credentials inside URLs (`postgres://user:pass@host`,
 * `mongodb+srv://…`, `https://user:pass@host`) and ADO.NET / ODBC strings with
 * `Password=`. Placeholders, environment references and well-known local
 * defaults (`postgres:postgres@localhost`) are not findings.
 */
import type { Rule } from "../../rule.js";
import type { RawFinding } from "../../finding.js";
import { isAllowlisted, isPlaceholder } from "./placeholders.js";
import { secretFinding } from "./finding.js";
import { linesMatching } from "../../regex-guard.js";


const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]{1,24}):\/\/([^\s:\/@'"`<>]{1,128}):([^\s@\/'"`<>]{1,256})@([A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])/g;
const ADO_PASSWORD = /(?:^|[;"'\s])(?:Password|Pwd)\s{0,3}=\s{0,3}([^;"'\s]{1,256})/gi;
const ADO_CONTEXT = /(?:Server|Data Source|Host|User ID|UserID|Uid|Initial Catalog|Database|Driver)\s{0,3}=/i;

const HAS_CREDENTIAL_HINT = /:\/\/|passw|pwd/i;

const DEFAULT_PASSWORDS = new Set([
  "password", "pass", "passwd", "pwd", "secret", "postgres", "root", "admin", "test", "example", "changeme", "guest",
  "user", "mysql", "mongo", "redis", "sa", "default", "demo", "dev", "local", "foo", "bar", "mypassword", "yourpassword",
]);
const LOCAL_HOSTS = /^(?:localhost|127\.0\.0\.1|\[::1\]|host|hostname|db|database|example\.(?:com|org|net)|.*\.example\.(?:com|org|net)|.*\.local|.*\.test|.*\.invalid)$/i;

/** An ADO.NET / ODBC style `Key=Value;` string with a password key: reported by this rule, not the generic one. */
export function isKeyValueConnectionString(text: string): boolean {
  return /passw|pwd/i.test(text) && ADO_CONTEXT.test(text);
}

function isPlaceholderPassword(password: string, user: string, host: string): boolean {
  let p = password;
  try {
    p = decodeURIComponent(password);
  } catch {
    // Malformed percent-encoding: judge the raw text.
  }
  if (isPlaceholder(p) || DEFAULT_PASSWORDS.has(p.toLowerCase()) || p.length < 4) return true;
  if (p === user) return true;
  // `$DB_PASSWORD`, `:password` and friends.
  if (/^[$:%]/.test(p)) return true;
  return LOCAL_HOSTS.test(host) && p.length < 12;
}

export const connectionStringRule: Rule = {
  id: "secret.connection-string",
  category: "secret",
  description: "Connection strings and URLs that carry a password (scheme://user:password@host, Password= in ADO.NET strings).",
  checkFile(input) {
    const out: RawFinding[] = [];
    for (const { line, text } of linesMatching(input.added, HAS_CREDENTIAL_HINT)) {
      if (text.indexOf("://") !== -1 && text.indexOf("@") !== -1) {
        URL_CREDENTIALS.lastIndex = 0;
        for (let m = URL_CREDENTIALS.exec(text); m; m = URL_CREDENTIALS.exec(text)) {
          const [, scheme, user, password, host] = m as unknown as [string, string, string, string, string];
          if (isPlaceholderPassword(password, user, host) || isAllowlisted(m[0], input.settings.allowlist) || isAllowlisted(password, input.settings.allowlist)) continue;
          out.push(
            secretFinding(input, {
              rule: "secret.connection-string",
              line,
              index: m.index + scheme.length + 3 + user.length + 1,
              value: password,
              severity: "high",
              message: `A ${scheme} URL in a prompt template carries a password: anyone reading the repository or the rendered prompt can log in to that service.`,
            }),
          );
        }
      }
      if (isKeyValueConnectionString(text)) {
        ADO_PASSWORD.lastIndex = 0;
        for (let m = ADO_PASSWORD.exec(text); m; m = ADO_PASSWORD.exec(text)) {
          const password = m[1]!;
          if (isPlaceholderPassword(password, "", "") || isAllowlisted(password, input.settings.allowlist)) continue;
          out.push(
            secretFinding(input, {
              rule: "secret.connection-string",
              line,
              index: m.index + m[0].indexOf(password),
              value: password,
              severity: "high",
              message: "A database connection string in a prompt template carries a password: anyone reading the repository or the rendered prompt can log in to that database.",
            }),
          );
        }
      }
    }
    return out;
  },
};
