import { describe, it, expect } from "@jest/globals";
import { readFileSync, existsSync } from "node:fs";
import { relative } from "node:path";
import { generate } from "../../scripts/generate-types.js";

describe("core/generated is up to date with schemas/", () => {
  it("regenerating the types from the schemas gives the committed files (`npm run schemas` fixes this)", async () => {
    const generated = await generate();
    expect(generated.size).toBeGreaterThanOrEqual(2);
    const stale: string[] = [];
    for (const [file, ts] of generated) {
      if (!existsSync(file) || readFileSync(file, "utf8") !== ts) stale.push(relative(process.cwd(), file));
    }
    expect(stale).toEqual([]);
  });
});
