/**
 * The append algorithm, independent of where the branch lives (DESIGN §7):
 * read tip → stop if the idempotency key is recorded → build entry, indexes
 * and checkpoint → commit with the tip as only parent → move the ref without
 * force. If the ref moved, re-read and retry with jittered exponential
 * backoff. Because the commit's parent is the tip that was read, and the ref
 * only moves when it still points there, there are no forks, no lost entries
 * and no duplicates, however many writers and redeliveries race.
 *
 * A store maps to GitHub's git data API as:
 *   readTip  → GET /git/ref/heads/{branch} (404 → sha null), then
 *              GET /contents/{path}?ref={sha} or a blob per read (404 → undefined)
 *   commit   → POST /git/trees {base_tree, tree: [{path, mode 100644, content}]},
 *              POST /git/commits {parents: [parent] or []},
 *              PATCH /git/refs/heads/{branch} {sha, force: false} (422 → "moved"),
 *              or, for a null parent, POST /git/refs (422 "already exists" → "moved").
 */
import type { AuditPredicate } from "../generated/audit-predicate.js";
import type { Problem } from "../errors/problem.js";
import { validKeyName } from "./checkpoint.js";
import { signEnvelope } from "./dsse.js";
import type { Signer } from "./keys.js";
import {
  STATE_PATH,
  entryFileText,
  entryPath,
  initialState,
  keyIndexPath,
  mayHaveKey,
  nextPosition,
  parseKeyIndex,
  parseState,
  planAppend,
  type LogState,
} from "./layout.js";
import { PAYLOAD_TYPE, buildStatement, serializeStatement, validatePredicate, type Subject } from "./statement.js";

export interface TipSnapshot {
  /** Commit the branch points at; null when the branch does not exist. */
  sha: string | null;
  /** A file's content at that commit; undefined when absent. */
  read(path: string): Promise<string | undefined>;
}

export type CommitOutcome = { ok: true; sha: string } | { ok: false; reason: "moved" };

export interface AuditStore {
  /**
   * The branch tip. `prefetch` names files the caller will read at once
   * (state.json): a store may fetch them in the same round trip, from exactly
   * that commit (the local store does; a GraphQL-backed one could).
   */
  readTip(branch: string, prefetch?: readonly string[]): Promise<TipSnapshot>;
  /**
   * One commit whose tree is the parent's tree with `files` written over it
   * (null parent: an orphan commit with just `files`), then the ref moved from
   * `parent` to it only if it still points at `parent` — or created only if it
   * does not exist yet. Anything else is `{ ok: false, reason: "moved" }`.
   */
  commit(branch: string, parent: string | null, files: ReadonlyMap<string, string>, message: string): Promise<CommitOutcome>;
}

/** What the caller decides; the log assigns `seq` and `prev`. */
export interface AuditRecord {
  subject: Subject[];
  predicate: Omit<AuditPredicate, "seq" | "prev">;
}

export interface AppendOptions {
  /** Log identity written in checkpoints, e.g. `github.com/acme/prompts/promptops-audit`. Used when the branch is created; afterwards the branch's own origin is kept. */
  origin?: string;
  /** Total commit attempts before giving up (default 25). */
  maxAttempts?: number;
  /** First backoff ceiling in ms (default 50); it doubles per attempt up to maxDelayMs (default 2000). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Uniform [0, 1); inject a seeded one for reproducible tests. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export type AppendResult =
  | { status: "appended"; seq: number; entryPath: string; entryHash: string; checkpoint: string; commit: string; attempts: number }
  | { status: "duplicate"; seq: number; entryPath: string }
  /** Nothing was written: the record is invalid or the branch is not an audit log this version can extend. */
  | { status: "rejected"; problems: Problem[] }
  /** Nothing was written: the ref kept moving for maxAttempts attempts. Safe to retry later. */
  | { status: "contended"; attempts: number };

export { seededRandom } from "../random/mulberry32.js";

/** "Full jitter": uniform in [0, min(max, base·2^(attempt-1))], which spreads racing writers best. */
export function backoffDelay(attempt: number, random: () => number, baseMs: number, maxMs: number): number {
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1)));
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function commitMessage(seq: number, predicate: AuditPredicate, path: string, hash: string): string {
  const pr = predicate.pull_request ? ` PR #${predicate.pull_request.number}` : "";
  return [
    `audit: entry ${String(seq).padStart(6, "0")}${pr} ${predicate.kind} (${predicate.tier}, ${predicate.decision})`,
    "",
    `PromptOps-Entry: ${path}`,
    `PromptOps-Entry-SHA256: ${hash}`,
    "",
  ].join("\n");
}

