/**
 * Checkpoints in the C2SP signed-note / tlog-checkpoint format
 * (https://c2sp.org/signed-note, https://c2sp.org/tlog-checkpoint):
 *
 *     <origin>\n<size>\n<base64 root>\n\n— <key name> <base64(key hash || signature)>\n
 *
 * The key hash is the first 4 bytes of SHA-256(name || 0x0A || 0x01 || raw
 * Ed25519 public key), as the spec defines it, so the note can also be checked
 * with other signed-note tools (e.g. golang.org/x/mod/sumdb/note). The
 * signature covers the note text up to and including its last newline.
 * A checkpoint copied out of the branch (PR comment, file) later proves that
 * the branch still extends what it said then.
 */
import { createHash } from "node:crypto";
import { err, ok, type Problem, type Result } from "../errors/problem.js";
import { decodeBase64 } from "./dsse.js";
import { parsePublicKey, verifySignature, type PublicKey, type Signer } from "./keys.js";

export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
}

export interface NoteSignature {
  name: string;
  keyHash: Buffer;
  sig: Buffer;
}

export interface ParsedCheckpoint {
  checkpoint: Checkpoint;
  /** The signed text. */
  text: string;
  signatures: NoteSignature[];
}

const SIG_PREFIX = "\u2014 "; // em dash, space

export function validKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

export function noteKeyHash(name: string, rawPublicKey: Uint8Array): Buffer {
  return createHash("sha256")
    .update(Buffer.from(name, "utf8"))
    .update(Buffer.from([0x0a, 0x01]))
    .update(rawPublicKey)
    .digest()
    .subarray(0, 4);
}

export function checkpointText(cp: Checkpoint): string {
  if (!cp.origin || /[\n\r]/.test(cp.origin)) throw new RangeError("a checkpoint origin is one non-empty line");
  if (!Number.isSafeInteger(cp.size) || cp.size < 0) throw new RangeError("a checkpoint size is a non-negative integer");
  if (cp.root.length !== 32) throw new RangeError("a checkpoint root is a 32-byte SHA-256 hash");
  return `${cp.origin}\n${cp.size}\n${cp.root.toString("base64")}\n`;
}

export function signCheckpoint(cp: Checkpoint, signer: Signer, keyName = cp.origin): string {
  if (!validKeyName(keyName)) throw new RangeError("a note key name has no spaces or '+'");
  const pub = parsePublicKey(signer.publicKey);
  if (!pub.ok) throw new TypeError("the signer's public key is not an Ed25519 key");
  const text = checkpointText(cp);
  const sig = signer.sign(Buffer.from(text, "utf8"));
  const blob = Buffer.concat([noteKeyHash(keyName, pub.value.raw), sig]).toString("base64");
  return `${text}\n${SIG_PREFIX}${keyName} ${blob}\n`;
}

export function parseCheckpoint(note: string): Result<ParsedCheckpoint> {
  const bad = (message: string): Result<never, Problem> => err({ code: "audit.checkpoint-malformed", message, file: "checkpoint" });
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(note)) return bad("the checkpoint contains control characters");
  const split = note.lastIndexOf("\n\n");
  if (split < 0) return bad("the checkpoint has no signature block (a blank line followed by signature lines)");
  const text = note.slice(0, split + 1);
  const sigBlock = note.slice(split + 2);
  if (!sigBlock.endsWith("\n")) return bad("the checkpoint does not end with a newline");
  const lines = text.slice(0, -1).split("\n");
  if (lines.length < 3) return bad("the checkpoint needs an origin, a size and a root hash");
  const [origin, sizeLine, rootLine] = lines as [string, string, string];
  if (!origin) return bad("the checkpoint origin is empty");
  if (!/^(0|[1-9][0-9]*)$/.test(sizeLine) || !Number.isSafeInteger(Number(sizeLine))) return bad("the checkpoint size is not a decimal number");
  const root = decodeBase64(rootLine);
  if (!root || root.length !== 32 || /[-_]/.test(rootLine)) return bad("the checkpoint root is not a base64 SHA-256 hash");
  const signatures: NoteSignature[] = [];
  for (const line of sigBlock.slice(0, -1).split("\n")) {
    if (!line.startsWith(SIG_PREFIX)) return bad("a checkpoint signature line does not start with an em dash");
    const [name, blob, ...rest] = line.slice(SIG_PREFIX.length).split(" ");
    const bytes = blob === undefined ? undefined : decodeBase64(blob);
    if (!name || rest.length || !bytes || bytes.length < 5) return bad("a checkpoint signature line is not `— <name> <base64>`");
    signatures.push({ name, keyHash: bytes.subarray(0, 4), sig: bytes.subarray(4) });
  }
  return ok({ checkpoint: { origin, size: Number(sizeLine), root }, text, signatures });
}

/** The checkpoint, if at least one signature verifies with a pinned key; signatures by other keys are ignored, as the spec asks. */
export function verifyCheckpoint(note: string, keys: readonly PublicKey[]): Result<ParsedCheckpoint & { key: PublicKey }> {
  const parsed = parseCheckpoint(note);
  if (!parsed.ok) return parsed;
  const message = Buffer.from(parsed.value.text, "utf8");
  let claimed = false;
  for (const s of parsed.value.signatures) {
    for (const key of keys) {
      if (!noteKeyHash(s.name, key.raw).equals(s.keyHash)) continue;
      claimed = true;
      if (verifySignature(key, message, s.sig)) return ok({ ...parsed.value, key });
    }
  }
  return err({
    code: "audit.checkpoint-signature",
    file: "checkpoint",
    message: claimed
      ? "the checkpoint signature by a pinned key does not verify: the checkpoint was altered or forged"
      : "the checkpoint is not signed by any pinned key",
  });
}
