import { describe, it, expect } from "@jest/globals";
import { base62, base62ChecksumValid, crc32 } from "../../../core/risk/rules/secret/checksum.js";
import { isAllowlisted, isPlaceholder, shannonEntropy } from "../../../core/risk/rules/secret/placeholders.js";

describe("crc32 and base62", () => {
  it("computes the IEEE CRC-32 check value", () => {
    expect(crc32("123456789")).toBe(0xcbf43926);
    expect(crc32("")).toBe(0);
  });
  it("encodes in the 0-9A-Za-z alphabet, padded to six characters", () => {
    expect(base62(0)).toBe("000000");
    expect(base62(61)).toBe("00000z");
    expect(base62(62)).toBe("000010");
    expect(base62(0xffffffff)).toBe("4gfFC3");
  });
});

describe("base62ChecksumValid", () => {
  // The worked example of GitHub's token format in base62-token.js's documentation: random part + "0mLq17".
  const random = "zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ";
  it("accepts a token whose last six characters are the CRC-32 of its random part", () => {
    expect(base62ChecksumValid(["gh", "p_", random, "0mLq17"].join(""))).toBe(true);
    expect(base62ChecksumValid(["np", "m_", random, "0mLq17"].join(""))).toBe(true);
  });
  it("rejects a changed character or checksum and a wrong length", () => {
    expect(base62ChecksumValid(["gh", "p_", random.replace("z", "y"), "0mLq17"].join(""))).toBe(false);
    expect(base62ChecksumValid(["gh", "p_", random, "0mLq18"].join(""))).toBe(false);
    expect(base62ChecksumValid(["gh", "p_", random, "0mLq1"].join(""))).toBe(false);
  });
});

describe("isPlaceholder", () => {
  it.each([
    "xxxxxxxxxxxxxxxx", "XXXX-XXXX-XXXX", "...", "…", "<your-key>", "${env:API_KEY}", "{{api_key}}", "YOUR_API_KEY", "your-key-here",
    "changeme", "********", "aaaaaaaaaaaaaaaaaaaa", "0123456789abcdef0123", "$OPENAI_API_KEY", "%APP_SECRET%", "process.env.API_KEY",
    "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "sk-proj-REDACTED", "abababababababababab",
  ])("%s is a placeholder", (v) => {
    expect(isPlaceholder(v)).toBe(true);
  });
  it.each(["Qm9vdHN0cmFwMTIzNDU2", "hT7vK2pX9qL4mN8rW3sZ", "a8f5f167f44f4964e6c998dee827110c"])("%s is not", (v) => {
    expect(isPlaceholder(v)).toBe(false);
  });
});

describe("shannonEntropy", () => {
  it("is 0 for one repeated character and log2(n) for n equally frequent ones", () => {
    expect(shannonEntropy("aaaa")).toBe(0);
    expect(shannonEntropy("abcd")).toBeCloseTo(2);
    expect(shannonEntropy("0123456789abcdef")).toBeCloseTo(4);
  });
});

describe("isAllowlisted", () => {
  it("matches an exact value or a masked form with at least four trailing characters", () => {
    const v = ["sk", "-proj-", "Ab3dEf6hIj9kLm2nOp5q"].join("");
    expect(isAllowlisted(v, [v])).toBe(true);
    expect(isAllowlisted(v, ["sk-…Op5q"])).toBe(true);
    expect(isAllowlisted(v, ["sk-…5q"])).toBe(false);
    expect(isAllowlisted(v, ["sk-…Op5x"])).toBe(false);
    expect(isAllowlisted(v, undefined)).toBe(false);
  });
});
