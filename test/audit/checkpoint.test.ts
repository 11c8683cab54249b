import { describe, it, expect } from "@jest/globals";
import { createHash, verify as cryptoVerify } from "node:crypto";
import { noteKeyHash, parseCheckpoint, signCheckpoint, verifyCheckpoint } from "../../core/audit/checkpoint.js";
import { generateSigningKey, parsePublicKey, signerFromPem, type PublicKey } from "../../core/audit/keys.js";
import { rootOf, leafHash } from "../../core/audit/merkle.js";

function keyPair() {
  const g = generateSigningKey();
  const s = signerFromPem(g.privateKeyPem);
  const p = parsePublicKey(g.publicKey);
  if (!s.ok || !p.ok) throw new Error("key");
  return { signer: s.value, pub: p.value as PublicKey };
}

const root = rootOf(["a", "b", "c"].map((x) => leafHash(Buffer.from(x))));
const origin = "github.com/acme/prompts/promptops-audit";

describe("checkpoint (C2SP signed note)", () => {
  it("writes origin, size and base64 root, a blank line and one em-dash signature line", () => {
    const { signer, pub } = keyPair();
    const note = signCheckpoint({ origin, size: 3, root }, signer);
    const [text, sigBlock] = note.split("\n\n");
    expect(`${text}\n`).toBe(`${origin}\n3\n${root.toString("base64")}\n`);
    const m = /^\u2014 (\S+) (\S+)\n$/.exec(sigBlock!);
    expect(m).not.toBeNull();
    expect(m![1]).toBe(origin);
    const blob = Buffer.from(m![2]!, "base64");
    // Key hash per the signed-note spec: SHA-256(name || "\n" || 0x01 || raw key)[:4].
    const expectedHash = createHash("sha256").update(`${origin}\n`).update(Buffer.from([1])).update(pub.raw).digest().subarray(0, 4);
    expect(blob.subarray(0, 4).equals(expectedHash)).toBe(true);
    expect(noteKeyHash(origin, pub.raw).equals(expectedHash)).toBe(true);
    // The signature is plain Ed25519 over the note text.
    expect(cryptoVerify(null, Buffer.from(`${text}\n`), pub.key, blob.subarray(4))).toBe(true);
  });

  it("verifies with the pinned key and returns what it says", () => {
    const { signer, pub } = keyPair();
    const v = verifyCheckpoint(signCheckpoint({ origin, size: 3, root }, signer), [pub]);
    expect(v.ok).toBe(true);
    if (v.ok) {
      expect(v.value.checkpoint.size).toBe(3);
      expect(v.value.checkpoint.origin).toBe(origin);
      expect(v.value.checkpoint.root.equals(root)).toBe(true);
    }
  });

  it("refuses an altered size or root, another key, and a broken note", () => {
    const { signer, pub } = keyPair();
    const note = signCheckpoint({ origin, size: 3, root }, signer);
    const grown = note.replace(`${origin}\n3\n`, `${origin}\n4\n`);
    const r1 = verifyCheckpoint(grown, [pub]);
    expect(r1.ok).toBe(false);
    if (!r1.ok) expect(r1.error.code).toBe("audit.checkpoint-signature");

    const otherRoot = rootOf(["a", "b", "x"].map((x) => leafHash(Buffer.from(x))));
    expect(verifyCheckpoint(note.replace(root.toString("base64"), otherRoot.toString("base64")), [pub]).ok).toBe(false);

    const stranger = keyPair();
    const byStranger = verifyCheckpoint(signCheckpoint({ origin, size: 3, root }, stranger.signer), [pub]);
    expect(byStranger.ok).toBe(false);
    if (!byStranger.ok) expect(byStranger.error.message).toMatch(/not signed by any pinned key/);

    // A co-signature by an unknown key is ignored, as the spec asks; the pinned one still counts.
    const cosigned = note + signCheckpoint({ origin, size: 3, root }, stranger.signer).split("\n\n")[1];
    expect(verifyCheckpoint(cosigned, [pub]).ok).toBe(true);

    expect(parseCheckpoint("no signatures\n").ok).toBe(false);
    expect(parseCheckpoint(`${origin}\n03\n${root.toString("base64")}\n\n\u2014 k AAAAAAA=\n`).ok).toBe(false);
    expect(parseCheckpoint(`${origin}\n3\nnotbase64\n\n\u2014 k AAAAAAA=\n`).ok).toBe(false);
  });
});
