import type { ChangeSet } from "../diff/model.js";
import { governanceFor } from "../policy/governance.js";
import { normalizePrincipals } from "../policy/principals.js";
import { ownersFor } from "../policy/requirements.js";
import type { ResolvedPolicy } from "../policy/resolved.js";

/**
 * The owners of a change's templates, as the BASE side declares them: the old
 * version's own `governance.owners`, else the base policy's folder governance
 * and `owners:` map. A new template has only the policy's owners. The head
 * side never counts: a pull request cannot name who approves it.
 */
export function ownersOfChange(changes: Pick<ChangeSet, "templates">, basePolicy: ResolvedPolicy): string[] {
  const all: string[] = [];
  for (const t of changes.templates) {
    const path = t.previousPath ?? t.path;
    const own = t.old?.template?.metadata.governance;
    const declared = governanceFor(path, basePolicy, own).governance.owners;
    all.push(...ownersFor(path, basePolicy, declared));
  }
  return normalizePrincipals(all);
}
