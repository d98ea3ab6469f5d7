// Interleaved HTTP rounds: reference, Drover, reference, Drover, ... each a
// short burst from the load generator process, with the server's own CPU read
// before and after, so a stray process on the shared machine moves one round,
// not one side.
import { spawnChild, type Child } from "./child.ts";
import type { LoadArgs, LoadResult } from "./load/http-load.ts";
import { progress } from "./env.ts";
import { median, percentile, spread } from "./stats.ts";

export interface Target {
  label: string;
  server: Child<unknown>;
  request: Omit<LoadArgs, "connections" | "durationMs">;
}

export interface TargetFigures {
  label: string;
  perSecond: number[];
  cpuMsPerRequest: number[];
  p99Ms: number[];
  errors: number;
  firstError: string | null;
}

export function summary(f: TargetFigures): { perSecond: number; cpuMs: number; p99Ms: number; notes: string } {
  return {
    perSecond: median(f.perSecond),
    cpuMs: median(f.cpuMsPerRequest),
    p99Ms: percentile(f.p99Ms, 50),
    notes: `${f.label}: ${spread(f.perSecond)} req/s over ${f.perSecond.length} rounds${f.errors ? `, ${f.errors} errors (${f.firstError})` : ""}`,
  };
}

export async function runHttpRounds(
  bench: string,
  targets: Target[],
  opts: { rounds: number; durationMs: number; connections: number; warmupMs: number },
): Promise<Map<string, TargetFigures>> {
  const load = await spawnChild<unknown>("load/http-load.ts");
  const figures = new Map<string, TargetFigures>(targets.map((t) => [t.label, { label: t.label, perSecond: [], cpuMsPerRequest: [], p99Ms: [], errors: 0, firstError: null }]));
  try {
    for (const t of targets) {
      const warm = await load.call<LoadResult>("run", { ...t.request, connections: opts.connections, durationMs: opts.warmupMs });
      if (warm.ok === 0) throw new Error(`${t.label}: no successful request in the warm-up (${warm.firstError})`);
    }
    for (let round = 1; round <= opts.rounds; round++) {
      for (const t of targets) {
        const before = await t.server.usage();
        const r = await load.call<LoadResult>("run", { ...t.request, connections: opts.connections, durationMs: opts.durationMs });
        const after = await t.server.usage();
        const f = figures.get(t.label)!;
        f.perSecond.push(r.perSecond);
        f.cpuMsPerRequest.push((after.cpuMs - before.cpuMs) / Math.max(1, r.ok));
        f.p99Ms.push(r.p99Ms);
        f.errors += r.errors;
        f.firstError ??= r.firstError;
        progress(bench, `round ${round}/${opts.rounds} ${t.label}: ${r.perSecond.toFixed(0)} req/s, ${((after.cpuMs - before.cpuMs) / Math.max(1, r.ok)).toFixed(2)} ms CPU/req, p99 ${r.p99Ms.toFixed(1)} ms${r.errors ? `, ${r.errors} errors: ${r.firstError}` : ""}`);
      }
    }
  } finally {
    await load.stop();
  }
  return figures;
}
