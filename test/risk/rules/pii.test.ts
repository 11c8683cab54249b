import { describe, it, expect } from "@jest/globals";
import { findingsOf } from "../../helpers/rule-input.js";
import {
  piiRules,
  emailRule,
  phoneRule,
  ssnRule,
  cardRule,
  ibanRule,
  ipRule,
  dateOfBirthRule,
  customPiiRule,
} from "../../../core/risk/rules/pii/index.js";
import { CATEGORIES } from "../../../core/risk/finding.js";
import type { Rule } from "../../../core/risk/rule.js";

const values = (rule: Rule, text: string, opts = {}) => findingsOf(rule, text, opts).map((f) => f.evidence);

describe("every pii rule", () => {
  it("has a pii.<name> id, the pii category and a description", () => {
    for (const r of piiRules) {
      expect(r.id).toMatch(/^pii\.[a-z-]+$/);
      expect(r.category).toBe("pii");
      expect(CATEGORIES).toContain(r.category);
      expect(r.description.length).toBeGreaterThan(10);
    }
    expect(new Set(piiRules.map((r) => r.id)).size).toBe(piiRules.length);
  });

  it("points at the line and 1-based column, masks the evidence and says why and how", () => {
    const text = "intro line\nEscalate to maria.gonzalez@northwind-foods.com now.\n";
    const [f] = findingsOf(emailRule, text);
    expect(f).toMatchObject({ rule: "pii.email", category: "pii", severity: "high", file: "prompts/case.md", line: 2, column: 13 });
    expect(f!.evidence).toBe("m***@n***.com");
    expect(f!.message).not.toContain("maria");
    expect(f!.remediation).toMatch(/variable|allowlist/);
  });

  it("never puts the raw value in evidence or message, for any rule", () => {
    const text = [
      "maria.gonzalez@northwind-foods.com",
      "+44 20 7946 0958",
      "SSN: 536-22-4187",
      "card 4532 0151 1283 0366",
      "IBAN DE44 5001 0517 5407 3249 31",
      "from 52.14.200.9",
      "DOB: 03/14/1987",
    ].join("\n");
    const raw = ["maria.gonzalez", "7946 0958", "536-22-4187", "4532 0151 1283 0366", "5407 3249", "52.14.200.9", "03/14/1987"];
    const findings = piiRules.flatMap((r) => findingsOf(r, text));
    expect(findings.length).toBeGreaterThanOrEqual(7);
    for (const f of findings) for (const v of raw) expect(`${f.evidence} ${f.message}`).not.toContain(v);
  });

  it("only looks at added lines of a modified file", () => {
    const old = "Contact: maria.gonzalez@northwind-foods.com\n";
    const text = "Contact: maria.gonzalez@northwind-foods.com\nNew line without data.\n";
    expect(findingsOf(emailRule, text, { old })).toEqual([]);
    expect(findingsOf(emailRule, `${text}Also daniel.okafor87@gmail.com\n`, { old })).toHaveLength(1);
  });
});

describe("pii.email", () => {
  it("finds addresses of people and trims sentence punctuation", () => {
    expect(values(emailRule, "Write to priya_shah+shop@outlook.co.uk.")).toEqual(["p***@o***.uk"]);
  });
  it("skips role mailboxes, example domains, file names, versions, URL userinfo and templated local parts", () => {
    const text = "support@acme.com noreply@acme.io jane@example.com a@b.test icon@2x.png lodash@4.17.21 {{user}}@acme.com https://svc:pw@api.acme.io @@@@";
    expect(findingsOf(emailRule, text)).toEqual([]);
  });
  it("honours the allowlist by address and by @domain", () => {
    const text = "maria.gonzalez@northwind-foods.com and tom@contoso.dev";
    expect(values(emailRule, text, { settings: { allowlist: ["Maria.Gonzalez@northwind-foods.com"] } })).toEqual(["t***@c***.dev"]);
    expect(values(emailRule, text, { settings: { allowlist: ["@contoso.dev"] } })).toEqual(["m***@n***.com"]);
  });
});

