/**
 * `npm run eval`: precision and recall per category on the labeled corpus,
 * side by side with the packages a user would reach for instead.
 */
import { markdownTable } from "markdown-table";
import { CONTENT_CATEGORIES, loadCorpus, promptOpsDetects, score } from "../test/corpus/evaluate.js";
import { BASELINES } from "../test/corpus/baselines.js";

const f2 = (n: number) => n.toFixed(2);
const rows: string[][] = [["category", "cases (+/−)", "PromptOps precision", "PromptOps recall", "baseline", "baseline precision", "baseline recall"]];
const misses: string[] = [];
for (const category of CONTENT_CATEGORIES) {
  const cases = await loadCorpus(category);
  const ours = score(cases, (c) => promptOpsDetects(category, c));
  misses.push(...ours.errors.map((e) => `${category}: ${e}`));
  const base = BASELINES[category];
  let theirs: ReturnType<typeof score> | undefined;
  if (base) {
    const got = new Map<string, boolean>();
    for (const c of cases) got.set(c.id, await base.detect(c));
    theirs = score(cases, (c) => got.get(c.id)!);
  }
  const pos = cases.filter((c) => c.expected).length;
  rows.push([category, `${cases.length} (${pos}/${cases.length - pos})`, f2(ours.precision), f2(ours.recall), base?.name ?? "—", theirs ? f2(theirs.precision) : "—", theirs ? f2(theirs.recall) : "—"]);
}
console.log(markdownTable(rows, { align: ["l", "r", "r", "r", "l", "r", "r"] }));
if (misses.length) console.log(`\n${misses.join("\n")}`);
