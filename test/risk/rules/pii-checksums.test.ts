import { describe, it, expect } from "@jest/globals";
import { cardIssuer, ibanValid, luhnValid, ssnValid } from "../../../core/risk/rules/pii/checksums.js";

describe("luhnValid", () => {
  it("accepts numbers whose check digit matches and rejects a one-digit change", () => {
    expect(luhnValid("79927398713")).toBe(true); // the textbook example
    expect(luhnValid("79927398710")).toBe(false);
    expect(luhnValid("4532015112830366")).toBe(true);
    expect(luhnValid("4532015112830367")).toBe(false);
  });
  it("rejects non-digits", () => {
    expect(luhnValid("4532a15112830366")).toBe(false);
  });
});

describe("cardIssuer", () => {
  it.each([
    ["4532015112830366", "Visa"],
    ["5425233430109903", "Mastercard"],
    ["2720991234567897", "Mastercard"],
    ["349827615203714", "American Express"],
    ["6504129873645210", "Discover"],
    ["3530111333300000", "JCB"],
    ["36227206271667", "Diners Club"],
  ])("%s is %s", (digits, issuer) => {
    expect(cardIssuer(digits)).toBe(issuer);
  });
  it("needs the issuer's length and an issued prefix", () => {
    expect(cardIssuer("45320151128303")).toBeUndefined(); // Visa has no 14-digit numbers
    expect(cardIssuer("2721001234567890")).toBeUndefined(); // just past the Mastercard 2-series
    expect(cardIssuer("1234567890123452")).toBeUndefined();
    expect(cardIssuer("34982761520371")).toBeUndefined(); // Amex is 15 digits
  });
});

describe("ibanValid", () => {
  it("accepts registry examples and rejects a changed digit", () => {
    expect(ibanValid("GB82WEST12345698765432")).toBe(true);
    expect(ibanValid("DE89370400440532013000")).toBe(true);
    expect(ibanValid("GB82WEST12345698765433")).toBe(false);
  });
  it("checks the country's length", () => {
    expect(ibanValid("DE8937040044053201300")).toBe(false);
    expect(ibanValid("NO9386011117947")).toBe(true);
  });
  it("rejects unknown countries and lower case", () => {
    expect(ibanValid("ZZ82WEST12345698765432")).toBe(false);
    expect(ibanValid("gb82west12345698765432")).toBe(false);
  });
});

describe("ssnValid", () => {
  it("accepts an ordinary number", () => {
    expect(ssnValid("536", "22", "4187")).toBe(true);
  });
  it.each([
    ["000", "12", "3456", "area 000"],
    ["666", "12", "3456", "area 666"],
    ["912", "70", "1234", "area 9xx"],
    ["536", "00", "4187", "group 00"],
    ["536", "22", "0000", "serial 0000"],
    ["078", "05", "1120", "the Woolworth wallet card"],
    ["219", "09", "9999", "the Social Security pamphlet"],
  ])("rejects %s-%s-%s (%s)", (a, g, s) => {
    expect(ssnValid(a, g, s)).toBe(false);
  });
});
