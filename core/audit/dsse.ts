/**
 * DSSE envelopes (https://github.com/secure-systems-lab/dsse, protocol v1).
 *
 * The signature covers the pre-authentication encoding (PAE) of the payload
 * type and the payload bytes, never the JSON envelope, so re-serialising the
 * envelope cannot change what was signed and the type cannot be swapped.
 */
import { err, ok, type Problem, type Result } from "../errors/problem.js";
import { verifySignature, type PublicKey, type Signer } from "./keys.js";

export interface DsseSignature {
  keyid: string;
  sig: string;
}

export interface Envelope {
  payloadType: string;
  /** Standard base64 of the payload bytes. */
  payload: string;
  signatures: DsseSignature[];
}

/** `DSSEv1 SP LEN(type) SP type SP LEN(body) SP body`, lengths in bytes as ASCII decimal. */
export function pae(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, "utf8");
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, "utf8"),
    type,
    Buffer.from(` ${payload.length} `, "utf8"),
    payload,
  ]);
}

export function signEnvelope(payloadType: string, payload: Uint8Array, signers: Signer | readonly Signer[]): Envelope {
  const list = Array.isArray(signers) ? (signers as readonly Signer[]) : [signers as Signer];
  const message = pae(payloadType, payload);
  return {
    payloadType,
    payload: Buffer.from(payload).toString("base64"),
    signatures: list.map((s) => ({ keyid: s.keyid, sig: s.sign(message).toString("base64") })),
  };
}

/** Strict base64 (standard or URL-safe alphabet, as DSSE allows): one byte string has one accepted spelling. */
export function decodeBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) return undefined;
  const std = text.replace(/-/g, "+").replace(/_/g, "/");
  const bytes = Buffer.from(std, "base64");
  return bytes.toString("base64").replace(/=+$/, "") === std.replace(/=+$/, "") ? bytes : undefined;
}

export function parseEnvelope(text: string): Result<Envelope> {
  const bad = (message: string): Result<never, Problem> => err({ code: "audit.envelope-malformed", message });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return bad(`the entry is not JSON: ${(e as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return bad("the entry is not a DSSE envelope object");
  const v = value as Record<string, unknown>;
  if (typeof v.payloadType !== "string") return bad("the envelope has no payloadType");
  if (typeof v.payload !== "string") return bad("the envelope has no payload");
  if (!Array.isArray(v.signatures) || v.signatures.length === 0) return bad("the envelope has no signatures");
  const signatures: DsseSignature[] = [];
  for (const s of v.signatures as unknown[]) {
    if (typeof s !== "object" || s === null) return bad("an envelope signature is not an object");
    const { keyid, sig } = s as Record<string, unknown>;
    if (typeof sig !== "string") return bad("an envelope signature has no sig");
    signatures.push({ keyid: typeof keyid === "string" ? keyid : "", sig });
  }
  const extra = Object.keys(v).filter((k) => !["payloadType", "payload", "signatures"].includes(k));
  if (extra.length) return bad(`the envelope has unexpected fields: ${extra.join(", ")}`);
  return ok({ payloadType: v.payloadType, payload: v.payload, signatures });
}

export type EnvelopeCheck =
  /** A signature verifies with a pinned key. */
  | { status: "verified"; keyid: string; key: PublicKey; payload: Buffer }
  /** No signature claims a pinned key: the entry was signed by someone else. */
  | { status: "unpinned"; keyids: string[]; payload: Buffer }
  /** A signature claims a pinned key (by keyid) but does not verify: forged or altered. */
  | { status: "bad-signature"; keyids: string[]; payload: Buffer }
  | { status: "malformed"; message: string };

/**
 * Verify against pinned keys. Every signature is tried with every pinned key
 * (keyids are only hints, per DSSE), so a wrong or missing keyid cannot hide a
 * valid signature, and a claimed keyid cannot make a bad one pass.
 */
export function verifyEnvelope(envelope: Envelope, keys: readonly PublicKey[]): EnvelopeCheck {
  const payload = decodeBase64(envelope.payload);
  if (!payload) return { status: "malformed", message: "the envelope payload is not canonical base64" };
  const message = pae(envelope.payloadType, payload);
  for (const s of envelope.signatures) {
    const sig = decodeBase64(s.sig);
    if (!sig) continue;
    const ordered = [...keys].sort((a, b) => Number(b.keyid === s.keyid) - Number(a.keyid === s.keyid));
    for (const key of ordered) {
      if (verifySignature(key, message, sig)) return { status: "verified", keyid: key.keyid, key, payload };
    }
  }
  const keyids = envelope.signatures.map((s) => s.keyid);
  const pinned = new Set(keys.map((k) => k.keyid));
  return keyids.some((k) => pinned.has(k))
    ? { status: "bad-signature", keyids, payload }
    : { status: "unpinned", keyids, payload };
}
