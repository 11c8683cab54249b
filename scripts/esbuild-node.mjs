// What the Action bundle and the CLI bundle share: one ESM file for Node, deterministic output.
//
// Bundled CommonJS dependencies call require() and read __dirname; an ES module has neither.
export const banner = [
  'import { createRequire as __promptopsCreateRequire } from "node:module";',
  'import { fileURLToPath as __promptopsFileURLToPath } from "node:url";',
  'import { dirname as __promptopsDirname } from "node:path";',
  "const require = __promptopsCreateRequire(import.meta.url);",
  "const __filename = __promptopsFileURLToPath(import.meta.url);",
  "const __dirname = __promptopsDirname(__filename);",
].join("\n");

export const nodeBundle = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  banner: { js: banner },
  legalComments: "none",
  sourcemap: false,
  charset: "utf8",
  logLevel: "warning",
};
