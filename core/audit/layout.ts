/**
 * The layout of the audit branch (DESIGN §7), pleasant in GitHub's web UI:
 *
 *     README.md                          what the branch is, how to verify, the latest 20 entries
 *     entries/YYYY/MM/README.md          the month's table
 *     entries/YYYY/MM/000123-pr456-merged.json   one DSSE envelope per decision
 *     checkpoint                         signed note: origin, size, RFC 6962 root over all entries
 *     state.json                         what the next append needs (see LogState)
 *     index/keys/ab/<sha256(key)>        one file per idempotency key: "<seq> <entry path>"
 *
 * Why state.json: the GitHub writer must stay within ≤ 5 API requests per
 * uncontended append (GET ref, GET state.json, POST tree with inline contents
 * and base_tree, POST commit, PATCH ref). So everything an append needs lives
 * in that one file: the chain head (seq, previous entry hash), the compact
 * range of the Merkle tree (≤ log2 n hashes, so old entries are never read),
 * the rows of the root and month tables, and 32-bit prefixes of every
 * idempotency key. A key whose prefix is absent is certainly new; a prefix hit
 * (a real redelivery, or a 1-in-4-billion collision) costs one more read, of
 * its index file, which is authoritative. Everything in state.json and the
 * indexes is derived from the entries; `verify` recomputes and compares it.
 *
 * Everything here is pure: the store reads and writes, this decides what.
 * The Markdown pages are rendered by readme.ts.
 */
import { createHash } from "node:crypto";
import type { AuditPredicate } from "../generated/audit-predicate.js";
import { err, ok, type Result } from "../errors/problem.js";
import { signCheckpoint } from "./checkpoint.js";
import { renderMonthReadme, renderReadme } from "./readme.js";
import { appendLeaf, leafHash, rangeRoot, rangeWidth, type CompactRange } from "./merkle.js";
import type { Signer } from "./keys.js";

export const LAYOUT_VERSION = 1;
export const README_PATH = "README.md";
export const CHECKPOINT_PATH = "checkpoint";
export const STATE_PATH = "state.json";
export const KEY_INDEX_DIR = "index/keys";
export const RECENT_ROWS = 20;
const KEY_PREFIX_HEX = 8;

export const ENTRY_PATH_PATTERN =
  /^entries\/(\d{4})\/(0[1-9]|1[0-2])\/(\d{6,})-(?:pr([1-9]\d*)-)?(merged|bypass|override|local-check)\.json$/;
export const MONTH_README_PATTERN = /^entries\/(\d{4})\/(0[1-9]|1[0-2])\/README\.md$/;
export const KEY_INDEX_PATTERN = /^index\/keys\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

/** One row of the root and month tables. */
export interface EntryRow {
  seq: number;
  file: string;
  decided_at: string;
  kind: AuditPredicate["kind"];
  decision: AuditPredicate["decision"];
  tier: AuditPredicate["tier"];
  pr: number | null;
  pr_url: string | null;
  /** Who merged a bypass or made an override. */
  actor: string | null;
  approvers: string[];
  templates: string[];
}

export interface LogState {
  layout: typeof LAYOUT_VERSION;
  origin: string;
  branch: string;
  size: number;
  last: { seq: number; file: string; sha256: string } | null;
  /** `YYYY/MM` of the latest entry; entries never go to an earlier month than this. */
  month: string | null;
  /** Compact range of the Merkle tree over all entries (hex), largest subtree first. */
  frontier: string[];
  /** Key that signed the latest entry and checkpoint. */
  signer: { keyid: string; public_key: string } | null;
  /** Newest first, at most RECENT_ROWS. */
  recent: EntryRow[];
  /** Rows of `month`, oldest first. */
  month_rows: EntryRow[];
  /** Space-separated 8-hex prefixes of sha256(idempotency key), in seq order. */
  key_prefixes: string;
}

/**
 * The log's identity in checkpoints: `<host>/<owner>/<repo>/<branch>`, e.g.
 * `github.com/acme/prompts/promptops-audit`. The App and the CLI derive the
 * same origin for the same repository, so either can extend a log.
 */
export function logOrigin(host: string, repository: string, branch: string): string {
  return `${host}/${repository}/${branch}`.replace(/[\s+]/g, "-");
}

export function initialState(origin: string, branch: string): LogState {
  return { layout: LAYOUT_VERSION, origin, branch, size: 0, last: null, month: null, frontier: [], signer: null, recent: [], month_rows: [], key_prefixes: "" };
}

export const sha256Hex = (data: string | Uint8Array): string => createHash("sha256").update(data).digest("hex");

export const keyHash = (idempotencyKey: string): string => sha256Hex(Buffer.from(idempotencyKey, "utf8"));

export function keyIndexPath(idempotencyKey: string): string {
  const h = keyHash(idempotencyKey);
  return `${KEY_INDEX_DIR}/${h.slice(0, 2)}/${h}`;
}

export const keyIndexContent = (seq: number, file: string): string => `${seq} ${file}\n`;

