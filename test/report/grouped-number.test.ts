import { describe, it, expect } from "@jest/globals";
import { groupedNumber } from "../../core/report/grouped-number.js";
import { seededRandom } from "../../core/random/mulberry32.js";

describe("groupedNumber", () => {
  it("writes integers as en-US toLocaleString does", () => {
    const random = seededRandom(7);
    const cases = [0, 1, -1, 12, 999, 1000, -1000, 1234567, -987654321, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER];
    for (let i = 0; i < 2000; i++) cases.push(Math.floor((random() - 0.5) * 10 ** Math.floor(random() * 15)));
    for (const n of cases) expect(groupedNumber(n)).toBe(n.toLocaleString("en-US"));
  });
  it("leaves fractions and non-finite numbers to ICU", () => {
    for (const n of [1234.5678, -0.5, Infinity, NaN, 2 ** 60]) expect(groupedNumber(n)).toBe(n.toLocaleString("en-US"));
  });
});
