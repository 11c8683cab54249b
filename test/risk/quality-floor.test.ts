import { describe, it, expect } from "@jest/globals";
import { CONTENT_CATEGORIES, loadCorpus, promptOpsDetects, score } from "../corpus/evaluate.js";

// The README's eval table is measured with `npm run eval`; this test only
// guards against regressions below the floor the issue sets (0.9).
describe("quality floor on the labeled corpus", () => {
  it.each(CONTENT_CATEGORIES)("%s keeps precision and recall at or above 0.9", async (category) => {
    const cases = await loadCorpus(category);
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    expect(cases.some((c) => c.expected)).toBe(true);
    expect(cases.some((c) => !c.expected)).toBe(true);
    const s = score(cases, (c) => promptOpsDetects(category, c));
    expect({ category, precision: s.precision >= 0.9, recall: s.recall >= 0.9, errors: s.errors }).toEqual({ category, precision: true, recall: true, errors: expect.any(Array) });
  });
});
