/**
 * Ed25519 keys for the audit log.
 *
 * The form the policy pins (`audit.public_keys`) is `ed25519:<base64 of the
 * raw 32-byte public key>`: short enough to paste in YAML, and independent of
 * any container format. The keyid written in DSSE signatures is the first 16
 * hex characters (64 bits) of SHA-256 over those 32 raw bytes: a hint that
 * lets a verifier pick the right pinned key, never a substitute for verifying.
 *
 * Error messages here never quote the input: it may be a private key.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign as cryptoSign,
  verify as cryptoVerify,
  type KeyObject,
} from "node:crypto";
import { err, ok, type Result } from "../errors/problem.js";

export const PUBLIC_KEY_PREFIX = "ed25519:";

/** DER SubjectPublicKeyInfo header of an Ed25519 key (RFC 8410): the raw key follows these 12 bytes. */
const ED25519_SPKI_HEADER = Buffer.from("302a300506032b6570032100", "hex");

export interface PublicKey {
  /** Canonical pinned form, `ed25519:<base64>`. */
  text: string;
  /** The 32 raw key bytes. */
  raw: Buffer;
  keyid: string;
  key: KeyObject;
}

/** What signs entries and checkpoints. Holding the private key inside a closure keeps it out of logs and JSON. */
export interface Signer {
  keyid: string;
  /** Pinned form of the matching public key. */
  publicKey: string;
  sign(message: Uint8Array): Buffer;
}

export function keyIdOf(raw: Uint8Array): string {
  return createHash("sha256").update(raw).digest("hex").slice(0, 16);
}

export function formatPublicKey(raw: Uint8Array): string {
  return PUBLIC_KEY_PREFIX + Buffer.from(raw).toString("base64");
}

/** The raw 32 bytes of an Ed25519 public (or private: its public half) key. */
export function rawPublicKey(key: KeyObject): Buffer {
  const pub = key.type === "private" ? createPublicKey(key) : key;
  const der = pub.export({ format: "der", type: "spki" });
  if (der.length !== 44 || !der.subarray(0, 12).equals(ED25519_SPKI_HEADER)) {
    throw new TypeError("not an Ed25519 public key");
  }
  return Buffer.from(der.subarray(12));
}

export function publicKeyFromRaw(raw: Uint8Array): PublicKey {
  const bytes = Buffer.from(raw);
  const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_HEADER, bytes]), format: "der", type: "spki" });
  return { text: formatPublicKey(bytes), raw: bytes, keyid: keyIdOf(bytes), key };
}

/**
 * Parse the pinned form. Base64url is accepted too (the policy schema allows
 * `-` and `_`), so a key copied through a URL-safe channel still matches.
 */
export function parsePublicKey(text: string): Result<PublicKey> {
  const problem = (message: string) => err({ code: "audit.key-invalid", message });
  const trimmed = text.trim();
  if (!trimmed.startsWith(PUBLIC_KEY_PREFIX)) {
    return problem(`a public key must start with "${PUBLIC_KEY_PREFIX}"`);
  }
  const body = trimmed.slice(PUBLIC_KEY_PREFIX.length);
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(body)) return problem("the public key is not base64");
  const raw = Buffer.from(body.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  if (raw.length !== 32) return problem(`an Ed25519 public key has 32 bytes, this one has ${raw.length}`);
  // Refuse non-canonical encodings so one key has exactly one pinned spelling.
  if (raw.toString("base64").replace(/=+$/, "") !== body.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "")) {
    return problem("the public key is not canonical base64");
  }
  try {
    return ok(publicKeyFromRaw(raw));
  } catch {
    return problem("the public key is not a valid Ed25519 key");
  }
}

export function signerFromKeyObject(privateKey: KeyObject): Signer {
  if (privateKey.type !== "private" || privateKey.asymmetricKeyType !== "ed25519") {
    throw new TypeError("an Ed25519 private key is required");
  }
  const raw = rawPublicKey(privateKey);
  return {
    keyid: keyIdOf(raw),
    publicKey: formatPublicKey(raw),
    sign: (message) => cryptoSign(null, message, privateKey),
  };
}

/**
 * Parse a PEM private key from configuration (an environment variable or a
 * file's content). Literal `\n` sequences are turned into newlines because
 * PEM keys pasted into single-line environment variables usually arrive that way.
 */
export function signerFromPem(pem: string): Result<Signer> {
  const text = pem.includes("-----BEGIN") && !pem.includes("\n") ? pem.replace(/\\n/g, "\n") : pem;
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    return err({ code: "audit.signing-key-invalid", message: "the signing key is not a PEM private key" });
  }
  if (/ENCRYPTED/.test(text)) {
    return err({ code: "audit.signing-key-invalid", message: "the signing key is encrypted; give an unencrypted PKCS#8 PEM key" });
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: "pem" });
  } catch {
    // The library's message is dropped on purpose: it is not needed and must never echo key material.
    return err({ code: "audit.signing-key-invalid", message: "the signing key could not be parsed as a PEM private key" });
  }
  if (key.asymmetricKeyType !== "ed25519") {
    return err({
      code: "audit.signing-key-invalid",
      message: `the signing key is ${key.asymmetricKeyType ?? "of an unknown type"}, not Ed25519`,
    });
  }
  return ok(signerFromKeyObject(key));
}

export interface GeneratedKey {
  /** PKCS#8 PEM. Goes to a file with mode 0600 or a secret store, never to a log. */
  privateKeyPem: string;
  publicKey: string;
  keyid: string;
}

export function generateSigningKey(): GeneratedKey {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const raw = rawPublicKey(publicKey);
  return {
    privateKeyPem: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
    publicKey: formatPublicKey(raw),
    keyid: keyIdOf(raw),
  };
}

export function verifySignature(key: PublicKey, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  try {
    return cryptoVerify(null, message, key.key, signature);
  } catch {
    return false;
  }
}
