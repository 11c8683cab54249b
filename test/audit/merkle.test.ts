import { describe, it, expect } from "@jest/globals";
import { createHash } from "node:crypto";
import {
  EMPTY_ROOT,
  appendLeaf,
  consistencyProof,
  emptyRange,
  inclusionProof,
  leafHash,
  nodeHash,
  rangeRoot,
  rootOf,
  verifyConsistency,
  verifyInclusion,
} from "../../core/audit/merkle.js";

// The Certificate Transparency reference inputs and tree heads for sizes 1..8 (RFC 6962 hashing).
const CT_LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map((h) =>
  leafHash(Buffer.from(h, "hex")),
);
const CT_ROOTS = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];
const hex = (hs: Buffer[]) => hs.map((h) => h.toString("hex"));

describe("RFC 6962 Merkle tree", () => {
  it("hashes the empty tree as SHA-256 of nothing, and leaves and nodes with their prefixes", () => {
    expect(EMPTY_ROOT.toString("hex")).toBe(createHash("sha256").digest("hex"));
    expect(rootOf([]).equals(EMPTY_ROOT)).toBe(true);
    expect(leafHash(Buffer.from("x")).equals(createHash("sha256").update(Buffer.from([0, 0x78])).digest())).toBe(true);
    const l = leafHash(Buffer.from("l"));
    const r = leafHash(Buffer.from("r"));
    expect(nodeHash(l, r).equals(createHash("sha256").update(Buffer.concat([Buffer.from([1]), l, r])).digest())).toBe(true);
  });

  it("matches the Certificate Transparency reference roots for sizes 1 to 8", () => {
    for (let n = 1; n <= 8; n++) expect(rootOf(CT_LEAVES.slice(0, n)).toString("hex")).toBe(CT_ROOTS[n - 1]);
  });

  it("matches the reference inclusion proofs", () => {
    expect(hex(inclusionProof(CT_LEAVES, 0, 8))).toEqual([
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ]);
    expect(hex(inclusionProof(CT_LEAVES, 5, 8))).toEqual([
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ]);
  });

  it("matches the reference consistency proofs", () => {
    expect(hex(consistencyProof(CT_LEAVES, 1, 8))).toEqual([
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ]);
    expect(hex(consistencyProof(CT_LEAVES, 6, 8))).toEqual([
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ]);
    expect(hex(consistencyProof(CT_LEAVES, 2, 8))).toEqual([
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ]);
    for (const [m, n] of [[1, 8], [2, 8], [6, 8]] as const) {
      expect(verifyConsistency(m, n, Buffer.from(CT_ROOTS[m - 1]!, "hex"), Buffer.from(CT_ROOTS[n - 1]!, "hex"), consistencyProof(CT_LEAVES, m, n))).toBe(true);
    }
  });

  const leaves = Array.from({ length: 37 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
  const roots = Array.from({ length: leaves.length + 1 }, (_, n) => rootOf(leaves.slice(0, n)));

  it("proves every leaf's inclusion in every tree size, and refuses altered proofs", () => {
    for (let n = 1; n <= leaves.length; n++) {
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(leaves, i, n);
        expect(verifyInclusion(leaves[i]!, i, n, proof, roots[n]!)).toBe(true);
        expect(verifyInclusion(leaves[(i + 1) % n]!, i, n, proof, roots[n]!)).toBe(n === 1);
        if (proof.length) {
          const bent = proof.map((p) => Buffer.from(p));
          bent[0]![0]! ^= 1;
          expect(verifyInclusion(leaves[i]!, i, n, bent, roots[n]!)).toBe(false);
          expect(verifyInclusion(leaves[i]!, i, n, proof.slice(1), roots[n]!)).toBe(false);
        }
      }
    }
  });

  it("proves every older tree is a prefix of every newer one, and refuses a rewritten prefix", () => {
    for (let n = 1; n <= leaves.length; n++) {
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(leaves, m, n);
        expect(verifyConsistency(m, n, roots[m]!, roots[n]!, proof)).toBe(true);
        if (m < n) {
          const rewritten = [...leaves];
          rewritten[m - 1] = leafHash(Buffer.from("rewritten"));
          expect(verifyConsistency(m, n, rootOf(rewritten.slice(0, m)), roots[n]!, proof)).toBe(false);
          expect(verifyConsistency(m, n, roots[m]!, roots[n]!, proof.slice(0, -1))).toBe(false);
        }
      }
    }
  });

  it("keeps the same root through a compact range as over all leaves", () => {
    let range = emptyRange();
    expect(rangeRoot(range).equals(EMPTY_ROOT)).toBe(true);
    for (let n = 1; n <= leaves.length; n++) {
      range = appendLeaf(range, leaves[n - 1]!);
      expect(range.size).toBe(n);
      // One node per 1-bit of the size: appends need only log2(n) hashes.
      expect(range.nodes).toHaveLength(n.toString(2).split("").filter((b) => b === "1").length);
      expect(rangeRoot(range).equals(roots[n]!)).toBe(true);
    }
  });
});
