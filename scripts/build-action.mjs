#!/usr/bin/env node
// Bundles the Action (action/index.ts) into one ESM file, dist/index.js, which
// action.yml runs with node24. The output is deterministic (no timestamps, no
// absolute paths, no legal-comment file), so `test/action/dist-fresh.test.ts`
// and CI can rebuild and compare it byte for byte with the committed copy.
//
//   node scripts/build-action.mjs [--outfile PATH]
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const i = process.argv.indexOf("--outfile");
const outfile = i > 0 && process.argv[i + 1] ? resolve(process.argv[i + 1]) : join(root, "dist", "index.js");

// Bundled CommonJS dependencies call require() and read __dirname; an ES module has neither.
const banner = [
  'import { createRequire as __promptopsCreateRequire } from "node:module";',
  'import { fileURLToPath as __promptopsFileURLToPath } from "node:url";',
  'import { dirname as __promptopsDirname } from "node:path";',
  "const require = __promptopsCreateRequire(import.meta.url);",
  "const __filename = __promptopsFileURLToPath(import.meta.url);",
  "const __dirname = __promptopsDirname(__filename);",
].join("\n");

await build({
  absWorkingDir: root,
  entryPoints: ["action/index.ts"],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  banner: { js: banner },
  legalComments: "none",
  sourcemap: false,
  minify: false,
  charset: "utf8",
  logLevel: "warning",
});
