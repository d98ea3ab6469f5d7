// npm run bench — every benchmark, on SQLite then PostgreSQL, each in its own
// process (NODE_ENV=production, DROVER_BENCH_DB, BENCH_OUT), then
// bench/report.md beside the "before" figures of bench/baseline/.
//   BENCH_QUICK=1            fewer, shorter rounds (checking the suite)
//   BENCH_PROFILE=1          the Drover servers run under --cpu-prof; top frames go into the report
//   BENCH_ONLY=a,b           only these benchmarks;  BENCH_DBS=sqlite  only these databases
//   BENCH_WRITE_BASELINE=1   also store this run's results as bench/baseline/<name>-<db>.json
//   BENCH_MERGE=1            the report also shows, from bench/results/, what this run did not measure
//                            (after re-running one benchmark, say); the report names their commits.
//                            BENCH_ONLY=none BENCH_MERGE=1 renders the report again without measuring.
// bench/analysis.md, the reading of a full run's figures and profiles, closes the report.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { commit } from "./lib/env.ts";
import { renderReport, type RunOutcome } from "./lib/report.ts";
import type { BenchDatabase, BenchResult } from "./lib/types.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const BENCHMARKS = ["jobs-list", "submit-job", "fanout", "idle-rss", "scheduler", "logs", "large-db"];
/** Written elsewhere to the same contract: run when present, its baseline not overwritten here. */
const OPTIONAL = new Set(["large-db"]);

const only = process.env.BENCH_ONLY?.split(",").filter(Boolean);
const databases = (process.env.BENCH_DBS ?? "sqlite,postgresql").split(",") as BenchDatabase[];
const names = BENCHMARKS.filter((n) => (!only || only.includes(n)) && fs.existsSync(path.join(here, `${n}.ts`)));
const resultsDir = path.join(here, "results");
fs.mkdirSync(resultsDir, { recursive: true });

function readJson(file: string): BenchResult | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as BenchResult;
  } catch {
    return null;
  }
}

function runOne(name: string, database: BenchDatabase, out: string): Promise<string | null> {
  fs.rmSync(out, { force: true });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(here, `${name}.ts`)], {
      env: { ...process.env, NODE_ENV: "production", DROVER_BENCH_DB: database, BENCH_OUT: out },
      stdio: ["ignore", process.stderr, "inherit"],
    });
    child.on("exit", (code, signal) => resolve(code === 0 ? null : `exited with ${signal ?? code}`));
  });
}

const started = performance.now();
const outcomes: RunOutcome[] = [];
for (const database of databases) {
  for (const name of names) {
    const out = path.join(resultsDir, `${name}-${database}.json`);
    process.stderr.write(`\n== ${name} on ${database} (${Math.round((performance.now() - started) / 1000)} s into the run)\n`);
    const t0 = performance.now();
    const error = await runOne(name, database, out);
    const result = readJson(out);
    outcomes.push({
      name,
      database,
      result,
      baseline: readJson(path.join(here, "baseline", `${name}-${database}.json`)),
      error: error ?? (result ? null : "wrote no result"),
      seconds: (performance.now() - t0) / 1000,
    });
    if (result && process.env.BENCH_WRITE_BASELINE === "1" && !OPTIONAL.has(name)) {
      fs.writeFileSync(path.join(here, "baseline", `${name}-${database}.json`), JSON.stringify(result, null, 2) + "\n");
    }
  }
}
if (process.env.BENCH_MERGE === "1") {
  for (const database of ["sqlite", "postgresql"] as BenchDatabase[]) {
    for (const name of BENCHMARKS) {
      if (outcomes.some((o) => o.name === name && o.database === database)) continue;
      const result = readJson(path.join(resultsDir, `${name}-${database}.json`));
      if (!result) continue;
      const baseline = readJson(path.join(here, "baseline", `${name}-${database}.json`));
      outcomes.push({ name, database, result, baseline, error: null, seconds: 0, merged: true });
    }
  }
  // In suite order, as a full run lists them.
  outcomes.sort((a, b) => (a.database === b.database ? BENCHMARKS.indexOf(a.name) - BENCHMARKS.indexOf(b.name) : a.database === "sqlite" ? -1 : 1));
}
const totalSeconds = (performance.now() - started) / 1000;
const analysisFile = path.join(here, "analysis.md");
const analysis = fs.existsSync(analysisFile) ? fs.readFileSync(analysisFile, "utf8") : null;
const report = renderReport(
  outcomes,
  { commit: commit(), when: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC", cores: os.cpus().length, node: process.version, quick: process.env.BENCH_QUICK === "1", totalSeconds },
  analysis,
);
fs.writeFileSync(path.join(here, "report.md"), report);
process.stderr.write(`\nwrote bench/report.md (${Math.round(totalSeconds)} s)\n`);
const failed = outcomes.filter((o) => o.error);
if (failed.length) process.stderr.write(`failed: ${failed.map((o) => `${o.name} on ${o.database} (${o.error})`).join(", ")}\n`);
process.exit(failed.length ? 1 : 0);
