/**
 * Verification of an audit branch from its history and its files at the tip.
 * Pure: the CLI (or the App) reads git, this judges. Each problem names the
 * entry (seq and file) and, for history problems, the commit.
 *
 * What is checked: each entry's signature against the pinned keys, its
 * statement and predicate against the schema, contiguous seq from 1, the hash
 * chain, the checkpoint's signature and its Merkle root and size, that history
 * is linear from an orphan root and only ever adds entry files (at most one
 * per commit, in seq order), that the derived files (state.json, key indexes,
 * tables) are what the entries imply, and optionally that an outside
 * checkpoint is a prefix of the branch (truncation and rewrite detection).
 */
import type { Problem } from "../errors/problem.js";
import type { AuditPredicate } from "../generated/audit-predicate.js";
import { verifyCheckpoint, type Checkpoint } from "./checkpoint.js";
import { parseEnvelope, verifyEnvelope } from "./dsse.js";
import { parsePublicKey, type PublicKey } from "./keys.js";
import {
  CHECKPOINT_PATH,
  ENTRY_PATH_PATTERN,
  KEY_INDEX_PATTERN,
  MONTH_README_PATTERN,
  README_PATH,
  STATE_PATH,
  deriveState,
  entryPath,
  keyIndexContent,
  keyIndexPath,
  monthFor,
  monthReadmePath,
  parseState,
  rowOf,
  serializeState,
  sha256Hex,
  type AppendedEntry,
} from "./layout.js";
import { leafHash, rootOf } from "./merkle.js";
import { renderMonthReadme, renderReadme } from "./readme.js";
import { PAYLOAD_TYPE, parseStatement } from "./statement.js";

export interface HistoryChange {
  /** git --name-status letter: A added, M modified, D deleted, T type changed. */
  status: string;
  path: string;
}

export interface HistoryCommit {
  sha: string;
  parents: string[];
  /** Changes against the first parent (against the empty tree for a root commit). */
  changes: HistoryChange[];
}

export interface AuditProblem extends Problem {
  seq?: number;
  commit?: string;
}

export interface VerifyInput {
  /** Every commit reachable from the tip, oldest first (parents before children). */
  commits: readonly HistoryCommit[];
  /** Files at the tip: path → content. */
  files: ReadonlyMap<string, string>;
  /** Pinned public keys, `ed25519:…`. */
  keys: readonly string[];
  /** A checkpoint kept outside the branch (PR comment, file), to detect truncation and rewrites. */
  checkpoint?: string;
  /** Expected log origin, when the caller knows it. */
  origin?: string;
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  problems: AuditProblem[];
  /** The branch's checkpoint, when it verified. */
  checkpoint?: { origin: string; size: number; root: string };
}

interface EntryInfo {
  path: string;
  text: string;
  hash: string;
  leaf: Buffer;
  nameSeq: number;
  predicate?: AuditPredicate;
  key?: PublicKey;
}

const pad = (seq: number) => String(seq).padStart(6, "0");

function isLayoutPath(path: string): boolean {
  return (
    path === README_PATH ||
    path === CHECKPOINT_PATH ||
    path === STATE_PATH ||
    ENTRY_PATH_PATTERN.test(path) ||
    MONTH_README_PATTERN.test(path) ||
    KEY_INDEX_PATTERN.test(path)
  );
}

/** An entry-like path (even a malformed name) is treated as an entry for history checks, so renames cannot dodge them. */
const isEntryLike = (path: string) => path.startsWith("entries/") && path.endsWith(".json");
const seqOfPath = (path: string): number | undefined => {
  const m = /\/(\d{6,})-[^/]*\.json$/.exec(path);
  return m ? Number(m[1]) : undefined;
};

