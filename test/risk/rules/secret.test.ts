/**
 * Secret rules. Tokens are assembled from parts at run time so that this file
 * holds nothing a scanner would mistake for a live credential.
 */
import { describe, it, expect } from "@jest/globals";
import { findingsOf } from "../../helpers/rule-input.js";
import { joinParts } from "../../corpus/case.js";
import {
  secretRules,
  providerRules,
  privateKeyRule,
  connectionStringRule,
  jwtRule,
  highEntropyRule,
  customSecretRule,
} from "../../../core/risk/rules/secret/index.js";
import { base62, crc32 } from "../../../core/risk/rules/secret/checksum.js";
import type { Rule } from "../../../core/risk/rule.js";
import type { RawFinding } from "../../../core/risk/finding.js";

const rule = (id: string): Rule => secretRules.find((r) => r.id === id)!;
const all = (text: string, opts = {}): RawFinding[] => secretRules.flatMap((r) => findingsOf(r, text, opts));

/** Deterministic random-looking text (xorshift), so tests are repeatable. */
function randomText(n: number, seed: number, alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"): string {
  let x = seed >>> 0 || 1;
  let s = "";
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    s += alphabet[x % alphabet.length];
  }
  return s;
}
const b64url = (o: object): string => Buffer.from(JSON.stringify(o)).toString("base64url");

