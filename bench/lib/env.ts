// What a benchmark run was asked for: the database, quick mode, profiling.
import { execFileSync } from "node:child_process";
import type { BenchDatabase } from "./types.ts";

export const database: BenchDatabase = process.env.DROVER_BENCH_DB === "postgresql" ? "postgresql" : "sqlite";
/** BENCH_QUICK=1: fewer, shorter rounds and smaller sizes, for checking the suite itself. */
export const quick = process.env.BENCH_QUICK === "1";
/** BENCH_PROFILE=1: the Drover server child runs under --cpu-prof and its top frames go into the JSON. */
export const profiling = process.env.BENCH_PROFILE === "1";

/** Progress for whoever watches: stderr, so stdout and BENCH_OUT stay clean. */
export function progress(name: string, message: string): void {
  process.stderr.write(`[${name} ${database}] ${message}\n`);
}

export function commit(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}