type Attempt =
  | { kind: "done"; result: AppendResult }
  | { kind: "moved" };

async function attemptOnce(store: AuditStore, branch: string, record: AuditRecord, signer: Signer, origin: string): Promise<Attempt> {
  const tip = await store.readTip(branch, [STATE_PATH]);
  let state: LogState;
  if (tip.sha === null) {
    state = initialState(origin, branch);
  } else {
    const text = await tip.read(STATE_PATH);
    if (text === undefined) {
      return { kind: "done", result: { status: "rejected", problems: [{ code: "audit.branch-foreign", message: `branch ${branch} exists but has no ${STATE_PATH}: it is not a PromptOps audit log, or it was damaged; refusing to append`, file: STATE_PATH }] } };
    }
    const parsed = parseState(text);
    if (!parsed.ok) return { kind: "done", result: { status: "rejected", problems: [parsed.error] } };
    state = parsed.value;
  }

  const key = record.predicate.idempotency_key;
  if (tip.sha !== null && mayHaveKey(state, key)) {
    const index = await tip.read(keyIndexPath(key));
    const found = index === undefined ? undefined : parseKeyIndex(index);
    if (found) return { kind: "done", result: { status: "duplicate", seq: found.seq, entryPath: found.file } };
  }

  const pos = nextPosition(state, record.predicate.decided_at);
  // seq and prev first (what a reader of a decoded entry looks for), and never taken from the caller.
  const { seq: _seq, prev: _prev, ...rest } = record.predicate as Partial<AuditPredicate>;
  const predicate = { seq: pos.seq, prev: pos.prev, ...rest } as AuditPredicate;
  const path = entryPath(pos.month, pos.seq, predicate);
  const envelope = signEnvelope(PAYLOAD_TYPE, serializeStatement(buildStatement(record.subject, predicate)), signer);
  const plan = planAppend(state, { path, text: entryFileText(envelope), predicate }, signer);
  const outcome = await store.commit(branch, tip.sha, plan.files, commitMessage(pos.seq, predicate, path, plan.entryHash));
  if (!outcome.ok) return { kind: "moved" };
  return {
    kind: "done",
    result: { status: "appended", seq: pos.seq, entryPath: path, entryHash: plan.entryHash, checkpoint: plan.checkpoint, commit: outcome.sha, attempts: 0 },
  };
}

export async function append(store: AuditStore, branch: string, record: AuditRecord, signer: Signer, opts: AppendOptions = {}): Promise<AppendResult> {
  const origin = opts.origin ?? "promptops-audit";
  const problems: Problem[] = [];
  if (!validKeyName(origin)) problems.push({ code: "audit.origin-invalid", message: "the log origin must be one word without spaces or '+' (e.g. github.com/acme/prompts/promptops-audit)" });
  if (!record.subject.length) problems.push({ code: "audit.subject-missing", message: "an entry needs at least one subject (the commit it is about)" });
  // Validate with placeholder seq/prev so an invalid record is refused before anything is read or written.
  for (const p of validatePredicate({ ...record.predicate, seq: 1, prev: null })) problems.push(p);
  if (problems.length) return { status: "rejected", problems };

  const maxAttempts = opts.maxAttempts ?? 25;
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? defaultSleep;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const r = await attemptOnce(store, branch, record, signer, origin);
    if (r.kind === "done") return r.result.status === "appended" ? { ...r.result, attempts: attempt } : r.result;
    if (attempt < maxAttempts) await sleep(backoffDelay(attempt, random, opts.baseDelayMs ?? 50, opts.maxDelayMs ?? 2000));
  }
  return { status: "contended", attempts: maxAttempts };
}
