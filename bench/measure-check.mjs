// Child process for the end-to-end benchmark: runs the bundled CLI (what
// bin/promptops.js runs) once and reports its time from loading the CLI to the
// end of the check, and its peak memory (maxRSS covers the whole process up to
// the end of the check).
const started = performance.now();
// Loading the CLI is part of the check: it is imported inside the measured time.
const { runCli } = await import("../build/bundle/main.js");
let out = "";
const code = await runCli(process.argv.slice(2), {
  stdout: (s) => { out += s; }, stderr: (s) => process.stderr.write(s), stdoutIsTTY: false, stderrIsTTY: false, cwd: process.cwd(), env: process.env,
});
const ms = performance.now() - started;
// The peak is read before this harness parses the report: parsing it is not part of the check.
const maxRssKb = process.resourceUsage().maxRSS;
const report = JSON.parse(out);
process.stdout.write(JSON.stringify({ code, ms, maxRssKb, templates: report.templates.length, findings: report.findings.length }) + "\n");