describe("pii.phone", () => {
  it.each(["+44 20 7946 0958", "(415) 555-0132", "+1-202-555-0143", "415.555.0199", "+49 30 901820", "+33 1 23 45 67 89", "+1 (415) 555-0132"])(
    "finds %s",
    (n) => {
      const [f] = findingsOf(phoneRule, `Reach Tom at ${n} today.`);
      expect(f?.column).toBe(14);
    },
  );
  it("needs a phone word for national and bare formats", () => {
    expect(findingsOf(phoneRule, "Reference 020 7946 0321 in the log.")).toEqual([]);
    expect(findingsOf(phoneRule, "Call the nurse at 020 7946 0321.")).toHaveLength(1);
    expect(findingsOf(phoneRule, "Call about order 4155550132.")).toEqual([]);
    expect(findingsOf(phoneRule, "Call me on 4155550132.")).toHaveLength(1);
  });
  it.each([
    ["dates", "Released 2024-01-15 and 15/01/2025"],
    ["versions", "version 1.2.3.4, v2.10.3"],
    ["prices", "costs $1,234.56 or €2 499,00"],
    ["ISBNs", "ISBN 978-0-13-235088-4"],
    ["order ids", "order #1234567890"],
    ["IP addresses", "server 203.0.113.5"],
    ["SSN shapes", "536-22-4187"],
    ["toll-free numbers", "call 1-800-555-0199 or +1 888 555 0100"],
    ["mixed separators", "call 415-555.0132"],
  ])("ignores %s", (_, text) => {
    expect(findingsOf(phoneRule, text)).toEqual([]);
  });
});

describe("pii.ssn", () => {
  it("finds a valid dashed SSN alone and spaced or compact ones only with an SSN word", () => {
    expect(values(ssnRule, "ID 536-22-4187")).toEqual(["•••-••-••87"]);
    expect(findingsOf(ssnRule, "code 536 22 4187 and 536224187")).toEqual([]);
    expect(findingsOf(ssnRule, "SSN 536 22 4187 or 536224187")).toHaveLength(2);
  });
  it("applies SSA validity rules", () => {
    expect(findingsOf(ssnRule, "666-12-3456 000-12-3456 912-70-1234 536-00-4187 536-22-0000 078-05-1120 219-09-9999")).toEqual([]);
  });
  it("does not match inside longer numbers", () => {
    expect(findingsOf(ssnRule, "part 1536-22-41870 and ABC-536-22-4187")).toEqual([]);
  });
});

describe("pii.card", () => {
  it("finds Luhn-valid numbers with an issuer prefix, grouped or not", () => {
    expect(findingsOf(cardRule, "card 4532 0151 1283 0366")).toHaveLength(1);
    expect(findingsOf(cardRule, "card 4532-0151-1283-0366")).toHaveLength(1);
    expect(findingsOf(cardRule, "card 4532015112830366")).toHaveLength(1);
    expect(findingsOf(cardRule, "amex 3498 276152 03714")).toHaveLength(1);
    const [f] = findingsOf(cardRule, "card 4532015112830366");
    expect(f!.message).toContain("Visa");
    expect(f!.evidence).toBe("••••••••••••••66");
  });
  it("rejects checksum failures, unknown prefixes, odd groupings and published test cards", () => {
    expect(findingsOf(cardRule, "card 4532 0151 1283 0367")).toEqual([]);
    expect(findingsOf(cardRule, "id 1234 5678 9012 3452")).toEqual([]);
    expect(findingsOf(cardRule, "card 45 3201 5112 8303 66")).toEqual([]);
    expect(findingsOf(cardRule, "card 4532 0151-1283 0366")).toEqual([]);
    expect(findingsOf(cardRule, "test 4242 4242 4242 4242 and 4111111111111111")).toEqual([]);
  });
  it("does not read an IBAN's digit groups as a card", () => {
    expect(findingsOf(cardRule, "IBAN DE44 5001 0517 5407 3249 31")).toEqual([]);
  });
});

