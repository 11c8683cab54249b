import { describe, it, expect } from "@jest/globals";
import { createHash, createPrivateKey, generateKeyPairSync } from "node:crypto";
import { pae, parseEnvelope, signEnvelope, verifyEnvelope } from "../../core/audit/dsse.js";
import {
  generateSigningKey,
  keyIdOf,
  parsePublicKey,
  signerFromKeyObject,
  signerFromPem,
  type PublicKey,
} from "../../core/audit/keys.js";

// RFC 8032 §7.1, TEST 1.
const RFC8032_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const RFC8032_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
const RFC8032_SIG_EMPTY =
  "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
const PKCS8_ED25519_HEADER = "302e020100300506032b657004220420";

const rfcSigner = () =>
  signerFromKeyObject(createPrivateKey({ key: Buffer.from(PKCS8_ED25519_HEADER + RFC8032_SEED, "hex"), format: "der", type: "pkcs8" }));

const pinned = (text: string): PublicKey => {
  const k = parsePublicKey(text);
  if (!k.ok) throw new Error(k.error.message);
  return k.value;
};

describe("keys", () => {
  it("derives the pinned form and keyid of the RFC 8032 test key, and signs as the RFC says", () => {
    const signer = rfcSigner();
    expect(signer.publicKey).toBe(`ed25519:${Buffer.from(RFC8032_PUBLIC, "hex").toString("base64")}`);
    expect(signer.keyid).toBe(createHash("sha256").update(Buffer.from(RFC8032_PUBLIC, "hex")).digest("hex").slice(0, 16));
    expect(signer.sign(new Uint8Array()).toString("hex")).toBe(RFC8032_SIG_EMPTY);
  });

  it("parses the pinned form, also in base64url, and rejects other shapes", () => {
    const text = `ed25519:${Buffer.from(RFC8032_PUBLIC, "hex").toString("base64")}`;
    const k = pinned(text);
    expect(k.raw.toString("hex")).toBe(RFC8032_PUBLIC);
    expect(k.keyid).toBe(keyIdOf(Buffer.from(RFC8032_PUBLIC, "hex")));
    expect(pinned(`ed25519:${Buffer.from(RFC8032_PUBLIC, "hex").toString("base64url")}`).text).toBe(text);
    expect(parsePublicKey(Buffer.from(RFC8032_PUBLIC, "hex").toString("base64")).ok).toBe(false); // no prefix
    expect(parsePublicKey(`ed25519:${Buffer.alloc(31).toString("base64")}`).ok).toBe(false);
    expect(parsePublicKey("ed25519:not base64!").ok).toBe(false);
  });

  it("generates keys whose PEM round-trips to the same public key", () => {
    const g = generateSigningKey();
    const s = signerFromPem(g.privateKeyPem);
    expect(s.ok && s.value.publicKey).toBe(g.publicKey);
    expect(s.ok && s.value.keyid).toBe(g.keyid);
    // A PEM pasted into a one-line environment variable arrives with literal \n.
    const oneLine = g.privateKeyPem.trim().replace(/\n/g, "\\n");
    const s2 = signerFromPem(oneLine);
    expect(s2.ok && s2.value.publicKey).toBe(g.publicKey);
  });

  it("refuses non-Ed25519 and broken keys without echoing them", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    const r = signerFromPem(rsa);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/not Ed25519/);
    const secretBody = "MC4CAQAwBQYDK2VwBCIEIPRIVATEPRIVATEPRIVATEPRIVATEPRIVATExx";
    const broken = signerFromPem(`-----BEGIN PRIVATE KEY-----\n${secretBody}\n-----END PRIVATE KEY-----\n`);
    expect(broken.ok).toBe(false);
    if (!broken.ok) {
      expect(broken.error.message).not.toContain("PRIVATEPRIVATE");
      expect(broken.error.code).toBe("audit.signing-key-invalid");
    }
    expect(signerFromPem("just some text").ok).toBe(false);
  });
});

