/**
 * CommonJS packages that cost megabytes when imported (BPE rank tables, a
 * profanity dataset) are loaded the first time a template needs them. In the
 * bundled Action `require` exists and the bundler inlines the literal
 * `require("…")` of the caller's thunk; in plain ESM (CLI, App, tests) a
 * require made for this module resolves the package from node_modules.
 */
import { createRequire } from "node:module";

declare const require: ((id: string) => unknown) | undefined;
let localRequire: ((id: string) => unknown) | undefined;

export function requireOnFirstUse(bundled: () => unknown, id: string): unknown {
  if (typeof require === "function") {
    try { return bundled(); } catch { /* a bundle that left the package external: resolve it from node_modules */ }
  }
  return (localRequire ??= createRequire(import.meta.url))(id);
}
