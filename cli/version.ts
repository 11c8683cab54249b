import { createRequire } from "node:module";

/** The package version, read once; the CLI, SARIF and audit entries report it. */
export const VERSION: string = (() => {
  try {
    const require = createRequire(import.meta.url);
    for (const p of ["../package.json", "../../package.json"]) {
      try { return (require(p) as { version: string }).version; } catch { /* try the next layout (source vs build) */ }
    }
  } catch { /* bundled: no package.json */ }
  return "0.0.0";
})();
