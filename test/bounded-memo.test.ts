import { describe, expect, it } from "@jest/globals";
import { boundedMemo } from "../core/bounded-memo.js";

describe("boundedMemo", () => {
  it("computes each key once, undefined results included, and starts over past its size", () => {
    const calls: string[] = [];
    const f = boundedMemo((k: string) => { calls.push(k); return k === "none" ? undefined : k.length; }, 3);
    expect([f("ab"), f("none"), f("ab"), f("none"), f("abc")]).toEqual([2, undefined, 2, undefined, 3]);
    expect(calls).toEqual(["ab", "none", "abc"]);
    f("abcd"); // a fourth key: the memo starts over
    f("ab");
    expect(calls).toEqual(["ab", "none", "abc", "abcd", "ab"]);
  });
});
