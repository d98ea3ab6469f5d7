// bench/report.md from the run's results and the baseline ("before") files.
import type { BenchDatabase, BenchResult, BenchRow } from "./types.ts";

function num(n: number | null): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "";
  const digits = Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : Math.abs(n) >= 1 ? 2 : 3;
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function figure(r: Pick<BenchRow, "drover" | "droverP99" | "unit"> | undefined): string {
  if (!r) return "";
  // A baseline that never got there (the large database that never settled) has no figure.
  if (r.drover === null || r.drover === undefined) return "not reached";
  return `${num(r.drover)}${r.droverP99 === null ? "" : ` (p99 ${num(r.droverP99)})`} ${r.unit}`;
}

const key = (r: BenchRow) => `${r.path}\u0000${r.unit}\u0000${r.referenceName ?? ""}`;
const cell = (s: string) => s.replaceAll("|", "\\|").replaceAll("\n", " ");

export interface RunOutcome {
  name: string;
  database: BenchDatabase;
  result: BenchResult | null;
  baseline: BenchResult | null;
  error: string | null;
  seconds: number;
  /** Read from bench/results/ (BENCH_MERGE=1), measured by an earlier run. */
  merged?: boolean;
}

export function renderReport(
  outcomes: RunOutcome[],
  meta: { commit: string; when: string; cores: number; node: string; quick: boolean; totalSeconds: number },
  /** bench/analysis.md: the reading of the figures and profiles, written against a full run. */
  analysis: string | null = null,
): string {
  const out: string[] = [];
  out.push("# Drover benchmarks", "");
  out.push(`Commit ${meta.commit}, ${meta.when}, ${meta.cores} cores, Node ${meta.node}${meta.quick ? ", BENCH_QUICK=1 (fewer, shorter rounds: figures for checking the suite, not for judging)" : ""}; ${outcomes.every((o) => o.merged) ? "rendered without measuring" : `the run took ${Math.round(meta.totalSeconds)} s`}.`, "");
  const merged = outcomes.filter((o) => o.merged);
  if (merged.length > 0) {
    const commits = [...new Set(merged.map((o) => o.result?.commit ?? "?"))];
    const what = merged.length === outcomes.length ? "Every figure" : merged.map((o) => `${o.name} on ${o.database}`).join(", ");
    out.push(`${what} measured by an earlier run (commit ${commits.join(", ")}) and merged in from bench/results/ (BENCH_MERGE=1).`, "");
  }
  out.push("Each Drover figure is the median over interleaved rounds (reference, Drover, reference, ...), its reference measured in the same rounds. " +
    "ratio = Drover / reference when higher is better, reference / Drover when lower is better: 1 means as good as the reference, 0.5 half as good. " +
    "before = bench/baseline (the code before the performance work), after = this run.", "");
  for (const db of ["sqlite", "postgresql"] as const) {
    const mine = outcomes.filter((o) => o.database === db);
    if (mine.length === 0) continue;
    out.push(`## ${db === "sqlite" ? "SQLite" : "PostgreSQL"}`, "");
    out.push("| path | before | after (Drover) | reference | ratio | target | met |", "|---|---|---|---|---|---|---|");
    for (const o of mine) {
      if (o.error) out.push(`| **${o.name}** failed: ${cell(o.error.slice(0, 300))} | | | | | | |`);
      const before = new Map((o.baseline?.rows ?? []).map((r) => [key(r), r]));
      const rows = o.result?.rows ?? [];
      for (const r of rows) {
        const b = before.get(key(r));
        before.delete(key(r));
        const ref = r.reference === null ? "" : `${num(r.reference)} ${r.unit}: ${r.referenceName}`;
        const met = r.met === null ? "" : r.met ? "yes" : "**no**";
        out.push(`| ${cell(r.path)} | ${cell(figure(b))}${b?.ratio != null ? ` (${num(b.ratio)}x)` : ""} | ${cell(figure(r))} | ${cell(ref)} | ${r.ratio === null ? "" : `${num(r.ratio)}x`} | ${cell(r.target ?? "")} | ${met} |`);
      }
      // Rows only the baseline has (a path renamed or dropped) stay visible.
      for (const b of before.values()) out.push(`| ${cell(b.path)} | ${cell(figure(b))} | (not measured) | ${cell(b.referenceName ?? "")} | | ${cell(b.target ?? "")} | |`);
    }
    out.push("");
    out.push("<details><summary>Notes per row (rounds, spreads, what each reference does)</summary>", "");
    for (const o of mine) for (const r of o.result?.rows ?? []) out.push(`- **${o.name}**, ${r.path} (${r.unit}${r.referenceName ? ` vs ${r.referenceName}` : ""}): ${r.notes}`);
    out.push("", "</details>", "");
    const profiled = mine.filter((o) => (o.result?.profile?.length ?? 0) > 0 || (o.baseline?.profile?.length ?? 0) > 0);
    if (profiled.length > 0) {
      out.push(`### Where the time goes (node --cpu-prof of the Drover server, top self time, % of busy samples)`, "");
      for (const o of profiled) {
        const after = o.result?.profile ?? [];
        const before = o.baseline?.profile ?? [];
        const which = after.length > 0 ? "this run" : "before";
        const frames = after.length > 0 ? after : before;
        out.push(`**${o.name}** (${which}):`, "");
        out.push("| self % | frame |", "|---|---|");
        for (const f of frames.slice(0, 10)) out.push(`| ${f.selfPercent} | \`${cell(f.frame)}\` |`);
        out.push("");
      }
    }
    out.push(`Times: ${mine.map((o) => `${o.name} ${o.merged ? "(earlier run)" : `${Math.round(o.seconds)} s`}`).join(", ")}.`, "");
  }
  if (analysis) out.push(analysis.trim(), "");
  return out.join("\n") + "\n";
}
