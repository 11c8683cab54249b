#!/usr/bin/env node
// Bundles the Action (action/index.ts) into one ESM file, dist/index.js, which
// action.yml runs with node24. The output is deterministic (no timestamps, no
// absolute paths, no legal-comment file), so `test/action/dist-fresh.test.ts`
// and CI can rebuild and compare it byte for byte with the committed copy.
//
//   node scripts/build-action.mjs [--outfile PATH]
import { build } from "esbuild";
import { nodeBundle } from "./esbuild-node.mjs";
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const i = process.argv.indexOf("--outfile");
const outfile = i > 0 && process.argv[i + 1] ? resolve(process.argv[i + 1]) : join(root, "dist", "index.js");

await build({
  ...nodeBundle,
  absWorkingDir: root,
  entryPoints: ["action/index.ts"],
  outfile,
  minify: false,
});
