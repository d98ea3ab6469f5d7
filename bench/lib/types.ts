// The JSON every benchmark writes to BENCH_OUT (the contract of issue 15):
// bench/run.ts reads these files, and bench/baseline/ holds them as "before".

export type BenchDatabase = "sqlite" | "postgresql";

export interface BenchRow {
  /** What was measured, e.g. "jobs(first: 50) with state and latest run, HTTP". */
  path: string;
  /** "req/s", "ms", "MB", "lines/s", "nodes/s", "ms CPU/req", ... */
  unit: string;
  higherIsBetter: boolean;
  /** Median over rounds; null when the figure was never reached (a start that never settled). */
  drover: number | null;
  /** p99 where it applies (latencies), else null. */
  droverP99: number | null;
  /** Same-run reference median, or null when none applies. */
  reference: number | null;
  referenceName: string | null;
  /** drover/reference (reference/drover when lower is better); null without a reference. */
  ratio: number | null;
  target: string | null;
  /** null when the row has no target. */
  met: boolean | null;
  notes: string;
}

export interface ProfileFrame {
  frame: string;
  selfPercent: number;
}

export interface BenchResult {
  name: string;
  database: BenchDatabase;
  commit: string;
  rows: BenchRow[];
  profile?: ProfileFrame[];
}
