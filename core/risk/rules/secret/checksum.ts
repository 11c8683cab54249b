/**
 * The checksum of GitHub's (2021) and npm's token formats: the last 6
 * characters are the CRC-32 of the 30 random characters after the prefix,
 * base62-encoded (alphabet 0-9A-Za-z) and left-padded with `0`. A token whose
 * checksum does not match was typed, truncated or invented, not issued.
 */

const TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE) of a string of ASCII characters. */
export function crc32(ascii: string): number {
  let c = 0xffffffff;
  for (let i = 0; i < ascii.length; i++) c = (c >>> 8) ^ TABLE[(c ^ ascii.charCodeAt(i)) & 0xff]!;
  return (c ^ 0xffffffff) >>> 0;
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function base62(n: number, width = 6): string {
  let s = "";
  do {
    s = BASE62[n % 62]! + s;
    n = Math.floor(n / 62);
  } while (n > 0);
  return s.padStart(width, "0");
}

/** `ghp_` + 30 random + 6 checksum (also gho_/ghu_/ghs_/ghr_ and npm_). */
export function base62ChecksumValid(token: string, prefixLength = 4): boolean {
  const body = token.slice(prefixLength);
  if (body.length !== 36) return false;
  return base62(crc32(body.slice(0, 30))) === body.slice(30);
}
