import type { Execution } from "../db/client.ts";
import type { Services } from "../services.ts";
import { currentSeq } from "../events/log.ts";
import { reviveSnapshot } from "../events/revive.ts";
import type { JobSpec } from "../spec/types.ts";
import { ACTIVE_COMPUTE_STATES } from "../../common/states.ts";
import { RunValuesCache, type RunValuesForAgent } from "./run-values.ts";
import { chunks } from "../db/chunks.ts";

/** What an agent needs to run (or stop) one execution. */
export interface Assignment {
  executionId: string;
  jobId: string;
  namespace: string;
  jobName: string;
  jobType: string;
  jobVersion: number;
  runId: string | null;
  attempt: number;
  desiredState: string;
  computeState: string;
  /** The last report counter the server applied, so a restarted agent continues above it. */
  reportCounter: number;
  spec: JobSpec;
  /** The run's parameter values; null when it was given none. */
  runValues: RunValuesForAgent | null;
}

export interface AssignmentBatch {
  seq: number;
  /** True for the first batch: the node's whole desired set. Later batches are deltas. */
  full: boolean;
  assignments: Assignment[];
}

/**
 * A node's assignments: on (re)connect its full desired set, then one delta per
 * placement or desired-state change, in seq order. The full set is read after
 * taking the seq, and deltas replay from that seq, so nothing falls between.
 */
export async function* nodeAssignments(s: Services, nodeId: string, signal?: AbortSignal): AsyncGenerator<AssignmentBatch> {
  const prisma = s.db.prisma;
  const specs = new SpecCache(s);
  const seq = await currentSeq(prisma);
  const rows = await prisma.execution.findMany({
    where: {
      nodeId,
      OR: [{ desiredState: { not: "STOPPED" } }, { computeState: { in: [...ACTIVE_COMPUTE_STATES] } }],
    },
    orderBy: { id: "asc" },
  });
  // The specs in bounded statements: one lookup per execution, all at once, is one statement
  // whose parameters grow with the node's executions (P2029 past a few hundred).
  await specs.preload(rows);
  const assignments: Assignment[] = [];
  for (const r of rows) assignments.push(await specs.assignment(r));
  yield { seq, full: true, assignments };
  const stream = s.tailer.subscribe({ nodeId, types: ["EXECUTION_CREATED", "EXECUTION_DESIRED_CHANGED"] }, seq, signal);
  for await (const e of stream) {
    const ex = reviveExecution(e.snapshot);
    yield { seq: e.seq, full: false, assignments: [await specs.assignment(ex)] };
  }
}

/** (jobId, version) pairs per statement when preloading: two parameters each. */
const VERSIONS_PER_STATEMENT = 250;

class SpecCache {
  private cache = new Map<string, { spec: JobSpec; name: string }>();
  private readonly runValues: RunValuesCache;
  constructor(private readonly s: Services) {
    this.runValues = new RunValuesCache(s.db.prisma);
  }

  /** Reads the specs of every execution not cached yet, a bounded number of versions per statement. */
  async preload(executions: readonly Execution[]): Promise<void> {
    const missing = new Map<string, { jobId: string; version: number }>();
    for (const ex of executions) {
      const key = `${ex.jobId}:${ex.jobVersion}`;
      if (!this.cache.has(key)) missing.set(key, { jobId: ex.jobId, version: ex.jobVersion });
    }
    for (const pairs of chunks([...missing.values()], VERSIONS_PER_STATEMENT)) {
      const found = await this.s.db.prisma.jobVersion.findMany({ where: { OR: pairs }, select: { jobId: true, version: true, spec: true } });
      for (const v of found) this.remember(`${v.jobId}:${v.version}`, v.spec);
    }
  }

  private remember(key: string, stored: unknown) {
    const spec = (stored ?? {}) as unknown as JobSpec;
    const hit = { spec, name: spec.name ?? "" };
    this.cache.set(key, hit);
    return hit;
  }

  async assignment(ex: Execution): Promise<Assignment> {
    const key = `${ex.jobId}:${ex.jobVersion}`;
    let hit = this.cache.get(key);
    if (!hit) {
      const v = await this.s.db.prisma.jobVersion.findUnique({
        where: { jobId_version: { jobId: ex.jobId, version: ex.jobVersion } },
      });
      hit = this.remember(key, v?.spec);
    }
    return {
      executionId: ex.id,
      jobId: ex.jobId,
      namespace: ex.namespace,
      jobName: hit.name,
      jobType: ex.jobType,
      jobVersion: ex.jobVersion,
      runId: ex.runId,
      attempt: ex.attempt,
      desiredState: ex.desiredState,
      computeState: ex.computeState,
      reportCounter: ex.reportCounter,
      spec: hit.spec,
      runValues: await this.runValues.get(ex.runId),
    };
  }
}

export function reviveExecution(snapshot: unknown): Execution {
  return reviveSnapshot<Execution>(snapshot, ["startedAt", "finishedAt", "stableAt", "createdAt", "updatedAt"]);
}