export function parseKeyIndex(content: string): { seq: number; file: string } | undefined {
  const m = /^([1-9]\d*) (\S+)\n$/.exec(content);
  return m ? { seq: Number(m[1]), file: m[2]! } : undefined;
}

/** Whether the state may already hold this key (a definite "no" when false). */
export function mayHaveKey(state: LogState, idempotencyKey: string): boolean {
  const prefix = keyHash(idempotencyKey).slice(0, KEY_PREFIX_HEX);
  for (let i = 0; i < state.key_prefixes.length; i += KEY_PREFIX_HEX + 1) {
    if (state.key_prefixes.startsWith(prefix, i)) return true;
  }
  return false;
}

/** `YYYY/MM` (UTC) of the decision, never earlier than the latest entry's month, so months follow seq order. */
export function monthFor(decidedAt: string, previous: string | null): string {
  const d = new Date(decidedAt);
  const own = Number.isNaN(d.getTime())
    ? (previous ?? "1970/01")
    : `${d.getUTCFullYear().toString().padStart(4, "0")}/${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
  return previous && previous > own ? previous : own;
}

export function entryFileName(seq: number, predicate: Pick<AuditPredicate, "kind" | "pull_request">): string {
  const pr = predicate.pull_request ? `pr${predicate.pull_request.number}-` : "";
  return `${String(seq).padStart(6, "0")}-${pr}${predicate.kind}.json`;
}

export const entryPath = (month: string, seq: number, predicate: Pick<AuditPredicate, "kind" | "pull_request">): string =>
  `entries/${month}/${entryFileName(seq, predicate)}`;

export const monthReadmePath = (month: string): string => `entries/${month}/README.md`;

/** The bytes an entry file holds: the envelope pretty-printed, with a trailing newline. These bytes are what is hashed. */
export const entryFileText = (envelope: unknown): string => `${JSON.stringify(envelope, null, 2)}\n`;

export function rowOf(predicate: AuditPredicate, file: string): EntryRow {
  const pr = predicate.pull_request;
  return {
    seq: predicate.seq,
    file,
    decided_at: predicate.decided_at,
    kind: predicate.kind,
    decision: predicate.decision,
    tier: predicate.tier,
    pr: pr ? pr.number : null,
    pr_url: pr?.url ?? null,
    actor: predicate.kind === "override" ? (predicate.override?.actor ?? null) : predicate.kind === "bypass" ? (pr?.merged_by ?? null) : null,
    approvers: [...new Set(predicate.approvals.map((a) => a.reviewer))],
    templates: predicate.templates.map((t) => t.path),
  };
}

/** Where the next entry goes. */
export function nextPosition(state: LogState | null, decidedAt: string): { seq: number; prev: string | null; month: string } {
  return {
    seq: (state?.size ?? 0) + 1,
    prev: state?.last?.sha256 ?? null,
    month: monthFor(decidedAt, state?.month ?? null),
  };
}

export interface AppendedEntry {
  /** Entry file path; it must be `entryPath(nextPosition(...).month, seq, predicate)`. */
  path: string;
  text: string;
  predicate: AuditPredicate;
}

function cloneState(s: LogState): LogState {
  return { ...s, last: s.last && { ...s.last }, frontier: [...s.frontier], signer: s.signer && { ...s.signer }, recent: [...s.recent], month_rows: [...s.month_rows] };
}

/** Mutates `draft`: the one definition of how an entry changes the state, shared by append and verify. */
function applyEntry(draft: LogState, entry: AppendedEntry, signer: { keyid: string; public_key: string }): void {
  const hash = sha256Hex(Buffer.from(entry.text, "utf8"));
  const month = entry.path.split("/").slice(1, 3).join("/");
  const row = rowOf(entry.predicate, entry.path);
  const range: CompactRange = { size: draft.size, nodes: draft.frontier.map((h) => Buffer.from(h, "hex")) };
  const next = appendLeaf(range, leafHash(Buffer.from(entry.text, "utf8")));
  draft.size = next.size;
  draft.frontier = next.nodes.map((n) => n.toString("hex"));
  draft.last = { seq: entry.predicate.seq, file: entry.path, sha256: hash };
  // The draft owns its arrays (cloneState copied them), so pushing is safe and keeps deriveState linear.
  if (draft.month === month) draft.month_rows.push(row);
  else draft.month_rows = [row];
  draft.month = month;
  draft.recent = [row, ...draft.recent].slice(0, RECENT_ROWS);
  draft.signer = { ...signer };
  const prefix = keyHash(entry.predicate.idempotency_key).slice(0, KEY_PREFIX_HEX);
  draft.key_prefixes = draft.key_prefixes ? `${draft.key_prefixes} ${prefix}` : prefix;
}

export function advanceState(state: LogState, entry: AppendedEntry, signer: { keyid: string; public_key: string }): LogState {
  const draft = cloneState(state);
  applyEntry(draft, entry, signer);
  return draft;
}

/** The state after all `entries` (in seq order), as appends would have built it. */
export function deriveState(origin: string, branch: string, entries: readonly AppendedEntry[], signer: { keyid: string; public_key: string } | null): LogState {
  const draft = initialState(origin, branch);
  for (const e of entries) applyEntry(draft, e, signer ?? { keyid: "", public_key: "" });
  if (!signer) draft.signer = null;
  return draft;
}

export function stateRoot(state: LogState): Buffer {
  return rangeRoot({ size: state.size, nodes: state.frontier.map((h) => Buffer.from(h, "hex")) });
}

/**
 * One top-level key per line and one table row per line: small diffs from
 * commit to commit, and no multi-megabyte pretty-printing of the key list.
 */
export function serializeState(state: LogState): string {
  const keys = Object.keys(initialState("", "")) as (keyof LogState)[];
  const lines = keys.map((k) => {
    const v = state[k];
    if ((k === "recent" || k === "month_rows") && Array.isArray(v) && v.length) {
      return `  ${JSON.stringify(k)}: [\n${(v as EntryRow[]).map((r) => `    ${JSON.stringify(r)}`).join(",\n")}\n  ]`;
    }
    return `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`;
  });
  return `{\n${lines.join(",\n")}\n}\n`;
}

function isRow(r: unknown): r is EntryRow {
  if (typeof r !== "object" || r === null) return false;
  const row = r as Record<string, unknown>;
  const strings = (a: unknown) => Array.isArray(a) && a.every((x) => typeof x === "string");
  return (
    Number.isSafeInteger(row.seq) &&
    typeof row.file === "string" &&
    typeof row.decided_at === "string" &&
    ["kind", "decision", "tier"].every((k) => typeof row[k] === "string") &&
    (row.pr === null || Number.isSafeInteger(row.pr)) &&
    (row.pr_url === null || typeof row.pr_url === "string") &&
    (row.actor === null || typeof row.actor === "string") &&
    strings(row.approvers) &&
    strings(row.templates)
  );
}

const isHex = (s: unknown, len: number): boolean => typeof s === "string" && s.length === len && /^[0-9a-f]+$/.test(s);

export function parseState(text: string): Result<LogState> {
  const bad = (message: string) => err({ code: "audit.state-invalid", message, file: STATE_PATH });
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    return bad(`state.json is not JSON: ${(e as Error).message}`);
  }
  if (typeof v !== "object" || v === null) return bad("state.json is not an object");
  if (v.layout !== LAYOUT_VERSION) return bad(`state.json has layout ${JSON.stringify(v.layout)}, this version understands ${LAYOUT_VERSION}`);
  if (typeof v.origin !== "string" || !v.origin || typeof v.branch !== "string") return bad("state.json has no origin or branch");
  if (!Number.isSafeInteger(v.size) || (v.size as number) < 0) return bad("state.json size is not a count");
  const size = v.size as number;
  const last = v.last as LogState["last"];
  if (size === 0 ? last !== null : !(last && last.seq === size && typeof last.file === "string" && isHex(last.sha256, 64))) {
    return bad("state.json `last` does not describe entry `size`");
  }
  if (!Array.isArray(v.frontier) || v.frontier.length !== rangeWidth(size) || !v.frontier.every((h) => isHex(h, 64))) {
    return bad("state.json frontier does not match its size");
  }
  if (!(v.month === null ? size === 0 : typeof v.month === "string" && /^\d{4}\/\d{2}$/.test(v.month))) return bad("state.json month is invalid");
  if (!Array.isArray(v.recent) || !Array.isArray(v.month_rows) || ![...v.recent, ...v.month_rows].every(isRow)) return bad("state.json table rows are malformed");
  if (typeof v.key_prefixes !== "string" || (size === 0 ? v.key_prefixes !== "" : !new RegExp(`^[0-9a-f]{${KEY_PREFIX_HEX}}( [0-9a-f]{${KEY_PREFIX_HEX}}){${size - 1}}$`).test(v.key_prefixes))) {
    return bad("state.json key_prefixes does not have one prefix per entry");
  }
  return ok(v as unknown as LogState);
}

export interface AppendPlan {
  files: Map<string, string>;
  state: LogState;
  entryPath: string;
  entryHash: string;
  checkpoint: string;
}

/**
 * The files one append writes, all in one commit over the tip's tree: the
 * entry, its key index, the month table, the root README, state.json and the
 * re-signed checkpoint. Nothing is deleted, so a tree with `base_tree` suffices.
 */
export function planAppend(state: LogState, entry: AppendedEntry, signer: Signer): AppendPlan {
  const next = advanceState(state, entry, { keyid: signer.keyid, public_key: signer.publicKey });
  const checkpoint = signCheckpoint({ origin: next.origin, size: next.size, root: stateRoot(next) }, signer);
  const files = new Map<string, string>([
    [entry.path, entry.text],
    [keyIndexPath(entry.predicate.idempotency_key), keyIndexContent(entry.predicate.seq, entry.path)],
    [monthReadmePath(next.month!), renderMonthReadme(next.month!, next.month_rows)],
    [README_PATH, renderReadme(next)],
    [STATE_PATH, serializeState(next)],
    [CHECKPOINT_PATH, checkpoint],
  ]);
  return { files, state: next, entryPath: entry.path, entryHash: next.last!.sha256, checkpoint };
}
