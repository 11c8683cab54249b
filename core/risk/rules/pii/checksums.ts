/**
 * Check digits and validity rules of numbers that identify a person or an
 * account. A number that fails its check is not a finding: it is a typo, a
 * made-up example or some other number with the same shape.
 */

/** Luhn (mod 10) over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export type CardIssuer = "Visa" | "Mastercard" | "American Express" | "Discover" | "JCB" | "Diners Club" | "UnionPay" | "Maestro";

/** The issuer whose IIN range and length the digits fit, or undefined. */
export function cardIssuer(digits: string): CardIssuer | undefined {
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  const p6 = Number(digits.slice(0, 6));
  if (digits[0] === "4") return n === 13 || n === 16 || n === 19 ? "Visa" : undefined;
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n === 16 ? "Mastercard" : undefined;
  if (p2 === 34 || p2 === 37) return n === 15 ? "American Express" : undefined;
  if (p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65 || (p6 >= 622126 && p6 <= 622925)) return n >= 16 && n <= 19 ? "Discover" : undefined;
  if (p4 >= 3528 && p4 <= 3589) return n >= 16 && n <= 19 ? "JCB" : undefined;
  if ((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) return n >= 14 && n <= 19 ? "Diners Club" : undefined;
  if (p2 === 62) return n >= 16 && n <= 19 ? "UnionPay" : undefined;
  if (p2 === 50 || (p2 >= 56 && p2 <= 69)) return n >= 13 && n <= 19 ? "Maestro" : undefined;
  return undefined;
}

/**
 * Card numbers that card networks and payment providers publish for testing
 * (Stripe, Adyen, Braintree, PayPal docs): they appear in prompts and docs on
 * purpose and identify no one.
 */
export const TEST_CARD_NUMBERS: ReadonlySet<string> = new Set([
  "4111111111111111", "4242424242424242", "4000056655665556", "4012888888881881", "4222222222222",
  "4000000000000002", "4000000000009995", "4000000000000077", "4000000000003220", "4000002500003155",
  "5555555555554444", "5200828282828210", "5105105105105100", "2223003122003222", "5454545454545454",
  "378282246310005", "371449635398431", "378734493671000",
  "6011111111111117", "6011000990139424", "6011000000000004",
  "3056930009020004", "36227206271667", "30569309025904", "38520000023237",
  "3566002020360505", "3530111333300000", "3566111111111113",
  "6200000000000005", "6759649826438453",
]);

/** IBAN length by ISO country code (SWIFT IBAN registry). */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28,
  IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
  NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24,
  SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

/** ISO 13616 mod-97 check of a compact (no spaces) upper-case IBAN. */
export function ibanValid(iban: string): boolean {
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (expected === undefined || iban.length !== expected) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) rem = (rem * 100 + (c - 55)) % 97;
    else return false;
  }
  return rem === 1;
}

/** Example IBANs printed in the registry, bank docs and Wikipedia. */
export const EXAMPLE_IBANS: ReadonlySet<string> = new Set([
  "GB82WEST12345698765432", "GB29NWBK60161331926819", "DE89370400440532013000", "FR1420041010050500013M02606",
  "NL91ABNA0417164300", "BE68539007547034", "CH9300762011623852957", "ES9121000418450200051332",
  "IT60X0542811101000000123456", "AT611904300234573201",
]);

/**
 * US Social Security Number validity (SSA rules since 2011 randomisation):
 * area not 000, 666 or 900–999; group not 00; serial not 0000; and not one of
 * the numbers SSA voided after they were published in advertising.
 */
export function ssnValid(area: string, group: string, serial: string): boolean {
  if (area === "000" || area === "666" || area[0] === "9") return false;
  if (group === "00" || serial === "0000") return false;
  return !INVALID_SSNS.has(`${area}-${group}-${serial}`);
}

/** Voided or universally used as examples: the Woolworth wallet card, the 1940s Social Security pamphlet, the textbook example. */
export const INVALID_SSNS: ReadonlySet<string> = new Set(["078-05-1120", "219-09-9999", "123-45-6789", "111-11-1111", "333-33-3333", "457-55-5462"]);