describe("DSSE", () => {
  it("encodes the pre-authentication encoding as the DSSE spec's example", () => {
    expect(pae("http://example.com/HelloWorld", Buffer.from("hello world")).toString()).toBe(
      "DSSEv1 29 http://example.com/HelloWorld 11 hello world",
    );
    // Lengths are in bytes, not characters.
    expect(pae("t", Buffer.from("é", "utf8")).toString("utf8")).toBe("DSSEv1 1 t 2 é");
  });

  it("signs over PAE: the signature verifies as Ed25519 over PAE(type, payload)", () => {
    const signer = rfcSigner();
    const env = signEnvelope("application/vnd.in-toto+json", Buffer.from('{"a":1}'), signer);
    expect(Buffer.from(env.payload, "base64").toString()).toBe('{"a":1}');
    expect(env.signatures).toHaveLength(1);
    expect(env.signatures[0]!.keyid).toBe(signer.keyid);
    expect(env.signatures[0]!.sig).toBe(signer.sign(pae("application/vnd.in-toto+json", Buffer.from('{"a":1}'))).toString("base64"));
  });

  it("round-trips through JSON and verifies with the pinned key", () => {
    const g = generateSigningKey();
    const signer = signerFromPem(g.privateKeyPem);
    if (!signer.ok) throw new Error("key");
    const env = signEnvelope("application/vnd.in-toto+json", Buffer.from("payload"), signer.value);
    const parsed = parseEnvelope(JSON.stringify(env, null, 2));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const check = verifyEnvelope(parsed.value, [pinned(g.publicKey)]);
    expect(check.status).toBe("verified");
    if (check.status === "verified") expect(check.payload.toString()).toBe("payload");
  });

  it("tells an altered payload, a changed type, a forged signature and an unpinned key apart", () => {
    const g = generateSigningKey();
    const other = generateSigningKey();
    const signer = signerFromPem(g.privateKeyPem);
    const otherSigner = signerFromPem(other.privateKeyPem);
    if (!signer.ok || !otherSigner.ok) throw new Error("key");
    const keys = [pinned(g.publicKey)];
    const env = signEnvelope("application/vnd.in-toto+json", Buffer.from("payload"), signer.value);

    expect(verifyEnvelope({ ...env, payload: Buffer.from("payloaD").toString("base64") }, keys).status).toBe("bad-signature");
    expect(verifyEnvelope({ ...env, payloadType: "text/plain" }, keys).status).toBe("bad-signature");

    // Signed by another key but claiming the pinned keyid: a forgery.
    const forged = signEnvelope("application/vnd.in-toto+json", Buffer.from("payload"), { ...otherSigner.value, keyid: signer.value.keyid });
    expect(verifyEnvelope(forged, keys).status).toBe("bad-signature");

    // Signed by another key under its own keyid: appended by someone else.
    const foreign = signEnvelope("application/vnd.in-toto+json", Buffer.from("payload"), otherSigner.value);
    const check = verifyEnvelope(foreign, keys);
    expect(check.status).toBe("unpinned");
    if (check.status === "unpinned") expect(check.keyids).toEqual([other.keyid]);

    // A keyid is a hint: a valid signature with a wrong keyid still verifies.
    const misLabelled = { ...env, signatures: [{ keyid: "whatever", sig: env.signatures[0]!.sig }] };
    expect(verifyEnvelope(misLabelled, keys).status).toBe("verified");

    expect(verifyEnvelope({ ...env, payload: "!!!" }, keys).status).toBe("malformed");
  });

  it("rejects envelopes that are not DSSE", () => {
    expect(parseEnvelope("not json").ok).toBe(false);
    expect(parseEnvelope(JSON.stringify({ payloadType: "x", payload: "", signatures: [] })).ok).toBe(false);
    expect(parseEnvelope(JSON.stringify({ payloadType: "x", payload: "", signatures: [{ keyid: "k", sig: "" }], note: "unsigned text" })).ok).toBe(false);
  });
});