const random30 = randomText(30, 11);
const ghp = joinParts("gh", "p_", random30, base62(crc32(random30)));
const npm = joinParts("np", "m_", random30, base62(crc32(random30)));
const tokens: Record<string, [string, string]> = {
  "secret.github-token": [ghp, "critical"],
  "secret.github-fine-grained-token": [joinParts("github", "_pat_", randomText(22, 2), "_", randomText(59, 3)), "critical"],
  "secret.gitlab-token": [joinParts("gl", "pat-", randomText(20, 4)), "critical"],
  "secret.aws-access-key": [joinParts("AK", "IA", randomText(16, 5, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")), "critical"],
  "secret.anthropic-key": [joinParts("sk", "-ant-api03-", randomText(93, 6), "AA"), "critical"],
  "secret.openai-key": [joinParts("sk", "-proj-", randomText(60, 7), "T3Blbk", "FJ", randomText(60, 8)), "critical"],
  "secret.google-api-key": [joinParts("AI", "za", randomText(35, 9)), "critical"],
  "secret.slack-token": [joinParts("xo", "xb-", randomText(12, 10, "0123456789"), "-", randomText(13, 12, "0123456789"), "-", randomText(24, 13)), "critical"],
  "secret.slack-webhook": [joinParts("https://hooks.", "slack.com/services/T", randomText(10, 14, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"), "/B", randomText(10, 15, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"), "/", randomText(24, 16)), "critical"],
  "secret.stripe-key": [joinParts("sk", "_live_", randomText(24, 17)), "critical"],
  "secret.twilio-key": [joinParts("S", "K", randomText(32, 18, "0123456789abcdef")), "high"],
  "secret.sendgrid-key": [joinParts("S", "G.", randomText(22, 19), ".", randomText(43, 20)), "critical"],
  "secret.npm-token": [npm, "critical"],
  "secret.huggingface-token": [joinParts("h", "f_", randomText(34, 21, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")), "critical"],
};

describe("every secret rule", () => {
  it("has a secret.<name> id, the secret category and a description", () => {
    for (const r of secretRules) {
      expect(r.id).toMatch(/^secret\.[a-z0-9-]+$/);
      expect(r.category).toBe("secret");
      expect(r.description.length).toBeGreaterThan(10);
    }
    expect(new Set(secretRules.map((r) => r.id)).size).toBe(secretRules.length);
  });
});

describe("provider tokens", () => {
  it.each(Object.entries(tokens))("%s is found exactly once, by its own rule, masked", (id, [token, severity]) => {
    const text = `intro\nuse ${token} here\n`;
    const f = all(text);
    expect(f.map((x) => [x.rule, x.severity, x.line, x.column])).toEqual([[id, severity, 2, 5]]);
    expect(f[0]!.evidence).not.toContain(token.slice(8, -4));
    expect(f[0]!.evidence!.length).toBeLessThan(16);
    expect(f[0]!.message).not.toContain(token);
    expect(f[0]!.remediation).toMatch(/[Rr]otate|[Rr]evoke/);
  });

  it("has one rule per provider format", () => {
    expect(providerRules.map((r) => r.id)).toEqual(expect.arrayContaining(Object.keys(tokens)));
  });

  it("needs GitHub and npm checksums to match", () => {
    const tampered = ghp.slice(0, -1) + (ghp.endsWith("A") ? "B" : "A");
    expect(findingsOf(rule("secret.github-token"), `token ${tampered}`)).toEqual([]);
    expect(findingsOf(rule("secret.npm-token"), `token ${npm.slice(0, -1)}${npm.endsWith("A") ? "B" : "A"}`)).toEqual([]);
  });

  it("rates Stripe test-mode keys medium", () => {
    const f = findingsOf(rule("secret.stripe-key"), `sandbox ${joinParts("sk", "_test_", randomText(24, 30))}`);
    expect(f.map((x) => x.severity)).toEqual(["medium"]);
    expect(f[0]!.message).toMatch(/test-mode/);
  });

  it("rates other sk- keys with a random body high, not critical", () => {
    const f = findingsOf(rule("secret.openai-key"), `key ${joinParts("sk", "-", randomText(48, 31, "0123456789abcdef"))}`);
    expect(f.map((x) => x.severity)).toEqual(["high"]);
  });

  it("finds an AWS secret key only next to its name, skipping the documented example", () => {
    const key = randomText(40, 32, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
    expect(findingsOf(rule("secret.aws-secret-key"), `aws_secret_access_key = ${key}`)).toHaveLength(1);
    expect(findingsOf(rule("secret.aws-secret-key"), `value = ${key}`)).toEqual([]);
    expect(all("aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")).toEqual([]);
  });

  it.each([
    ["sk- placeholders", "OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx and sk-... and sk-your-key-here-1234567890"],
    ["all-same characters", joinParts("sk", "-", "a".repeat(48))],
    ["masked keys", joinParts("AI", "za", "*".repeat(35))],
    ["Slack docs tokens", joinParts("xo", "xb-", "your-bot-token-here")],
    ["a token glued to a longer word", joinParts("my", "gh", "p_", random30, base62(crc32(random30)))],
    ["publishable keys", joinParts("pk", "_live_", randomText(24, 40))],
  ])("ignores %s", (_, text) => {
    expect(all(text)).toEqual([]);
  });

  it("honours the allowlist, also in masked form", () => {
    const token = tokens["secret.google-api-key"]![0];
    expect(all(`k ${token}`, { settings: { allowlist: [token] } })).toEqual([]);
    expect(all(`k ${token}`, { settings: { allowlist: [`AI…${token.slice(-4)}`] } })).toEqual([]);
  });
});

describe("secret.private-key", () => {
  const body = [randomText(64, 50, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"), randomText(64, 51, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")];
  it("finds a key block with material, critical (encrypted: high)", () => {
    const text = ["Sign with:", "-----BEGIN EC PRIVATE KEY-----", ...body, "-----END EC PRIVATE KEY-----"].join("\n");
    expect(findingsOf(privateKeyRule, text).map((f) => [f.line, f.column, f.severity])).toEqual([[2, 1, "critical"]]);
    const encrypted = ["-----BEGIN ENCRYPTED PRIVATE KEY-----", ...body, "-----END ENCRYPTED PRIVATE KEY-----"].join("\n");
    expect(findingsOf(privateKeyRule, encrypted).map((f) => f.severity)).toEqual(["high"]);
  });
  it("finds a key inside an escaped string on one line", () => {
    expect(findingsOf(privateKeyRule, `{"key": "-----BEGIN PRIVATE KEY-----\\n${body.join("\\n")}\\n-----END PRIVATE KEY-----"}`)).toHaveLength(1);
  });
  it("skips headers around placeholders, and public keys", () => {
    expect(findingsOf(privateKeyRule, "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----")).toEqual([]);
    expect(findingsOf(privateKeyRule, "-----BEGIN RSA PRIVATE KEY-----\n<your key here>\n-----END RSA PRIVATE KEY-----")).toEqual([]);
    expect(all(["-----BEGIN PUBLIC KEY-----", ...body, "-----END PUBLIC KEY-----"].join("\n"))).toEqual([]);
  });
});

describe("secret.connection-string", () => {
  const pw = randomText(16, 60);
  it("finds passwords in URLs and points at the password", () => {
    const text = `db: postgres://analyst:${pw}@warehouse.acme.net:5432/sales`;
    const f = findingsOf(connectionStringRule, text);
    expect(f.map((x) => [x.severity, x.column])).toEqual([["high", text.indexOf(pw) + 1]]);
    expect(f[0]!.evidence).not.toContain(pw.slice(2, -4));
    expect(findingsOf(connectionStringRule, `mongodb+srv://app:${pw}@cluster0.mongodb.net/prod`)).toHaveLength(1);
  });
  it("finds Password= in ADO.NET strings, reported once across rules", () => {
    const text = `Server=tcp:acme.database.windows.net;Database=crm;User ID=reader;Password=${pw};`;
    expect(all(text).map((f) => f.rule)).toEqual(["secret.connection-string"]);
  });
  it.each([
    "postgres://user:password@localhost:5432/app",
    "mysql://root:root@127.0.0.1/test",
    "postgres://${DB_USER}:${DB_PASSWORD}@db.acme.net/app",
    "redis://:$REDIS_PASSWORD@cache.acme.net:6379",
    "https://medium.com/@someone/post and https://example.com:8080/a?email=a@b.io",
    "Server=db;Database=app;User ID=sa;Password={{db_password}};",
  ])("ignores %s", (text) => {
    expect(findingsOf(connectionStringRule, text)).toEqual([]);
  });
});

describe("secret.jwt", () => {
  const sig = randomText(43, 70, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
  it("finds a signed token whose header has alg", () => {
    const token = `${b64url({ alg: "RS256", typ: "JWT" })}.${b64url({ sub: "svc" })}.${sig}`;
    expect(findingsOf(jwtRule, `Bearer ${token}`).map((f) => [f.severity, f.column])).toEqual([["high", 8]]);
    expect(all(`token: ${token}`).map((f) => f.rule)).toEqual(["secret.jwt"]);
  });
  it("skips unsigned tokens, headers without alg and the jwt.io example", () => {
    expect(findingsOf(jwtRule, `${b64url({ alg: "none" })}.${b64url({ sub: "x" })}.${sig}`)).toEqual([]);
    expect(findingsOf(jwtRule, `${b64url({ typ: "JWT" })}.${b64url({ sub: "x" })}.${sig}`)).toEqual([]);
    expect(findingsOf(jwtRule, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")).toEqual([]);
  });
});

describe("secret.high-entropy", () => {
  it.each([
    ["YAML", `api_key: "${randomText(32, 80)}"`],
    ["JSON camelCase", `{"clientSecret": "${randomText(40, 81)}"}`],
    ["env export", `export INTERNAL_API_TOKEN=${randomText(40, 82, "0123456789abcdef")}`],
    ["HTTP header", `Authorization: Bearer ${randomText(48, 83)}`],
    ["a human password", `admin password: ${joinParts("Xk9#", "mQ2!", "vL7p")}`],
    ["prose", `The database password is ${joinParts("Tr0ub4", "dor&3x")}.`],
  ])("finds a credential in %s", (_, text) => {
    const f = findingsOf(highEntropyRule, text);
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe("high");
  });
  it.each([
    ["references", "api_key: ${env:API_KEY}\ntoken: {{api_key}}\nsecret: os.environ['SECRET']\npassword: $DB_PASSWORD"],
    ["placeholders", "api_key: <your-key>\ntoken: YOUR_API_KEY\npassword: changeme\nsecret: ********"],
    ["counts and settings", "max_tokens: 4096\ntoken_limit: 128000\npassword_min_length: 12\nauth_url: https://login.acme.com/token"],
    ["cursors", `next_page_token: ${randomText(32, 84)}`],
    ["words", "password: required\ntoken: optional\nThe secret is kindness."],
    ["short values", "password: abc123"],
    ["file paths", "private_key: ./keys/service-account.json\nsecret_file: /run/secrets/db"],
    ["identifiers", "auth_provider: com.acme.AuthProvider\ntoken: accessTokenFromHeader"],
  ])("ignores %s", (_, text) => {
    expect(findingsOf(highEntropyRule, text)).toEqual([]);
  });
  it("leaves provider tokens to their own rules", () => {
    expect(all(`api_key = "${tokens["secret.google-api-key"]![0]}"`).map((f) => f.rule)).toEqual(["secret.google-api-key"]);
  });
  it("names the variable but never the value in the message", () => {
    const value = randomText(32, 85);
    const [f] = findingsOf(highEntropyRule, `crm_api_key = "${value}"`);
    expect(f!.message).toContain("crm_api_key");
    expect(f!.message).not.toContain(value);
  });
});

describe("secret.custom", () => {
  it("runs the policy's patterns with masked evidence", () => {
    const value = joinParts("ACME", "-", randomText(24, 90));
    const f = findingsOf(customSecretRule, `internal key ${value}`, { settings: { patterns: [{ id: "acme", pattern: "ACME-[A-Za-z0-9]{24}" }] } });
    expect(f.map((x) => [x.rule, x.severity, x.column, x.evidence])).toEqual([["secret.custom", "high", 14, `ACME-…${value.slice(-4)}`]]);
    expect(f[0]!.message).toContain("`acme`");
  });
  it("reports an unusable pattern as an info finding instead of throwing", () => {
    const f = findingsOf(customSecretRule, "x", { settings: { patterns: [{ pattern: "(a)\\1" }] } });
    expect(f.map((x) => x.severity)).toEqual(["info"]);
  });
  it("is the only secret rule that runs patterns", () => {
    const settings = { patterns: [{ pattern: "ACME-\\d{6}" }] };
    expect(all("ACME-123456", { settings }).map((f) => f.rule)).toEqual(["secret.custom"]);
  });
});

