/**
 * The JSON Schemas in schemas/ are the single source of truth for the shapes
 * users write (policy, governance) and read (risk report, audit predicate).
 * This script regenerates core/generated/*.ts from them; a test fails when the
 * committed files are stale (`npm run schemas` fixes it).
 */
import { compileFromFile } from "json-schema-to-typescript";
import { readdirSync, writeFileSync, readFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export async function generate(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const dir = join(root, "schemas");
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".schema.json")).sort()) {
    const ts = await compileFromFile(join(dir, f), {
      cwd: dir,
      bannerComment: `/* Generated from schemas/${f} by \`npm run schemas\`. Do not edit. */`,
      additionalProperties: false,
      style: { singleQuote: false },
      format: true,
    });
    out.set(join(root, "core", "generated", f.replace(".schema.json", ".ts")), ts);
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes("--check");
  let stale = 0;
  for (const [file, ts] of await generate()) {
    if (check) {
      if (!existsSync(file) || readFileSync(file, "utf8") !== ts) { console.error(`stale: ${file}`); stale++; }
    } else writeFileSync(file, ts);
  }
  process.exit(stale ? 1 : 0);
}