function readEntry(path: string, text: string, keys: readonly PublicKey[], problems: AuditProblem[]): EntryInfo {
  const nameSeq = Number(ENTRY_PATH_PATTERN.exec(path)![3]);
  const bytes = Buffer.from(text, "utf8");
  const info: EntryInfo = { path, text, hash: sha256Hex(bytes), leaf: leafHash(bytes), nameSeq };
  const at = { seq: nameSeq, file: path };
  const envelope = parseEnvelope(text);
  if (!envelope.ok) {
    problems.push({ ...envelope.error, ...at });
    return info;
  }
  if (envelope.value.payloadType !== PAYLOAD_TYPE) {
    problems.push({ code: "audit.envelope-malformed", message: `payloadType is ${JSON.stringify(envelope.value.payloadType)}, not ${PAYLOAD_TYPE}`, ...at });
  }
  const check = verifyEnvelope(envelope.value, keys);
  if (check.status === "malformed") {
    problems.push({ code: "audit.envelope-malformed", message: check.message, ...at });
    return info;
  }
  if (check.status === "verified") info.key = check.key;
  else if (check.status === "unpinned") {
    problems.push({
      code: "audit.unpinned-key",
      message: `entry ${pad(nameSeq)} is signed by key ${check.keyids.map((k) => k || "(no keyid)").join(", ")}, which is not pinned: it was appended outside PromptOps`,
      ...at,
    });
  } else {
    problems.push({
      code: "audit.bad-signature",
      message: `the signature of entry ${pad(nameSeq)} does not verify with the pinned key it names: the entry was altered or the signature forged`,
      ...at,
    });
  }
  const statement = parseStatement(check.payload);
  if (!statement.ok) {
    for (const p of statement.error) problems.push({ ...p, ...at, message: `entry ${pad(nameSeq)}: ${p.message}` });
    return info;
  }
  info.predicate = statement.value.predicate;
  if (info.predicate.seq !== nameSeq) {
    problems.push({
      code: "audit.misplaced-entry",
      message: `file ${path} holds entry seq ${info.predicate.seq}: entries were moved or swapped`,
      ...at,
    });
  }
  return info;
}

function checkHistory(commits: readonly HistoryCommit[], problems: AuditProblem[]): void {
  let expected = 1;
  commits.forEach((c, i) => {
    if (i === 0 && c.parents.length !== 0) {
      problems.push({ code: "audit.history-not-orphan", message: `the first commit ${c.sha} has parents: the branch does not start with its own orphan commit`, commit: c.sha });
    }
    if (i > 0 && (c.parents.length !== 1 || c.parents[0] !== commits[i - 1]!.sha)) {
      problems.push({
        code: "audit.history-nonlinear",
        message: c.parents.length > 1 ? `commit ${c.sha} is a merge: the history is not linear` : `commit ${c.sha} does not follow ${commits[i - 1]!.sha}: the history is not linear`,
        commit: c.sha,
      });
    }
    const added: number[] = [];
    for (const ch of c.changes) {
      const seq = seqOfPath(ch.path);
      const at = { file: ch.path, commit: c.sha, ...(seq === undefined ? {} : { seq }) };
      if (!isLayoutPath(ch.path) && !isEntryLike(ch.path) && ch.status !== "D") {
        problems.push({ code: "audit.unexpected-file", message: `commit ${c.sha} writes ${ch.path}, which is not part of the audit log`, ...at });
      }
      if (!isEntryLike(ch.path)) continue;
      if (ch.status === "A") {
        added.push(seq ?? NaN);
        if (seq !== undefined) {
          if (seq !== expected) {
            problems.push({ code: "audit.out-of-order", message: `commit ${c.sha} adds entry ${pad(seq)} where entry ${pad(expected)} was due`, ...at });
          }
          expected = seq + 1;
        }
      } else if (ch.status === "D") {
        problems.push({ code: "audit.entry-deleted", message: `commit ${c.sha} deletes entry file ${ch.path}`, ...at });
      } else {
        problems.push({ code: "audit.entry-modified", message: `commit ${c.sha} modifies entry file ${ch.path}: entries are never changed once written`, ...at });
      }
    }
    if (added.length > 1) {
      problems.push({
        code: "audit.multiple-entries",
        message: `commit ${c.sha} adds ${added.length} entries at once; PromptOps adds one per commit (history rewritten or written by hand)`,
        commit: c.sha,
        ...(Number.isFinite(added[0]) ? { seq: added[0] } : {}),
      });
    }
  });
}

