/**
 * Provider tokens, recognised by their published formats. One rule per
 * provider (`secret.github-token`, `secret.aws-access-key`…) so a policy can
 * tune each; every rule is a cheap substring prefilter on the line, then one
 * bounded regex, then the format's own checks (checksum, marker, entropy) and
 * the placeholder filter. Live credentials are critical, test-mode keys medium.
 */
import type { Rule } from "../../rule.js";
import type { RawFinding, Severity } from "../../finding.js";
import { base62ChecksumValid } from "./checksum.js";
import { isAllowlisted, isPlaceholder, shannonEntropy } from "./placeholders.js";
import { secretFinding } from "./finding.js";
import { linesMatching } from "../../regex-guard.js";


export interface ProviderSpec {
  id: string;
  /** What the credential is, for the message ("a GitHub personal access token"). */
  what: string;
  description: string;
  /** The line must contain one of these (case-sensitive) before the regex runs. */
  quick: readonly string[];
  /** Global, bounded, with lookarounds for token boundaries. */
  re: RegExp;
  /** Index of the capture group holding the token's random part (for placeholder checks); 0 = whole match. */
  body?: number;
  /** Index of the group holding the value to report, when it is not the whole match. */
  value?: number;
  /** Severity of a confirmed match, or undefined when the format's own checks reject it. */
  judge(m: RegExpExecArray): Severity | undefined;
  /** Overrides the default message for a match. */
  message?(m: RegExpExecArray): string | undefined;
}

const liveMessage = (what: string): string =>
  `${what[0]!.toUpperCase()}${what.slice(1)} in a prompt template is a usable credential: anyone who can read the repository or the rendered prompt (including the model provider's logs) can use it.`;

const hasMix = (s: string): boolean => /[a-z]/.test(s) && /[A-Z]/.test(s) && /\d/.test(s);
const critical = (): Severity => "critical";

