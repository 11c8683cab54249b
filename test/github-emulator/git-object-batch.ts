import { runGit } from "./git-command.js";

/** One object as `git cat-file --batch` printed it. */
export interface GitObjectRead {
  sha: string;
  type: "blob" | "tree" | "commit" | "tag";
  content: Buffer;
}

const HEADER = /^([0-9a-f]{40}|[0-9a-f]{64}) (blob|tree|commit|tag) (\d+)$/;

/**
 * Reads every object `names` designate (`<rev>:<path>`, a SHA, a branch…) in
 * ONE `git cat-file --batch` run; null for names git cannot resolve. A name
 * with a line break would desynchronise the line protocol, so it is null
 * without asking git.
 */
export async function readObjects(gitDir: string, names: readonly string[]): Promise<Array<GitObjectRead | null>> {
  const asked = names.filter((n) => n !== "" && !/[\r\n]/.test(n));
  const answers = new Map<string, GitObjectRead | null>();
  if (asked.length > 0) {
    const out = (await runGit(gitDir, ["cat-file", "--batch"], { input: asked.join("\n") + "\n" })).stdout;
    let at = 0;
    for (const name of asked) {
      const eol = out.indexOf(0x0a, at);
      if (eol < 0) throw new Error(`git cat-file --batch ended early, before ${JSON.stringify(name)}`);
      const header = HEADER.exec(out.subarray(at, eol).toString("utf8"));
      at = eol + 1;
      if (!header) {
        // `<name> missing` or `<name> ambiguous`: no content follows.
        answers.set(name, null);
        continue;
      }
      const size = Number(header[3]);
      answers.set(name, { sha: header[1]!, type: header[2] as GitObjectRead["type"], content: out.subarray(at, at + size) });
      at += size + 1; // the content is followed by a line feed
    }
  }
  return names.map((n) => answers.get(n) ?? null);
}

/**
 * Collects the object reads a GraphQL execution asks for field by field and
 * answers them with one batched read once the resolvers of the current turn
 * have all run (GraphQL resolves sibling fields synchronously, so 200 aliases
 * land in one batch).
 */
export class ObjectBatchLoader {
  private pending = new Map<string, Array<{ resolve: (o: GitObjectRead | null) => void; reject: (e: unknown) => void }>>();
  private scheduled = false;

  constructor(private readonly read: (names: string[]) => Promise<Array<GitObjectRead | null>>) {}

  load(name: string): Promise<GitObjectRead | null> {
    return new Promise((resolve, reject) => {
      const waiting = this.pending.get(name);
      if (waiting) waiting.push({ resolve, reject });
      else this.pending.set(name, [{ resolve, reject }]);
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate runs after every promise continuation of this turn, so nested fields join the batch too.
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    const names = [...batch.keys()];
    try {
      const objects = await this.read(names);
      names.forEach((name, i) => batch.get(name)!.forEach((w) => w.resolve(objects[i] ?? null)));
    } catch (e) {
      for (const waiting of batch.values()) waiting.forEach((w) => w.reject(e));
    }
  }
}
