import type { ChangeSet } from "../diff/model.js";
import { governanceFor } from "../policy/governance.js";
import { codeownersFor, parseCodeowners } from "../governance/codeowners.js";
import { normalizePrincipals } from "../policy/principals.js";
import { ownersFor } from "../policy/requirements.js";
import type { ResolvedPolicy } from "../policy/resolved.js";

/**
 * The owners of a change's templates, as the BASE side declares them: the old
 * version's own `governance.owners`, else the base policy's folder governance
 * and `owners:` map, else the base CODEOWNERS. A new template has only the
 * policy's and CODEOWNERS' owners. The head
 * side never counts: a pull request cannot name who approves it.
 */
export function ownersOfChange(changes: Pick<ChangeSet, "templates" | "codeowners">, basePolicy: ResolvedPolicy): string[] {
  const all: string[] = [];
  // CODEOWNERS as it is at the base commit (the change set reads it there), as GitHub itself uses it.
  const codeowners = changes.codeowners ? parseCodeowners(changes.codeowners.text, changes.codeowners.path) : undefined;
  for (const t of changes.templates) {
    const path = t.previousPath ?? t.path;
    const own = t.old?.template?.metadata.governance;
    const declared = governanceFor(path, basePolicy, own).governance.owners;
    const owners = ownersFor(path, basePolicy, declared);
    all.push(...(owners.length || !codeowners ? owners : (codeownersFor(path, codeowners)?.owners ?? [])));
  }
  return normalizePrincipals(all);
}