export const PROVIDERS: readonly ProviderSpec[] = [
  {
    id: "secret.github-token",
    what: "a GitHub token",
    description: "GitHub tokens (ghp_, gho_, ghu_, ghs_, ghr_) with a valid CRC-32 checksum.",
    quick: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
    re: /(?<![A-Za-z0-9_])gh[pousr]_([A-Za-z0-9]{36})(?![A-Za-z0-9_])/g,
    body: 1,
    judge: (m) => (base62ChecksumValid(m[0]) ? "critical" : undefined),
  },
  {
    id: "secret.github-fine-grained-token",
    what: "a GitHub fine-grained personal access token",
    description: "GitHub fine-grained personal access tokens (github_pat_).",
    quick: ["github_pat_"],
    re: /(?<![A-Za-z0-9_])github_pat_([A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![A-Za-z0-9_])/g,
    body: 1,
    judge: critical,
  },
  {
    id: "secret.gitlab-token",
    what: "a GitLab personal access token",
    description: "GitLab personal access tokens (glpat-).",
    quick: ["glpat-"],
    re: /(?<![A-Za-z0-9_-])glpat-([A-Za-z0-9_-]{20,64}(?:\.[0-9a-z]{2}\.[0-9a-z]{6,12})?)(?![A-Za-z0-9_-])/g,
    body: 1,
    judge: (m) => (shannonEntropy(m[1]!) >= 3.2 ? "critical" : undefined),
  },
  {
    id: "secret.aws-access-key",
    what: "an AWS access key id",
    description: "AWS access key ids (AKIA…, ASIA… and other key-id prefixes), documented examples excepted.",
    quick: ["AKIA", "ASIA", "ABIA", "ACCA"],
    re: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)([A-Z2-7]{16})(?![A-Za-z0-9])/g,
    body: 1,
    // 16 characters from 32 symbols: random ones average ~3.6 bits, so only obvious patterns fall under 2.5.
    judge: (m) => (shannonEntropy(m[1]!) >= 2.5 ? "critical" : undefined),
  },
  {
    id: "secret.aws-secret-key",
    what: "an AWS secret access key",
    description: "AWS secret access keys (40 characters assigned to an aws_secret_access_key-like name).",
    quick: ["ecret", "ECRET"],
    re: /(?:aws_?secret_?access_?key|aws_?secret_?key|secret_?access_?key|aws_?secret)["']?\s{0,4}(?:[:=]|=>)\s{0,4}["']?([A-Za-z0-9\/+]{40})(?![A-Za-z0-9\/+=])/gi,
    body: 1,
    value: 1,
    judge: (m) => (shannonEntropy(m[1]!) >= 4 && /\d/.test(m[1]!) ? "critical" : undefined),
  },
  {
    id: "secret.anthropic-key",
    what: "an Anthropic API key",
    description: "Anthropic API and admin keys (sk-ant-api03-…).",
    quick: ["sk-ant-"],
    re: /(?<![A-Za-z0-9_-])sk-ant-(?:api|admin|oat|ort)\d\d-([A-Za-z0-9_-]{80,120})(?![A-Za-z0-9_-])/g,
    body: 1,
    judge: (m) => (shannonEntropy(m[1]!) >= 4 ? "critical" : undefined),
  },
  {
    id: "secret.openai-key",
    what: "an OpenAI API key",
    description: "OpenAI API keys (sk-…T3BlbkFJ…, sk-proj-, sk-svcacct-, sk-admin-) and other sk- keys of OpenAI-compatible providers.",
    quick: ["sk-"],
    re: /(?<![A-Za-z0-9_-])sk-(?!ant-)(?:(proj|svcacct|admin)-)?([A-Za-z0-9_-]{20,300})(?![A-Za-z0-9_-])/g,
    body: 2,
    judge: (m) => {
      const body = m[2]!;
      if (body.includes("T3BlbkFJ")) return "critical";
      const h = shannonEntropy(body);
      if (m[1] && body.length >= 40 && h >= 4) return "critical";
      // Other providers reuse `sk-` (DeepSeek, Moonshot, OpenRouter `sk-or-`…): a long random body is still a key.
      // Threshold near the 0.1th percentile of random 32-character hex (mean ≈ 3.6 bits).
      if (body.length >= 32 && h >= 3 && /\d/.test(body) && /[a-zA-Z]/.test(body)) return "high";
      return undefined;
    },
    message: (m) => (m[2]!.includes("T3BlbkFJ") || m[1] ? undefined : liveMessage("an `sk-` API key (OpenAI-compatible provider format)")),
  },
  {
    id: "secret.google-api-key",
    what: "a Google API key",
    description: "Google API keys (AIza + 35 characters).",
    quick: ["AIza"],
    re: /(?<![A-Za-z0-9_-])AIza([0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])/g,
    body: 1,
    judge: (m) => (shannonEntropy(m[1]!) >= 3.5 ? "critical" : undefined),
  },
  {
    id: "secret.slack-token",
    what: "a Slack token",
    description: "Slack bot, user, app and refresh tokens (xoxb-, xoxp-, xoxa-, xoxe-, xoxr-, xoxs-).",
    quick: ["xox"],
    re: /(?<![A-Za-z0-9-])xox[abeoprs]-([0-9A-Za-z-]{10,250})(?![A-Za-z0-9-])/g,
    body: 1,
    // Real Slack tokens carry numeric workspace/user ids.
    judge: (m) => (/\d{6,}/.test(m[1]!) && /[A-Za-z]/.test(m[1]!) ? "critical" : undefined),
  },
  {
    id: "secret.slack-webhook",
    what: "a Slack incoming webhook URL",
    description: "Slack incoming webhook URLs (hooks.slack.com/services/T…/B…/…).",
    quick: ["hooks.slack.com"],
    re: /https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/T[A-Z0-9]{6,12}\/[A-Z0-9]{6,12}\/([A-Za-z0-9]{16,40})(?![A-Za-z0-9])/g,
    body: 1,
    judge: critical,
  },
  {
    id: "secret.stripe-key",
    what: "a Stripe secret key",
    description: "Stripe secret and restricted keys (sk_live_, rk_live_: critical; sk_test_, rk_test_: medium).",
    quick: ["k_live_", "k_test_"],
    re: /(?<![A-Za-z0-9_])[sr]k_(live|test)_([0-9A-Za-z]{16,247})(?![A-Za-z0-9_])/g,
    body: 2,
    judge: (m) => (shannonEntropy(m[2]!) < 3.3 ? undefined : m[1] === "live" ? "critical" : "medium"),
    message: (m) =>
      m[1] === "test"
        ? "A Stripe test-mode key in a prompt template is a credential for your Stripe test account: lower risk than a live key, but anyone reading it can act on that account."
        : undefined,
  },
  {
    id: "secret.twilio-key",
    what: "a Twilio API key",
    description: "Twilio API key SIDs (SK + 32 hex).",
    quick: ["SK"],
    re: /(?<![A-Za-z0-9])SK([0-9a-f]{32})(?![A-Za-z0-9])/g,
    body: 1,
    judge: (m) => (shannonEntropy(m[1]!) >= 3 ? "high" : undefined),
  },
  {
    id: "secret.sendgrid-key",
    what: "a SendGrid API key",
    description: "SendGrid API keys (SG.<22>.<43>).",
    quick: ["SG."],
    re: /(?<![A-Za-z0-9_-])SG\.([A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g,
    body: 1,
    judge: (m) => (shannonEntropy(m[1]!) >= 4 ? "critical" : undefined),
  },
  {
    id: "secret.npm-token",
    what: "an npm access token",
    description: "npm access tokens (npm_) with a valid CRC-32 checksum.",
    quick: ["npm_"],
    re: /(?<![A-Za-z0-9_])npm_([A-Za-z0-9]{36})(?![A-Za-z0-9_])/g,
    body: 1,
    judge: (m) => (base62ChecksumValid(m[0]) ? "critical" : undefined),
  },
  {
    id: "secret.huggingface-token",
    what: "a Hugging Face access token",
    description: "Hugging Face access tokens (hf_ + 34 characters).",
    quick: ["hf_"],
    re: /(?<![A-Za-z0-9_])hf_([A-Za-z0-9]{34})(?![A-Za-z0-9_])/g,
    body: 1,
    judge: (m) => (shannonEntropy(m[1]!) >= 3.8 && /[a-z]/.test(m[1]!) && /[A-Z]/.test(m[1]!) ? "critical" : undefined),
  },
  {
    id: "secret.azure-storage-key",
    what: "an Azure Storage account key",
    description: "Azure Storage account keys (AccountKey=… in connection strings).",
    quick: ["AccountKey"],
    re: /AccountKey\s{0,2}=\s{0,2}([A-Za-z0-9+\/]{86}==)/g,
    body: 1,
    value: 1,
    judge: (m) => (hasMix(m[1]!) ? "critical" : undefined),
  },
];

/** Whether `value` is itself a provider token (so generic rules leave it to the provider rule). */
export function isProviderToken(value: string): boolean {
  for (const spec of PROVIDERS) {
    if (spec.id === "secret.aws-secret-key" || spec.id === "secret.azure-storage-key") continue;
    if (!spec.quick.some((q) => value.includes(q))) continue;
    spec.re.lastIndex = 0;
    const m = spec.re.exec(value);
    spec.re.lastIndex = 0;
    if (m && m.index === 0 && m[0].length === value.length) return true;
  }
  return false;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Any provider's quick substring: one test per line for all provider rules together. */
export const PROVIDER_HINT = new RegExp(
  [...new Set(PROVIDERS.flatMap((p) => p.quick))].map(escapeRegExp).join("|"),
);

export function providerRule(spec: ProviderSpec): Rule {
  return {
    id: spec.id,
    category: "secret",
    description: spec.description,
    checkFile(input) {
      const out: RawFinding[] = [];
      for (const { line, text } of linesMatching(input.added, PROVIDER_HINT)) {
        if (!spec.quick.some((q) => text.includes(q))) continue;
        spec.re.lastIndex = 0;
        for (let m = spec.re.exec(text); m; m = spec.re.exec(text)) {
          const body = m[spec.body ?? 0]!;
          const value = m[spec.value ?? 0]!;
          if (isPlaceholder(body) || isPlaceholder(value)) continue;
          if (isAllowlisted(value, input.settings.allowlist)) continue;
          const severity = spec.judge(m);
          if (!severity) continue;
          const index = spec.value ? m.index + m[0].indexOf(value) : m.index;
          out.push(secretFinding(input, { rule: spec.id, line, index, value, severity, message: spec.message?.(m) ?? liveMessage(spec.what) }));
        }
      }
      return out;
    },
  };
}

export const providerRules: Rule[] = PROVIDERS.map(providerRule);
