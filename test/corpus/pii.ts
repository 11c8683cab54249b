/**
 * Labeled PII cases: literal personal data in prompt templates, and variables
 * that carry it, against numbers and strings that only look like it. Card
 * numbers and IBANs are computed here (check digits at load time) so that the
 * corpus states the intent ("a valid Visa number") rather than a magic string.
 */
import type { CorpusCase } from "./case.js";

/** Append the Luhn check digit to a partial card number. */
function withLuhn(partial: string): string {
  let sum = 0;
  for (let i = 0; i < partial.length; i++) {
    let d = Number(partial[partial.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return partial + String((10 - (sum % 10)) % 10);
}

/** The wrong check digit: same number, last digit off by one. */
const breakLast = (n: string): string => n.slice(0, -1) + String((Number(n[n.length - 1]) + 1) % 10);

const group = (digits: string, sizes: number[], sep = " "): string => {
  const out: string[] = [];
  let i = 0;
  for (const s of sizes) {
    out.push(digits.slice(i, i + s));
    i += s;
  }
  return out.join(sep);
};

/** Build an IBAN from country and BBAN by computing the ISO 7064 mod-97 check digits. */
function iban(country: string, bban: string): string {
  const numeric = (bban + country + "00").replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rem = 0;
  for (const ch of numeric) rem = (rem * 10 + Number(ch)) % 97;
  return country + String(98 - rem).padStart(2, "0") + bban;
}
const printed = (compact: string): string => compact.replace(/(.{4})/g, "$1 ").trim();

const visa = withLuhn("453201511283036");
const amex = withLuhn("34982761520371");
const mastercard2 = withLuhn("272011457839201");
const discover = withLuhn("650412987364521");
const deIban = iban("DE", "500105175407324931");
const frIban = iban("FR", "30006000011234567890189");
const nlIban = iban("NL", "RABO0300065264");

export const cases: CorpusCase[] = [
  // ── positives: literal personal data ───────────────────────────────────────
  {
    id: "pii-email-01",
    text: "You are a refunds assistant.\nEscalate any refund over $500 to maria.gonzalez@northwind-foods.com with the order summary.\n",
    expected: true,
    note: "a named employee's address hard-coded in the instructions",
  },
  {
    id: "pii-email-02",
    path: "prompts/triage.prompt.yml",
    text: [
      "name: Ticket triage",
      "model: openai/gpt-4o-mini",
      "messages:",
      "  - role: system",
      "    content: Classify the ticket.",
      "  - role: user",
      "    content: '{{ticket}}'",
      "testData:",
      "  - ticket: 'From: daniel.okafor87@gmail.com. My parcel never arrived.'",
      "",
    ].join("\n"),
    expected: true,
    note: "a real-looking customer address in testData",
  },
  {
    id: "pii-email-03",
    text: "Example conversation:\nUser: hi, I'm Priya (priya_shah+shopping@outlook.co.uk) and I need my invoice\nAssistant: Sure!\n",
    expected: true,
    note: "plus-addressing and a two-level TLD",
  },
  { id: "pii-phone-01", text: "If the user is in London, tell them to call Dr. Hughes on +44 20 7946 0958.\n", expected: true, note: "international format with spaces" },
  { id: "pii-phone-02", text: "Our field engineer Tom can be reached at (415) 555-0132 after 5pm.\n", expected: true, note: "North American format with parentheses" },
  { id: "pii-phone-03", text: "Forward urgent cases to +1-202-555-0143.\n", expected: true, note: "+1 with dashes" },
  { id: "pii-phone-04", text: "Kundendienst-Leiterin Frau Weber: +49 30 901820 (nur werktags).\n", expected: true, note: "German number, short subscriber part" },
  { id: "pii-phone-05", text: "Call the on-call nurse at 020 7946 0321 if symptoms worsen.\n", expected: true, note: "national UK format with a phone word" },
  { id: "pii-phone-06", text: "Mobile: 415.555.0199 (Jenny, do not share)\n", expected: true, note: "dotted NANP" },
  { id: "pii-ssn-01", text: "Patient record used for the few-shot example:\nName: R. Alvarez\nSSN: 536-22-4187\n", expected: true, note: "valid SSN with dashes" },
  { id: "pii-ssn-02", text: "Verify the caller by asking for the social security number 536 22 4187 on file.\n", expected: true, note: "spaced SSN with a context word" },
  { id: "pii-card-01", text: `Test the payment flow with my own card ${group(visa, [4, 4, 4, 4])} exp 09/27.\n`, expected: true, note: "Luhn-valid Visa in groups of four" },
  { id: "pii-card-02", text: `Corporate Amex on file: ${group(amex, [4, 6, 5])}\n`, expected: true, note: "Amex 4-6-5 grouping" },
  { id: "pii-card-03", text: `Charge ${group(mastercard2, [4, 4, 4, 4], "-")} for the renewal.\n`, expected: true, note: "Mastercard 2-series with dashes" },
  { id: "pii-card-04", text: `card_number: ${discover}\n`, expected: true, note: "compact Discover number in YAML" },
  { id: "pii-iban-01", text: `Refunds go to the customer's account ${printed(deIban)} (Sparkasse).\n`, expected: true, note: "printed German IBAN, valid mod-97" },
  { id: "pii-iban-02", text: `Virement vers ${frIban} avant le 5 du mois.\n`, expected: true, note: "compact French IBAN" },
  { id: "pii-iban-03", text: `Rekening: ${printed(nlIban)}\n`, expected: true, note: "Dutch IBAN with letters in the BBAN" },
  { id: "pii-ip-01", text: "The customer's device last connected from 52.14.200.9; mention it if they ask about suspicious logins.\n", expected: true, note: "public IPv4 tied to a customer" },
  { id: "pii-ip-02", text: "Allowed admin workstation: 2600:1f18:4b2:7c00::15\n", expected: true, note: "public IPv6" },
  { id: "pii-ip-03", text: "Internal wiki (for staff only) lives at http://10.20.30.40/wiki.\n", expected: true, note: "private IPv4: low severity by design" },
  { id: "pii-dob-01", text: "Member profile:\nDOB: 03/14/1987\nPlan: Gold\n", expected: true, note: "DOB label with a US date" },
  { id: "pii-dob-02", text: "Remember that the account holder was born on 14 March 1987 when verifying identity.\n", expected: true, note: "born on + written date" },
  { id: "pii-dob-03", text: "Fecha de nacimiento: 1990-07-02\n", expected: true, note: "Spanish label, ISO date" },
  // ── positives: variables that carry personal data ──────────────────────────
  {
    id: "pii-var-01",
    path: "prompts/verify.prompt.yml",
    text: [
      "name: Identity check",
      "model: openai/gpt-4o",
      "messages:",
      "  - role: system",
      "    content: Verify the caller against the record.",
      "  - role: user",
      "    content: 'Caller says their SSN is {{ssn}}.'",
      "",
    ].join("\n"),
    expected: true,
    note: "{{ssn}} variable",
  },
  { id: "pii-var-02", text: "Write a discharge summary for {{patient_name}} (born {{date_of_birth}}).\n", expected: true, note: "patient name and date of birth variables" },
  { id: "pii-var-03", text: "Generate a progress report for student {{studentId}} in {{course}}.\n", expected: true, note: "camelCase student id" },
  { id: "pii-var-04", text: "Summarise the dispute for card {{credit_card}} and suggest next steps.\n", expected: true, note: "credit_card variable" },
  { id: "pii-var-05", text: "Draft a reply to {{ customer.email }} about their order {{order_id}}.\n", expected: true, note: "dotted path ending in email" },
  { id: "pii-var-06", text: "Ship the replacement to {{home_address}}.\n", expected: true, note: "home_address variable" },
  { id: "pii-var-07", text: "Greet {{user_name}} and ask how we can help.\n", expected: true, note: "user_name is a person's name or identifier" },

  // ── negatives ─────────────────────────────────────────────────────────────
  { id: "pii-neg-role-email", text: "If you cannot help, tell the user to write to support@acme.com or privacy@acme.com.\n", expected: false, note: "shared role mailboxes, not people" },
  { id: "pii-neg-example-email", text: "Format emails like jane.doe@example.com when you show an example.\n", expected: false, note: "RFC 2606 example domain" },
  { id: "pii-neg-templated-email", text: "Build the address as {{handle}}@acme.com.\n", expected: false, note: "address assembled from a non-personal variable" },
  { id: "pii-neg-npm", text: "Install with `npm i lodash@4.17.21 @types/node@20.11.5` and import the icon logo@2x.png.\n", expected: false, note: "package versions and retina file names contain @" },
  { id: "pii-neg-version", text: "This prompt requires SDK version 1.2.3.4 or later (build 10.0.19041.1234).\n", expected: false, note: "dotted version numbers are not IPs or phones" },
  { id: "pii-neg-dates", text: "Policy effective 2024-01-15; reviewed 15/01/2025 and 03.02.2026.\n", expected: false, note: "dates without a birth word" },
  { id: "pii-neg-prices", text: "Plans: Basic $1,299.99/yr, Pro €2 499,00, Enterprise ¥150,000.\n", expected: false, note: "prices" },
  { id: "pii-neg-order", text: "Look up order #1234567890 and ticket ORD-2024-000123 and invoice INV-88812-2024.\n", expected: false, note: "order and ticket ids" },
  { id: "pii-neg-isbn", text: "Recommend 'Clean Code' (ISBN 978-0-13-235088-4) and ISBN 0-306-40615-2.\n", expected: false, note: "ISBNs have dashes too" },
  { id: "pii-neg-ssn-666", text: "Example SSN format: 666-12-3456 (never a real number).\n", expected: false, note: "area 666 is never issued" },
  { id: "pii-neg-ssn-woolworth", text: "Do not accept 078-05-1120; it is the famous wallet-card number.\n", expected: false, note: "voided advertising SSN" },
  { id: "pii-neg-ssn-9xx", text: "Taxpayer reference 912-70-1234 belongs to an ITIN range, not SSN.\n", expected: false, note: "9xx area is not a valid SSN" },
  { id: "pii-neg-ssn-zero-group", text: "Reject 536-00-4187 and 536-22-0000 as malformed.\n", expected: false, note: "00 group and 0000 serial are invalid" },
  { id: "pii-neg-card-luhn", text: `Card ${group(breakLast(visa), [4, 4, 4, 4])} was declined.\n`, expected: false, note: "fails Luhn" },
  { id: "pii-neg-card-test", text: "Use Stripe's test card 4242 4242 4242 4242 or 4111 1111 1111 1111 in examples.\n", expected: false, note: "published test card numbers" },
  { id: "pii-neg-card-prefix", text: `Tracking number ${withLuhn("123456789012345")} is on its way.\n`, expected: false, note: "Luhn-valid but no card issuer starts with 1" },
  { id: "pii-neg-iban-checksum", text: `IBAN ${breakLast(deIban)} was rejected by the bank.\n`, expected: false, note: "fails mod-97" },
  { id: "pii-neg-iban-example", text: "Show IBANs like GB82 WEST 1234 5698 7654 32 in documentation.\n", expected: false, note: "the registry's example IBAN" },
  { id: "pii-neg-loopback", text: "Run the mock server on 127.0.0.1:8080 and bind to 0.0.0.0 in Docker.\n", expected: false, note: "loopback and unspecified addresses" },
  { id: "pii-neg-doc-ip", text: "Example log line: 'GET /api from 192.0.2.10' and '2001:db8::1 connected'.\n", expected: false, note: "documentation ranges" },
  { id: "pii-neg-netmask", text: "Use netmask 255.255.255.0 and DNS 8.8.8.8.\n", expected: false, note: "netmask and a public resolver" },
  { id: "pii-neg-ipv6-lookalikes", text: "Use std::vector<int>, call Foo::Bar::baz(), MAC 00:1A:2B:3C:4D:5E, at 12:30:45.\n", expected: false, note: "C++ scopes, MAC addresses and times contain colons" },
  { id: "pii-neg-var-names", text: "Summarise {{file_name}} for {{product_name}} using {{model_name}} in {{language}}.\n", expected: false, note: "_name variables that name things, not people" },
  { id: "pii-neg-var-flags", text: "{{#if is_mobile}}Keep it short.{{/if}} Use the {{email_template_id}} layout and {{max_tokens}} tokens.\n", expected: false, note: "flags and ids about a datum, not the datum" },
  { id: "pii-neg-dob-format", text: "Ask for the date of birth in the format YYYY-MM-DD, then confirm it back.\n", expected: false, note: "birth word without a date" },
  { id: "pii-neg-born-year", text: "The company was born in 1998 in a garage.\n", expected: false, note: "a year is not a date of birth" },
  { id: "pii-neg-models", text: "Compare gpt-4o-2024-08-06 with claude-3-5-sonnet-20241022 at temperature 0.7.\n", expected: false, note: "model ids with dates and digits" },
  { id: "pii-neg-uuid", text: "Request id 550e8400-e29b-41d4-a716-446655440000 and commit 3f2a9c1b.\n", expected: false, note: "UUIDs and hashes" },
  { id: "pii-neg-toll-free", text: "Tell the customer to call our toll-free line 1-800-555-0199.\n", expected: false, note: "a business toll-free number, not a person's" },
  { id: "pii-neg-numbers", text: "Answer in 3 to 5 sentences, between 1000 and 5000 tokens, and round 3.14159 to 2 decimals.\n", expected: false, note: "plain numbers" },
  { id: "pii-neg-timestamp", text: "Epoch 1700000000000 ms equals 2023-11-14T22:13:20Z.\n", expected: false, note: "13-digit timestamp is not a card" },
  { id: "pii-neg-url-userinfo", text: "Mirror files from ftp://anonymous:guest@ftp.acme-mirror.org/pub when asked.\n", expected: false, note: "URL userinfo is not an email address" },
];
