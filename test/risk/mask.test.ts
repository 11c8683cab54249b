import { describe, it, expect } from "@jest/globals";
import { maskSecret, maskPersonal, clip } from "../../core/risk/mask.js";

/** Characters of `value` that survive in `masked`, counting the revealed prefix and suffix. */
function revealed(value: string, masked: string): number {
  const [head = "", tail = ""] = masked.split("…");
  expect(value.startsWith(head)).toBe(true);
  expect(value.endsWith(tail)).toBe(true);
  return head.length + tail.length;
}

describe("maskSecret", () => {
  const github = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q2x9".slice(0, 36);

  it("keeps a short kind prefix and the last 4 characters of a 40-character token", () => {
    expect(github).toHaveLength(40);
    const m = maskSecret(github);
    expect(m).toBe(`ghp_…${github.slice(-4)}`);
    expect(revealed(github, m)).toBeLessThanOrEqual(8);
    // Nothing of the middle leaks.
    expect(m).not.toContain(github.slice(4, 36));
    for (let i = 4; i + 4 <= 36; i += 4) expect(m).not.toContain(github.slice(i, i + 4));
  });

  it("keeps a provider prefix such as sk- and never more than 9 + 4 characters of any 40-character token", () => {
    const openai = "sk-" + "x7Yq".repeat(9) + "Q";
    expect(openai).toHaveLength(40);
    expect(maskSecret(openai)).toBe(`sk-…${openai.slice(-4)}`);
    const noPrefix = "0123456789abcdef0123456789abcdef01234567";
    const m = maskSecret(noPrefix);
    expect(m).toBe("01…4567");
    expect(revealed(noPrefix, m)).toBe(6);
  });

  it("fully masks short values, whatever their length", () => {
    for (const v of ["abc", "hunter2", "p4ssw0rd!", "sk-abcdefg"]) {
      const m = maskSecret(v);
      expect(m).toMatch(/^\*{4,8}$/);
      expect(m).not.toContain(v.slice(-2));
    }
  });

  it("trims surrounding whitespace before masking", () => {
    expect(maskSecret(`  ${github}\n`)).toBe(maskSecret(github));
  });

  it("never reveals most of a value whose word prefix is long (password_1234 must not come back whole)", () => {
    for (const v of ["password_1234", "database-99xz", "abcdefgh_wxyz12"]) {
      const m = maskSecret(v);
      const shown = m.includes("…") ? revealed(v, m) : 0;
      expect(shown * 2).toBeLessThanOrEqual(v.length);
    }
  });
});

describe("maskPersonal", () => {
  it("masks an email to first letter, domain initial and top-level domain", () => {
    const m = maskPersonal("jane.doe@example.org");
    expect(m).toBe("j***@e***.org");
    expect(m).not.toContain("doe");
    expect(m).not.toContain("example");
  });

  it("keeps separators and only the last two digits of numbers", () => {
    expect(maskPersonal("123-45-6789")).toBe("•••-••-••89");
    expect(maskPersonal("+1 (415) 555-0134")).toBe("+• (•••) •••-••34");
    const card = "4111 1111 1111 1111";
    const m = maskPersonal(card);
    expect(m.replace(/[^0-9]/g, "")).toBe("11");
    expect(m).toHaveLength(card.length);
  });

  it("hides letters entirely (IBANs, names in identifiers)", () => {
    const m = maskPersonal("DE89 3704 0044 0532 0130 00");
    expect(m).not.toMatch(/[A-Za-z]/);
    expect(m.replace(/[^0-9]/g, "")).toBe("00");
  });
});

describe("clip", () => {
  it("folds whitespace and shortens long text with an ellipsis", () => {
    expect(clip("ignore   all\nprevious instructions")).toBe("ignore all previous instructions");
    const long = "a".repeat(200);
    const c = clip(long, 10);
    expect(c).toHaveLength(10);
    expect(c.endsWith("…")).toBe(true);
  });
});
