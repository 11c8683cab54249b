#!/usr/bin/env node
// Runs the bundled CLI (build/bundle/main.js, made by `npm run build`, which `npm ci` runs through `prepare`).
import { runCli } from "../build/bundle/main.js";

process.exitCode = await runCli(process.argv.slice(2));
