#!/usr/bin/env node
// Bundles the CLI (cli/main.ts) into build/bundle/, whose main.js
// bin/promptops.js runs. A few chunks instead of ~150 modules: Node resolves,
// reads and links each ES module on its own, which took ~140 ms of every
// `promptops check` (the bundle loads in ~50 ms). The engine is a chunk of its
// own, which `check` loads while git computes the diff. build/ is not
// committed: `npm run build` and `npm ci` (through `prepare`) make it.
//
// Left outside the bundle, and loaded from where tsc and npm put them, only
// when a check needs them: the generated o200k_base table (2 MB of text that
// would make the whole bundle's source two-byte), cl100k_base and obscenity.
//
//   node scripts/build-cli.mjs
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { nodeBundle } from "./esbuild-node.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The generated rank table stays its own module, where tsc puts it: build/core/generated/. */
const ranksBesideTheBundle = {
  name: "ranks-beside-the-bundle",
  setup(b) {
    b.onResolve({ filter: /\/generated\/o200k-base-ranks\.js$/ }, () => ({ path: "../core/generated/o200k-base-ranks.js", external: true }));
  },
};

await build({
  ...nodeBundle,
  absWorkingDir: root,
  entryPoints: ["cli/main.ts"],
  outdir: join(root, "build", "bundle"),
  splitting: true,
  chunkNames: "[name]-[hash]",
  plugins: [ranksBesideTheBundle],
  external: ["gpt-tokenizer/bpeRanks/*", "obscenity", "obscenity/*"],
});
