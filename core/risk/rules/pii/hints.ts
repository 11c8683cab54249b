/**
 * Line prefilters shared by the `pii.*` rules (see `linesMatching`): each is
 * tested once per line for the whole category.
 */
export const HAS_DIGIT = /\d/;
export const HAS_AT = /@/;
/** Seven or more characters of digits and number punctuation: any phone, SSN, card number or IPv4 address. */
export const HAS_LONG_NUMBER = /\d[\d ()+.\-\/]{5,}\d/;
/** A country code and check digits: the start of any IBAN. */
export const HAS_IBAN_HEAD = /[A-Z]{2}\d{2}/;
