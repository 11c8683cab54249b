/**
 * The Markdown pages of the audit branch: the root README (what the branch
 * is, how to verify it, the latest entries) and one table per month. Pure
 * functions of the state, so `verify` can re-render them and notice a page
 * edited by hand to hide or misstate an entry.
 */
import { markdownTable } from "markdown-table";
import type { EntryRow, LogState } from "./layout.js";
import { PAYLOAD_TYPE, PREDICATE_TYPE } from "./statement.js";

const MAX_TEMPLATES_SHOWN = 3;

/** Table cells carry PR-supplied text (paths, logins): escape what Markdown would interpret. */
function cell(text: string): string {
  return text.replace(/[\r\n]+/g, " ").replace(/([\\|*_`[\]<>#~])/g, "\\$1");
}

function timeCell(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? cell(iso) : `${d.toISOString().slice(0, 16).replace("T", " ")}Z`;
}

/** `from`: where the table is, which decides how entry links are written. */
function rowCells(r: EntryRow, from: "root" | "month"): string[] {
  const seq = String(r.seq).padStart(6, "0");
  const pr = r.pr === null ? "—" : r.pr_url && /^https:\/\/[^\s()<>]+$/.test(r.pr_url) ? `[#${r.pr}](${r.pr_url})` : `#${r.pr}`;
  const decision = r.actor ? `${r.decision} (${cell(r.actor)})` : r.decision;
  const shown = r.templates.slice(0, MAX_TEMPLATES_SHOWN).map(cell);
  const more = r.templates.length - shown.length;
  return [
    `[${seq}](${from === "root" ? r.file : r.file.split("/").slice(3).join("/")})`,
    timeCell(r.decided_at),
    pr,
    r.kind,
    r.tier,
    decision,
    r.approvers.length ? r.approvers.map(cell).join(", ") : "—",
    shown.length ? shown.join(", ") + (more > 0 ? ` and ${more} more` : "") : "—",
  ];
}

const HEADER = ["Seq", "Time (UTC)", "PR", "Kind", "Tier", "Decision", "Approvers", "Templates"];

function table(rows: readonly EntryRow[], from: "root" | "month"): string {
  return markdownTable([HEADER, ...rows.map((r) => rowCells(r, from))], { align: ["r", "l", "r", "l", "l", "l", "l", "l"] });
}

export function renderMonthReadme(month: string, rows: readonly EntryRow[]): string {
  return [
    `# Audit entries, ${month.replace("/", "-")}`,
    "",
    `${rows.length} ${rows.length === 1 ? "entry" : "entries"} recorded this month, oldest first. Each file is a signed DSSE envelope; see the [README](../../../README.md) at the root of this branch for what an entry contains and how to verify the log.`,
    "",
    table(rows, "month"),
    "",
  ].join("\n");
}

export function renderReadme(state: LogState): string {
  const key = state.signer?.public_key ?? "ed25519:…";
  const lines = [
    "# PromptOps audit log",
    "",
    `This branch is the append-only, signed record of prompt-template decisions made by PromptOps for \`${state.origin}\`: every merged pull request that touched prompt templates or the PromptOps policy, every merge that bypassed the PromptOps check, and every override. It holds ${state.size} ${state.size === 1 ? "entry" : "entries"}.`,
    "",
    "Nobody should edit this branch by hand; PromptOps only ever adds to it. Any edit, deletion, reordering, rewritten history or entry signed by another key is reported by `promptops audit verify`.",
    "",
    "## What is here",
    "",
    "- `entries/YYYY/MM/NNNNNN-prNNN-<kind>.json`: one entry per decision. An entry is a [DSSE](https://github.com/secure-systems-lab/dsse) envelope " +
      `(\`payloadType: ${PAYLOAD_TYPE}\`) around an [in-toto Statement v1](https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md) ` +
      `whose subjects are the merge commit and the changed templates, and whose predicate (\`${PREDICATE_TYPE}\`) records the sequence number, the SHA-256 of the previous entry file (a hash chain), the decision, risk tier and score, a summary of the findings (evidence masked), the approval requirements and the approvals counted (reviewer, review id, commit, time), the policy file's blob SHA, the pull request (number, title, author, base, head and merge commits, who merged), provenance, rationale and the time of the decision. It is signed with Ed25519 over the DSSE pre-authentication encoding.`,
    "- `entries/YYYY/MM/README.md`: a table of the month's entries.",
    "- `checkpoint`: a signed note ([C2SP tlog-checkpoint](https://c2sp.org/tlog-checkpoint)) with the log's origin, its number of entries and the [RFC 6962](https://www.rfc-editor.org/rfc/rfc6962#section-2.1) Merkle tree root over the entry files' bytes in sequence order.",
    "- `state.json` and `index/keys/`: bookkeeping that lets PromptOps append without reading old entries and record each decision only once. Both are derived from the entries, and `verify` checks them.",
    "",
    "## How to verify",
    "",
    "```sh",
    `git fetch origin ${state.branch}:${state.branch}`,
    `npx promptops audit verify --repo . --branch ${state.branch} --key ${key}`,
    "```",
    "",
    `The latest entry was signed with \`${key}\`${state.signer ? ` (keyid \`${state.signer.keyid}\`)` : ""}. Do not take the key from this file: anyone who can write to this branch can change it. Use the keys pinned under \`audit.public_keys\` in \`.github/promptops.yml\` on your protected default branch.`,
    "",
    "`verify` checks every entry's signature, that sequence numbers run from 1 without gaps, the hash chain, each predicate against its schema, the checkpoint's signature and Merkle root, and that the branch history is linear and only ever added entry files. Keep copies of the checkpoint outside this branch (PromptOps posts it on each pull request it records); `--checkpoint FILE` then also proves the branch was not truncated or rewritten since that copy was made.",
    "",
    "What the log cannot prove: that a decision which was never recorded happened, or the integrity of entries written by someone holding both the signing key and write access to this branch, unless a copy of a checkpoint from before survives elsewhere.",
    "",
    "## Latest entries",
    "",
    state.recent.length ? table(state.recent, "root") : "No entries yet.",
    "",
  ];
  return lines.join("\n");
}
