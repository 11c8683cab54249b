/**
 * Labeled secret cases. Every token is assembled at load time from parts and
 * a seeded generator (`joinParts`), GitHub/npm checksums are computed here
 * with this file's own CRC-32, so no real-looking secret sits in the
 * repository for scanners to trip on, and the corpus does not borrow the
 * rule's code to build its answers.
 */
import { joinParts, type CorpusCase } from "./case.js";

/** mulberry32: small, seeded, good enough to make random-looking strings. */
function generator(seed: number): (n: number, alphabet?: string) => string {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (n, alphabet = ALNUM) => {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)];
    return s;
  };
}
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const B64 = ALNUM + "+/";
const URLSAFE = ALNUM + "-_";
const HEX = "0123456789abcdef";
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const DIGITS = "0123456789";
const rnd = generator(20260101);

/** Bitwise CRC-32 (IEEE), independent of the rule's table-driven one. */
function crc32(s: string): number {
  let c = 0xffffffff;
  for (let i = 0; i < s.length; i++) {
    c ^= s.charCodeAt(i);
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
function checksum62(random: string): string {
  const abc = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  let n = crc32(random);
  let s = "";
  do {
    s = abc[n % 62] + s;
    n = Math.floor(n / 62);
  } while (n > 0);
  return s.padStart(6, "0");
}
/** A `pre_` token in GitHub's 2021 format: 30 random characters and their checksum. */
const checksummed = (prefix: string): string => {
  const random = rnd(30);
  return joinParts(prefix, random, checksum62(random));
};

const b64url = (json: object): string => Buffer.from(JSON.stringify(json)).toString("base64url");

const ghp = checksummed("gh" + "p_");
const gho = checksummed("gh" + "o_");
const ghpBadChecksum = joinParts("gh", "p_", rnd(36));
const npmToken = checksummed("np" + "m_");
const finegrained = joinParts("github", "_pat_", rnd(22), "_", rnd(59));
const akia = joinParts("AK", "IA", rnd(16, BASE32));
const awsSecret = rnd(40, B64);
const openaiLegacy = joinParts("sk", "-", rnd(20), "T3Blbk", "FJ", rnd(20));
const openaiProject = joinParts("sk", "-proj-", rnd(74, URLSAFE), "T3Blbk", "FJ", rnd(74, URLSAFE));
const anthropic = joinParts("sk", "-ant-", "api03-", rnd(93, URLSAFE), "AA");
const google = joinParts("AI", "za", rnd(35, URLSAFE));
const slackBot = joinParts("xo", "xb-", rnd(12, DIGITS), "-", rnd(13, DIGITS), "-", rnd(24));
const slackHook = joinParts("https://hooks.", "slack.com/services/", "T", rnd(10, BASE32), "/B", rnd(10, BASE32), "/", rnd(24));
const stripeLive = joinParts("sk", "_live_", rnd(99));
const stripeTest = joinParts("sk", "_test_", rnd(24));
const twilio = joinParts("S", "K", rnd(32, HEX));
const sendgrid = joinParts("S", "G.", rnd(22, URLSAFE), ".", rnd(43, URLSAFE));
const hf = joinParts("h", "f_", rnd(34, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"));
const gitlab = joinParts("gl", "pat-", rnd(20, URLSAFE));
const azureKey = joinParts(rnd(86, B64), "==");
const jwt = joinParts(b64url({ alg: "HS256", typ: "JWT" }), ".", b64url({ sub: "svc-billing", iat: 1767225600, scope: "invoices:write" }), ".", rnd(43, URLSAFE));
const pemBody = [rnd(64, B64), rnd(64, B64), rnd(64, B64), rnd(20, B64) + "=="];

export const cases: CorpusCase[] = [
  // ── positives ─────────────────────────────────────────────────────────────
  { id: "secret-github-01", text: `Use the GitHub tool with token ${ghp} to open issues.\n`, expected: true, note: "classic PAT with a valid checksum" },
  {
    id: "secret-github-02",
    path: "prompts/release.prompt.yml",
    text: ["name: Release notes", "model: openai/gpt-4o-mini", "modelParameters:", "  temperature: 0.2", "messages:", "  - role: system", `    content: 'Call the API with Authorization: token ${gho}'`, ""].join("\n"),
    expected: true,
    note: "OAuth token in a GitHub Models prompt file",
  },
  { id: "secret-github-03", text: `GH_TOKEN=${finegrained}\n`, expected: true, note: "fine-grained PAT" },
  { id: "secret-gitlab-01", text: `gitlab token: ${gitlab}\n`, expected: true, note: "GitLab PAT" },
  { id: "secret-aws-01", text: `Upload the report to S3 using access key ${akia}.\n`, expected: true, note: "AWS access key id" },
  { id: "secret-aws-02", text: `[default]\naws_access_key_id = ${akia}\naws_secret_access_key = ${awsSecret}\n`, expected: true, note: "AWS credentials file pasted in" },
  { id: "secret-aws-03", text: `aws_secret_access_key: "${awsSecret}"\n`, expected: true, note: "secret key alone, in context" },
  { id: "secret-openai-01", text: `OPENAI_API_KEY=${openaiLegacy}\n`, expected: true, note: "legacy OpenAI key with the T3BlbkFJ marker" },
  { id: "secret-openai-02", text: `---\nmodel:\n  api: chat\n  configuration:\n    api_key: ${openaiProject}\n---\nsystem:\nYou are helpful.\n`, path: "prompts/chat.prompty", expected: true, note: "project key in Prompty front matter" },
  { id: "secret-anthropic-01", text: `Set x-api-key: ${anthropic} when calling the fallback model.\n`, expected: true, note: "Anthropic API key" },
  { id: "secret-google-01", text: `Geocode with https://maps.googleapis.com/maps/api/geocode/json?key=${google}&q={{place}}\n`, expected: true, note: "Google API key in a URL" },
  { id: "secret-slack-01", text: `Post the summary to Slack with bot token ${slackBot}.\n`, expected: true, note: "Slack bot token" },
  { id: "secret-slack-02", text: `When done, POST the JSON to ${slackHook}\n`, expected: true, note: "Slack incoming webhook" },
  { id: "secret-stripe-01", text: `Refund tool credentials: ${stripeLive}\n`, expected: true, note: "Stripe live secret key" },
  { id: "secret-stripe-02", text: `For the sandbox use ${stripeTest}.\n`, expected: true, note: "Stripe test key: medium, still a finding" },
  { id: "secret-twilio-01", text: `Twilio API key: ${twilio}\n`, expected: true, note: "Twilio API key SID" },
  { id: "secret-sendgrid-01", text: `Email the digest via SendGrid (${sendgrid}).\n`, expected: true, note: "SendGrid key" },
  { id: "secret-npm-01", text: `//registry.npmjs.org/:_authToken=${npmToken}\n`, expected: true, note: "npm token with checksum in an .npmrc line" },
  { id: "secret-hf-01", text: `Download the adapter with HF token ${hf}.\n`, expected: true, note: "Hugging Face token" },
  { id: "secret-azure-01", text: `DefaultEndpointsProtocol=https;AccountName=acmeprompts;AccountKey=${azureKey};EndpointSuffix=core.windows.net\n`, expected: true, note: "Azure Storage connection string" },
  { id: "secret-pem-01", text: ["Use this key to sign requests:", "-----BEGIN RSA PRIVATE KEY-----", ...pemBody, "-----END RSA PRIVATE KEY-----", ""].join("\n"), expected: true, note: "PEM RSA private key" },
  { id: "secret-pem-02", text: `{"signing_key": "-----BEGIN PRIVATE KEY-----\\n${pemBody.join("\\n")}\\n-----END PRIVATE KEY-----\\n"}\n`, expected: true, note: "PKCS#8 key inside a JSON string" },
  { id: "secret-ssh-01", text: ["-----BEGIN OPENSSH PRIVATE KEY-----", ...pemBody, "-----END OPENSSH PRIVATE KEY-----", ""].join("\n"), expected: true, note: "OpenSSH private key" },
  { id: "secret-conn-01", text: `Query the warehouse at ${joinParts("postgres://", "analyst:", rnd(18), "@warehouse.acme-internal.net:5432/sales")}\n`, expected: true, note: "Postgres URL with password" },
  { id: "secret-conn-02", text: `MONGO_URI=${joinParts("mongodb+srv://", "app_user:", rnd(16), "@cluster0.x1y2z.mongodb.net/prod?retryWrites=true")}\n`, expected: true, note: "MongoDB SRV URL with password" },
  { id: "secret-conn-03", text: `Server=tcp:acme-sql.database.windows.net,1433;Initial Catalog=crm;User ID=crm_reader;Password=${rnd(20, B64)};Encrypt=True;\n`, expected: true, note: "ADO.NET connection string" },
  { id: "secret-jwt-01", text: `Authorization: Bearer ${jwt}\n`, expected: true, note: "signed JWT used as a bearer token" },
  { id: "secret-entropy-01", text: `tools:\n  - name: crm_lookup\n    api_key: "${rnd(32)}"\n`, expected: true, note: "random value assigned to api_key" },
  { id: "secret-entropy-02", text: `{"client_id": "acme-bot", "client_secret": "${rnd(40, URLSAFE)}"}\n`, expected: true, note: "OAuth client secret in JSON" },
  { id: "secret-entropy-03", text: `Log in to the admin console as ops with password: ${joinParts("Xk9#", "mQ2!", "vL7p")}\n`, expected: true, note: "a human password, not random but a secret" },
  { id: "secret-entropy-04", text: `Send header Authorization: Bearer ${rnd(48, B64)}\n`, expected: true, note: "opaque bearer token" },
  { id: "secret-openrouter-01", text: `Fallback provider key: ${joinParts("sk", "-or-v1-", rnd(64, HEX))}\n`, expected: true, note: "another provider's sk- key (OpenRouter shape)" },
  { id: "secret-azure-openai-01", text: `AZURE_OPENAI_API_KEY=${rnd(32, HEX)}\nAZURE_OPENAI_ENDPOINT=https://acme.openai.azure.com/\n`, expected: true, note: "Azure OpenAI key: 32 hex, only the name says what it is" },
  { id: "secret-entropy-05", text: `export INTERNAL_API_TOKEN=${rnd(40, HEX)}\n`, expected: true, note: "hex token in an export line" },

  // ── negatives ─────────────────────────────────────────────────────────────
  { id: "secret-neg-aws-example", text: "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n", expected: false, note: "AWS's documented example keys" },
  { id: "secret-neg-sk-xxxx", text: "Set OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx in your shell.\n", expected: false, note: "placeholder key" },
  { id: "secret-neg-sk-dots", text: "Your key looks like sk-... or sk-proj-…; never paste it here.\n", expected: false, note: "elided key" },
  { id: "secret-neg-your-key", text: "api_key: <your-key>\ntoken: YOUR_API_KEY\n", expected: false, note: "angle-bracket and shouting placeholders" },
  { id: "secret-neg-env-ref", text: "api_key: ${env:OPENAI_API_KEY}\npassword: $DB_PASSWORD\nsecret: '%APP_SECRET%'\n", expected: false, note: "environment references" },
  { id: "secret-neg-template-var", text: "Authenticate with {{api_key}} and the token {{ auth_token }}.\n", expected: false, note: "template variables" },
  { id: "secret-neg-changeme", text: "password: changeme\nadmin_password: ********\ntoken: xxxxxxxxxxxxxxxx\n", expected: false, note: "default and masked values" },
  { id: "secret-neg-same-char", text: "OPENAI_API_KEY=sk-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n", expected: false, note: "all-same-character key" },
  { id: "secret-neg-bad-checksum", text: `Docs example token: ${ghpBadChecksum}\n`, expected: false, note: "ghp_ shape but wrong CRC-32: not an issued token" },
  { id: "secret-neg-max-tokens", text: "modelParameters:\n  max_tokens: 4096\n  token_limit: 128000\n", expected: false, note: "token counts" },
  { id: "secret-neg-prose", text: "Never reveal your API key, password or access token to anyone, even an administrator.\n", expected: false, note: "instructions about secrets" },
  { id: "secret-neg-local-dsn", text: "Example: postgres://user:password@localhost:5432/app and mysql://root:root@127.0.0.1/test\n", expected: false, note: "documentation DSNs with default passwords" },
  { id: "secret-neg-dsn-vars", text: "DATABASE_URL=postgres://${DB_USER}:${DB_PASSWORD}@${DB_HOST}/app\n", expected: false, note: "DSN built from variables" },
  { id: "secret-neg-jwt-io", text: "Paste a token like eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c to decode it.\n", expected: false, note: "jwt.io's example token" },
  { id: "secret-neg-unsigned-jwt", text: `Decode ${b64url({ alg: "none" })}.${b64url({ sub: "demo" })}. for the user.\n`, expected: false, note: "unsigned JWT carries no credential" },
  { id: "secret-neg-uuid", text: "request_id: 550e8400-e29b-41d4-a716-446655440000\ntrace_id: 4bf92f3577b34da6a3ce929d0e0e4736\n", expected: false, note: "ids are not secrets" },
  { id: "secret-neg-commit", text: "Summarise commit 9fceb02d0ae598e95dc970b74767f19372d61af8 and digest sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.\n", expected: false, note: "hashes without a credential name" },
  { id: "secret-neg-data-uri", text: `Logo: data:image/png;base64,${rnd(120, B64)}\n`, expected: false, note: "base64 image data" },
  { id: "secret-neg-env-name", text: "Read the key from the `OPENAI_API_KEY` environment variable, e.g. api_key = os.environ['OPENAI_API_KEY'].\n", expected: false, note: "names of secrets, not secrets" },
  { id: "secret-neg-publishable", text: `Stripe.js uses the publishable key ${joinParts("pk", "_live_", rnd(24))}.\n`, expected: false, note: "Stripe publishable keys are public by design" },
  { id: "secret-neg-pem-placeholder", text: "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n", expected: false, note: "elided key block in docs" },
  { id: "secret-neg-public-key", text: ["-----BEGIN PUBLIC KEY-----", ...pemBody, "-----END PUBLIC KEY-----", ""].join("\n"), expected: false, note: "a public key is meant to be shared" },
  { id: "secret-neg-ssh-pub", text: `Authorised key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${rnd(43, B64)} ops@bastion\n`, expected: false, note: "SSH public key" },
  { id: "secret-neg-password-policy", text: "password_policy: at least 12 characters\npassword_min_length: 12\nauth_url: https://login.acme.com/oauth2/token\n", expected: false, note: "settings about credentials" },
  { id: "secret-neg-stripe-doc", text: `Stripe's docs use ${joinParts("sk", "_test_", "4eC39HqLyjWDarjtT1zdp7dc")} in every example.\n`, expected: false, note: "Stripe's published documentation test key" },
  { id: "secret-neg-password-word", text: "The password is required. Token: optional. Secret: see the vault.\n", expected: false, note: "words after credential names" },
  { id: "secret-neg-page-token", text: `List the next page with next_page_token: ${rnd(32, URLSAFE)}\n`, expected: false, note: "a pagination cursor is called a token but is not a credential" },
  { id: "secret-neg-model-ids", text: "model: claude-3-5-sonnet-20241022\nfallback: gpt-4o-mini-2024-07-18\n", expected: false, note: "model ids" },
];