describe("pii.iban", () => {
  it("finds printed and compact IBANs that pass mod-97, stopping at the country's length", () => {
    const text = "pay DE44 5001 0517 5407 3249 31 EUR or NL91ABNA0417164301x and NL39RABO0300065264.";
    const f = findingsOf(ibanRule, text);
    expect(f.map((x) => x.column)).toEqual([text.indexOf("DE44") + 1, text.indexOf("NL39") + 1]);
  });
  it("rejects checksum failures and the documented examples", () => {
    expect(findingsOf(ibanRule, "DE44 5001 0517 5407 3249 32, GB82 WEST 1234 5698 7654 32, DE89370400440532013000")).toEqual([]);
  });
});

describe("pii.ip", () => {
  it("rates public addresses medium and private ones low", () => {
    const f = findingsOf(ipRule, "from 52.14.200.9 via 10.0.0.5 and 172.20.1.1, v6 2600:1f18:4b2:7c00::15 and fd12:3456::1");
    expect(f.map((x) => [x.column, x.severity])).toEqual([
      [6, "medium"],
      [22, "low"],
      [35, "low"],
      [50, "medium"],
      [77, "low"],
    ]);
  });
  it("skips loopback, unspecified, link-local, documentation, multicast, netmasks, resolvers and versions", () => {
    const text = "127.0.0.1 0.0.0.0 169.254.1.1 192.0.2.10 198.51.100.7 203.0.113.5 224.0.0.1 255.255.255.0 8.8.8.8 ::1 :: fe80::1 2001:db8::1 ff02::1 version 1.2.3.4 build 52.14.200.9 Chrome/120.0.0.1";
    expect(findingsOf(ipRule, text)).toEqual([]);
  });
  it("ignores invalid octets and colon-separated non-addresses", () => {
    expect(findingsOf(ipRule, "256.1.1.1 1.2.3 std::vector 12:30:45 00:1A:2B:3C:4D:5E dead::beef")).toEqual([]);
  });
});

describe("pii.dob", () => {
  it.each(["DOB: 03/14/1987", "born on 14 March 1987", "date of birth 1987-03-14", "Birthday: March 14th, 1987", "geboren am 14.03.1987"])("finds %s", (text) => {
    expect(findingsOf(dateOfBirthRule, text)).toHaveLength(1);
  });
  it("needs both a birth word and a plausible date next to it", () => {
    expect(findingsOf(dateOfBirthRule, "Released 2024-01-15.")).toEqual([]);
    expect(findingsOf(dateOfBirthRule, "DOB format: YYYY-MM-DD")).toEqual([]);
    expect(findingsOf(dateOfBirthRule, "born in 1985")).toEqual([]);
    expect(findingsOf(dateOfBirthRule, "DOB: 13/45/1987")).toEqual([]);
    expect(findingsOf(dateOfBirthRule, "born on the day the company moved offices, 2020-01-01")).toEqual([]);
  });
});

describe("pii.custom", () => {
  it("runs the policy's patterns with masked evidence and the policy's message", () => {
    const f = findingsOf(customPiiRule, "Employee EMP-004217 asked for leave.", {
      settings: { patterns: [{ id: "employee-id", pattern: "EMP-\\d{6}", message: "Employee ids are personal data." }] },
    });
    expect(f).toEqual([
      expect.objectContaining({ rule: "pii.custom", category: "pii", line: 1, column: 10, message: "Employee ids are personal data.", evidence: "•••-••••17" }),
    ]);
  });
  it("reports a pattern it cannot run instead of throwing", () => {
    const f = findingsOf(customPiiRule, "anything", { settings: { patterns: [{ pattern: "(?<=x)y" }] } });
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: "info", rule: "pii.custom" });
    expect(f[0]!.message).toContain("not checked");
  });
  it("honours the allowlist and does nothing without patterns", () => {
    const settings = { patterns: [{ pattern: "EMP-\\d{6}" }], allowlist: ["EMP-000001"] };
    expect(findingsOf(customPiiRule, "EMP-000001", { settings })).toEqual([]);
    expect(findingsOf(customPiiRule, "EMP-000001")).toEqual([]);
  });
  it("is the only pii rule that runs patterns, so a match is reported once", () => {
    const settings = { patterns: [{ pattern: "EMP-\\d{6}" }] };
    expect(piiRules.flatMap((r) => findingsOf(r, "EMP-004217", { settings }))).toHaveLength(1);
  });
});