function checkDerived(entries: readonly EntryInfo[], files: ReadonlyMap<string, string>, problems: AuditProblem[]): void {
  const stateText = files.get(STATE_PATH);
  if (stateText === undefined) {
    problems.push({ code: "audit.state-missing", message: `${STATE_PATH} is missing`, file: STATE_PATH });
    return;
  }
  const state = parseState(stateText);
  if (!state.ok) {
    problems.push(state.error);
    return;
  }
  // Only meaningful when every entry is sound; otherwise the entry problems already say more.
  if (entries.some((e) => !e.predicate || !e.key)) return;
  const last = entries[entries.length - 1];
  const signer = last ? { keyid: last.key!.keyid, public_key: last.key!.text } : null;
  const appended: AppendedEntry[] = entries.map((e) => ({ path: e.path, text: e.text, predicate: e.predicate! }));
  const expected = deriveState(state.value.origin, state.value.branch, appended, signer);
  const mismatch = (file: string, what: string) =>
    problems.push({ code: "audit.index-mismatch", message: `${file} ${what}: it was edited by hand or not written by PromptOps`, file });

  if (serializeState(expected) !== stateText) mismatch(STATE_PATH, "does not match the entries");
  if (files.get(README_PATH) !== renderReadme(expected)) mismatch(README_PATH, "does not match the entries");

  const months = new Map<string, ReturnType<typeof rowOf>[]>();
  for (const e of appended) {
    const month = e.path.split("/").slice(1, 3).join("/");
    months.set(month, [...(months.get(month) ?? []), rowOf(e.predicate, e.path)]);
  }
  for (const [month, rows] of months) {
    const path = monthReadmePath(month);
    if (files.get(path) !== renderMonthReadme(month, rows)) mismatch(path, files.has(path) ? "does not list the month's entries" : "is missing");
  }

  const indexes = new Map(appended.map((e) => [keyIndexPath(e.predicate.idempotency_key), keyIndexContent(e.predicate.seq, e.path)]));
  for (const [path, content] of indexes) {
    if (files.get(path) !== content) mismatch(path, files.has(path) ? "points at the wrong entry" : "is missing");
  }
  for (const path of files.keys()) {
    if (KEY_INDEX_PATTERN.test(path) && !indexes.has(path)) mismatch(path, "indexes no entry");
    const m = MONTH_README_PATTERN.exec(path);
    if (m && !months.has(`${m[1]}/${m[2]}`)) mismatch(path, "belongs to a month without entries");
  }
}

