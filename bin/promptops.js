#!/usr/bin/env node
// Runs the compiled CLI (build/ is produced by `npm run build`, which `npm ci` runs through `prepare`).
import { runCli } from "../build/cli/main.js";

process.exitCode = await runCli(process.argv.slice(2));
