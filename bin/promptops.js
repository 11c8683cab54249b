#!/usr/bin/env node
// Runs the bundled CLI (build/cli.js, made by `npm run build`, which `npm ci` runs through `prepare`).
import { runCli } from "../build/cli.js";

process.exitCode = await runCli(process.argv.slice(2));
