// Writes a benchmark's result (BENCH_OUT, the contract's JSON) and a readable summary on stderr.
import fs from "node:fs";
import { commit, database, profiling, progress } from "./env.ts";
import { ratioOf, round } from "./stats.ts";
import type { BenchResult, BenchRow, ProfileFrame } from "./types.ts";

export interface RowInput {
  path: string;
  unit: string;
  higherIsBetter: boolean;
  drover: number;
  droverP99?: number | null;
  reference?: number | null;
  referenceName?: string | null;
  target?: string | null;
  /** Decides `met` from the row's figures; omitted when the row has no target. */
  meets?: (row: { drover: number; droverP99: number | null; ratio: number | null; reference: number | null }) => boolean;
  notes: string;
}

export function row(input: RowInput): BenchRow {
  const reference = input.reference ?? null;
  const ratio = ratioOf(input.drover, reference, input.higherIsBetter);
  const droverP99 = input.droverP99 ?? null;
  const met = input.meets ? (Number.isFinite(input.drover) ? input.meets({ drover: input.drover, droverP99, ratio, reference }) : false) : null;
  return {
    path: input.path,
    unit: input.unit,
    higherIsBetter: input.higherIsBetter,
    drover: round(input.drover, 3),
    droverP99: droverP99 === null ? null : round(droverP99, 3),
    reference: reference === null ? null : round(reference, 3),
    referenceName: input.referenceName ?? null,
    ratio,
    target: input.target ?? null,
    met,
    notes: input.notes,
  };
}

/** `profiled`: whether the Drover server ran under the profiler (BENCH_PROFILE=1 unless the benchmark opts out). */
export function writeResult(name: string, rows: BenchRow[], profile?: ProfileFrame[], profiled = profiling): BenchResult {
  if (profiled) for (const r of rows) r.notes += "; the Drover server ran under node --cpu-prof (sampling)";
  const result: BenchResult = { name, database, commit: commit(), rows, ...(profile ? { profile } : {}) };
  for (const r of rows) {
    const ref = r.reference === null ? "" : `  | ${r.referenceName}: ${r.reference}  ratio ${r.ratio}`;
    progress(name, `${r.path}: ${r.drover} ${r.unit}${r.droverP99 === null ? "" : ` (p99 ${r.droverP99})`}${ref}${r.target ? `  target ${r.target}: ${r.met ? "met" : "NOT met"}` : ""}`);
  }
  if (process.env.BENCH_OUT) fs.writeFileSync(process.env.BENCH_OUT, JSON.stringify(result, null, 2) + "\n");
  return result;
}
