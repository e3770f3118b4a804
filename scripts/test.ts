/**
 * `npm test`: runs the vitest suite, then prints one closing line,
 * `N passed, N failed, N skipped`, that any CI log reader understands.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const VITEST = fileURLToPath(new URL("../node_modules/.bin/vitest", import.meta.url));
const REPORT_DIR = fileURLToPath(new URL("../.tmp/", import.meta.url));
const REPORT = `${REPORT_DIR}vitest-report.json`;

interface JsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

mkdirSync(REPORT_DIR, { recursive: true });
rmSync(REPORT, { force: true });

const args = [
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${REPORT}`,
];
const run = spawnSync(VITEST, [...args, ...process.argv.slice(2)], { stdio: "inherit" });

let report: JsonReport | undefined;
try {
  report = JSON.parse(readFileSync(REPORT, "utf8")) as JsonReport;
} catch {
  console.error("vitest wrote no report; see its output above");
}

if (report) {
  const skipped = report.numPendingTests + report.numTodoTests;
  console.log(
    `\n${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`,
  );
}
process.exit(run.status ?? 1);