export function verifyLog(input: VerifyInput): VerifyResult {
  const problems: AuditProblem[] = [];
  const keys: PublicKey[] = [];
  for (const k of input.keys) {
    const parsed = parsePublicKey(k);
    if (parsed.ok) keys.push(parsed.value);
    else problems.push({ ...parsed.error, message: `pinned key ${k.slice(0, 20)}…: ${parsed.error.message}` });
  }
  if (keys.length === 0) problems.push({ code: "audit.no-keys", message: "no valid public key to verify against: pass the keys pinned in the policy (audit.public_keys)" });

  // Entries, in seq order of their file names (the position a reader browsing the branch sees).
  const all: EntryInfo[] = [];
  for (const [path, text] of [...input.files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (ENTRY_PATH_PATTERN.test(path)) all.push(readEntry(path, text, keys, problems));
    else if (!isLayoutPath(path)) problems.push({ code: "audit.unexpected-file", message: `${path} is not part of the audit log`, file: path });
  }
  all.sort((a, b) => a.nameSeq - b.nameSeq || (a.path < b.path ? -1 : 1));
  const bySeq = new Map<number, EntryInfo>();
  for (const e of all) {
    if (bySeq.has(e.nameSeq)) {
      problems.push({ code: "audit.duplicate-seq", message: `two files hold entry ${pad(e.nameSeq)}: ${bySeq.get(e.nameSeq)!.path} and ${e.path}`, seq: e.nameSeq, file: e.path });
    } else bySeq.set(e.nameSeq, e);
  }
  const maxSeq = all.length ? all[all.length - 1]!.nameSeq : 0;
  const ordered: EntryInfo[] = [];
  const seenKeys = new Map<string, number>();
  let prevMonth: string | null = null;
  for (let seq = 1; seq <= maxSeq; seq++) {
    const e = bySeq.get(seq);
    if (!e) {
      const after = seq === 1 ? "the log does not start at 000001" : `the sequence jumps from ${pad(seq - 1)} to a later entry`;
      problems.push({ code: "audit.missing-entry", message: `entry ${pad(seq)} is missing: ${after}`, seq });
      continue;
    }
    ordered.push(e);
    const p = e.predicate;
    const at = { seq, file: e.path };
    if (!p) continue;
    const before = bySeq.get(seq - 1);
    if (seq === 1 && p.prev !== null) {
      problems.push({ code: "audit.chain-broken", message: "entry 000001 must have prev null: entries before it were removed", ...at });
    } else if (seq > 1 && before && p.prev !== before.hash) {
      problems.push({ code: "audit.chain-broken", message: `entry ${pad(seq)}'s prev is not the SHA-256 of entry ${pad(seq - 1)} (${before.path}): an entry before it was changed, removed or reordered`, ...at });
    }
    const expectedPath = entryPath(monthFor(p.decided_at, prevMonth), seq, p);
    if (p.seq === seq && expectedPath !== e.path) {
      problems.push({ code: "audit.misplaced-entry", message: `entry ${pad(seq)} belongs at ${expectedPath}`, ...at });
    }
    prevMonth = e.path.split("/").slice(1, 3).join("/");
    const dup = seenKeys.get(p.idempotency_key);
    if (dup !== undefined) {
      problems.push({ code: "audit.duplicate-key", message: `entry ${pad(seq)} records the same decision (idempotency key) as entry ${pad(dup)}`, ...at });
    } else seenKeys.set(p.idempotency_key, seq);
  }

  // The branch's own checkpoint.
  const leaves = ordered.map((e) => e.leaf);
  let branchCheckpoint: Checkpoint | undefined;
  const note = input.files.get(CHECKPOINT_PATH);
  if (note === undefined) {
    if (input.files.size) problems.push({ code: "audit.checkpoint-missing", message: "the branch has no checkpoint", file: CHECKPOINT_PATH });
  } else if (keys.length) {
    const cp = verifyCheckpoint(note, keys);
    if (!cp.ok) problems.push(cp.error);
    else {
      branchCheckpoint = cp.value.checkpoint;
      const root = rootOf(leaves);
      if (branchCheckpoint.size !== all.length || !branchCheckpoint.root.equals(root)) {
        problems.push({
          code: "audit.checkpoint-mismatch",
          message: `the checkpoint is for ${branchCheckpoint.size} entries with root ${branchCheckpoint.root.toString("base64")}, but the branch has ${all.length} entries with root ${root.toString("base64")}`,
          file: CHECKPOINT_PATH,
        });
      }
      if (input.origin && branchCheckpoint.origin !== input.origin) {
        problems.push({ code: "audit.origin-mismatch", message: `the checkpoint's origin is ${branchCheckpoint.origin}, expected ${input.origin}`, file: CHECKPOINT_PATH });
      }
    }
  }

  // A checkpoint kept outside the branch: the branch must still extend it.
  if (input.checkpoint !== undefined && keys.length) {
    const outside = verifyCheckpoint(input.checkpoint, keys);
    if (!outside.ok) {
      problems.push({ ...outside.error, code: "audit.outside-checkpoint-signature", file: undefined, message: `the outside checkpoint: ${outside.error.message}` });
    } else {
      const o = outside.value.checkpoint;
      const origin = branchCheckpoint?.origin ?? input.origin;
      if (origin && o.origin !== origin) {
        problems.push({ code: "audit.origin-mismatch", message: `the outside checkpoint is for log ${o.origin}, this branch is ${origin}` });
      } else if (o.size > leaves.length) {
        problems.push({
          code: "audit.truncated",
          message: `the outside checkpoint covers ${o.size} entries but the branch has ${leaves.length}: entries ${pad(leaves.length + 1)} to ${pad(o.size)} were removed (branch truncated or rewritten)`,
          seq: leaves.length + 1,
        });
      } else if (!rootOf(leaves.slice(0, o.size)).equals(o.root)) {
        problems.push({
          code: "audit.rewritten",
          message: `the first ${o.size} entries do not match the outside checkpoint: at least one of entries 000001 to ${pad(o.size)} was rewritten`,
          seq: o.size,
          ...(ordered[o.size - 1] ? { file: ordered[o.size - 1]!.path } : {}),
        });
      }
    }
  }

  if (input.commits.length === 0 && input.files.size > 0) {
    problems.push({ code: "audit.history-missing", message: "the branch has files but no history was given" });
  }
  checkHistory(input.commits, problems);
  if (input.files.size > 0) checkDerived(ordered, input.files, problems);

  // General problems first, then per entry in seq order, so the output reads like the log.
  const sorted = problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.seq ?? 0) - (b.p.seq ?? 0) || a.i - b.i)
    .map(({ p }) => p);
  return {
    ok: sorted.length === 0,
    entries: all.length,
    problems: sorted,
    ...(branchCheckpoint ? { checkpoint: { origin: branchCheckpoint.origin, size: branchCheckpoint.size, root: branchCheckpoint.root.toString("base64") } } : {}),
  };
}
