import type { PrismaClient } from "../db/client.ts";

/** The parameter values of a run, as its executions' processes receive them. */
export interface RunValuesForAgent {
  meta: Record<string, string>;
  payload: string | null;
}

/**
 * Run values per run id for one assignments stream: a run's values never
 * change after it is created, so each run is read once however many of its
 * executions (retries, a restarted agent's full set) the node is given.
 */
export class RunValuesCache {
  private readonly cache = new Map<string, Promise<RunValuesForAgent | null>>();
  constructor(private readonly prisma: PrismaClient) {}

  get(runId: string | null): Promise<RunValuesForAgent | null> {
    if (!runId) return Promise.resolve(null);
    let hit = this.cache.get(runId);
    if (!hit) {
      hit = this.prisma.run
        .findUnique({ where: { id: runId }, select: { meta: true, payload: true } })
        .then((r) => (r && (r.meta !== null || r.payload !== null) ? { meta: (r.meta ?? {}) as Record<string, string>, payload: r.payload } : null));
      this.cache.set(runId, hit);
    }
    return hit;
  }
}
