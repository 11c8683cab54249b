/**
 * RFC 6962 (§2.1) Merkle tree hashing, as used by Certificate Transparency and
 * the C2SP transparency-log ecosystem: a root computed here can be checked by
 * any implementation that agrees with those reference vectors.
 *
 * Leaves are the entry files' bytes in seq order. Proof verification follows
 * the algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2.
 */
import { createHash } from "node:crypto";

export type Hash = Buffer;

const sha256 = (...parts: Uint8Array[]): Hash => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest();
};

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** MTH({}) = SHA-256(""). */
export const EMPTY_ROOT: Hash = sha256();

export const leafHash = (data: Uint8Array): Hash => sha256(LEAF_PREFIX, data);
export const nodeHash = (left: Uint8Array, right: Uint8Array): Hash => sha256(NODE_PREFIX, left, right);

/** Largest power of two strictly smaller than n (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over already-hashed leaves. */
export function rootOf(leaves: readonly Hash[]): Hash {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0]!;
  const k = split(leaves.length);
  return nodeHash(rootOf(leaves.slice(0, k)), rootOf(leaves.slice(k)));
}

function checkRange(index: number, size: number, total: number, what: string): void {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || size > total || index >= size) {
    throw new RangeError(`${what}: index ${index} is outside a tree of size ${size} (have ${total} leaves)`);
  }
}

/** PATH(m, D[n]) of RFC 6962 §2.1.1: the audit path of leaf `index` in the tree of the first `size` leaves. */
export function inclusionProof(leaves: readonly Hash[], index: number, size = leaves.length): Hash[] {
  checkRange(index, size, leaves.length, "inclusion proof");
  const path = (m: number, d: readonly Hash[]): Hash[] => {
    if (d.length <= 1) return [];
    const k = split(d.length);
    return m < k
      ? [...path(m, d.slice(0, k)), rootOf(d.slice(k))]
      : [...path(m - k, d.slice(k)), rootOf(d.slice(0, k))];
  };
  return path(index, leaves.slice(0, size));
}

export function verifyInclusion(leaf: Uint8Array, index: number, size: number, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return false;
  if (leaf.length !== 32 || root.length !== 32 || proof.some((p) => p.length !== 32)) return false;
  let fn = index;
  let sn = size - 1;
  let r: Hash = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/** PROOF(m, D[n]) of RFC 6962 §2.1.2: shows the tree of the first `m` leaves is a prefix of the tree of the first `n`. */
export function consistencyProof(leaves: readonly Hash[], m: number, n = leaves.length): Hash[] {
  if (!Number.isInteger(m) || !Number.isInteger(n) || m < 0 || m > n || n > leaves.length) {
    throw new RangeError(`consistency proof: sizes ${m} → ${n} are not valid for ${leaves.length} leaves`);
  }
  if (m === 0 || m === n) return [];
  const sub = (mm: number, d: readonly Hash[], complete: boolean): Hash[] => {
    if (mm === d.length) return complete ? [] : [rootOf(d)];
    const k = split(d.length);
    return mm <= k
      ? [...sub(mm, d.slice(0, k), complete), rootOf(d.slice(k))]
      : [...sub(mm - k, d.slice(k), false), rootOf(d.slice(0, k))];
  };
  return sub(m, leaves.slice(0, n), true);
}

export function verifyConsistency(m: number, n: number, rootM: Uint8Array, rootN: Uint8Array, proof: readonly Uint8Array[]): boolean {
  if (!Number.isInteger(m) || !Number.isInteger(n) || m < 0 || m > n) return false;
  if (rootM.length !== 32 || rootN.length !== 32 || proof.some((p) => p.length !== 32)) return false;
  if (m === n) return proof.length === 0 && Buffer.from(rootM).equals(rootN);
  if (m === 0) return proof.length === 0; // the empty tree is a prefix of every tree
  if (proof.length === 0) return false;
  const path = (m & (m - 1)) === 0 ? [rootM, ...proof] : [...proof];
  let fn = m - 1;
  let sn = n - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Hash = Buffer.from(path[0]!);
  let sr: Hash = Buffer.from(path[0]!);
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(rootM) && sr.equals(rootN);
}

/**
 * A compact range covering leaves [0, size): the roots of the perfect
 * subtrees given by the binary digits of `size`, largest first. It is all an
 * appender needs to compute the next root, so appends never read old entries.
 */
export interface CompactRange {
  size: number;
  nodes: Hash[];
}

export const emptyRange = (): CompactRange => ({ size: 0, nodes: [] });

export function appendLeaf(range: CompactRange, leaf: Hash): CompactRange {
  const nodes = [...range.nodes, leaf];
  // Each trailing 1-bit of the old size is a perfect subtree that the new leaf completes.
  for (let s = range.size; s % 2 === 1; s = Math.floor(s / 2)) {
    const right = nodes.pop()!;
    const left = nodes.pop()!;
    nodes.push(nodeHash(left, right));
  }
  return { size: range.size + 1, nodes };
}

export function rangeRoot(range: CompactRange): Hash {
  if (range.nodes.length === 0) return EMPTY_ROOT;
  let r = range.nodes[range.nodes.length - 1]!;
  for (let i = range.nodes.length - 2; i >= 0; i--) r = nodeHash(range.nodes[i]!, r);
  return r;
}

/** Number of nodes a valid compact range of `size` leaves has (its popcount). */
export function rangeWidth(size: number): number {
  let w = 0;
  for (let s = size; s > 0; s = Math.floor(s / 2)) w += s % 2;
  return w;
}
