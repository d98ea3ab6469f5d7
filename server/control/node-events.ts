import type { Prisma } from "../db/client.ts";
import type { Clock } from "../clock.ts";
import type { Services } from "../services.ts";
import type { JobSpec } from "../spec/types.ts";
import { isLongRunning } from "../spec/types.ts";
import { newId } from "../ids.ts";
import { chunks } from "../db/chunks.ts";
import { ACTIVE_COMPUTE_STATES } from "../../common/states.ts";
import { jobsConcerned, type ChangedNode, type PlacingJob, type WorkOnNode } from "./node-impact.ts";
import { queueEvaluations } from "./queue-evaluations.ts";

/** The job types that keep one execution on every target (isLongRunning). */
const LONG_RUNNING_TYPES = ["service", "pipeline"];

/**
 * A node joined, left, came back, was drained or relabelled: the jobs it
 * concerns must look again (a service gains an execution on a new matching
 * node; a batch queued for capacity may start; work on a drained node moves).
 * The write that changed the node records one NodeChange row in its own
 * transaction, so a registration costs the same with ten jobs or a hundred
 * thousand; expandNodeChanges finds the jobs it concerns later, off that path.
 */
export async function recordNodeChange(tx: Prisma.TransactionClient, clock: Clock, nodeId: string, reason: string): Promise<void> {
  const now = clock.now();
  await tx.nodeChange.create({ data: { id: newId("nodeChange", now), nodeId, reason, createdAt: now } });
}

/** Jobs read per statement while looking for the ones that place by selector. */
const JOBS_PER_PAGE = 1000;
const WAITING_JOB_STATES = ["PENDING", "QUEUED"] as const;
const WAITING_RUN_STATES = ["PENDING", "QUEUED"] as const;

/**
 * Turns pending node changes into evaluations of the jobs they concern (see
 * jobsConcerned): those with work on a changed node, and those that could
 * place on one. A re-registration that changed nothing, or a node nothing
 * runs on, costs a few reads and no evaluation, whatever the number of jobs.
 * Jobs with an evaluation pending are skipped: however many nodes changed
 * since the last pass, each job is looked at once. Runs under a lease; a crash
 * in the middle leaves the changes pending and the next pass does it again.
 * Returns how many evaluations it wrote.
 */
export async function expandNodeChanges(s: Services): Promise<number> {
  const prisma = s.db.prisma;
  const pending = await prisma.nodeChange.findMany({ orderBy: { createdAt: "asc" }, take: 10_000, select: { id: true, nodeId: true } });
  if (pending.length === 0) return 0;
  const nodeIds = [...new Set(pending.map((p) => p.nodeId))];
  const nodes: ChangedNode[] = [];
  const work: WorkOnNode[] = [];
  for (const ids of chunks(nodeIds)) {
    const [rows, active] = await Promise.all([
      prisma.node.findMany({ where: { id: { in: ids } }, select: { id: true, state: true, labels: true } }),
      prisma.execution.findMany({
        where: { nodeId: { in: ids }, computeState: { in: [...ACTIVE_COMPUTE_STATES] } },
        distinct: ["jobId", "nodeId"],
        select: { jobId: true, nodeId: true, job: { select: { spec: true } } },
      }),
    ]);
    for (const n of rows) nodes.push({ id: n.id, state: n.state, labels: n.labels as Record<string, string> });
    for (const e of active) work.push({ jobId: e.jobId, nodeId: e.nodeId, selector: (e.job.spec as unknown as JobSpec).selector ?? {} });
  }
  const ready = nodes.filter((n) => n.state === "READY").map((n) => n.id);
  const placing = ready.length ? await placingJobs(s) : [];
  const liveOn = new Set<string>();
  const longRunning = placing.filter((j) => j.longRunning).map((j) => j.id);
  for (const jobIds of chunks(longRunning)) {
    for (const readyIds of chunks(ready)) {
      const live = await prisma.execution.findMany({
        where: { jobId: { in: jobIds }, nodeId: { in: readyIds }, computeState: { in: [...ACTIVE_COMPUTE_STATES] }, desiredState: { not: "STOPPED" } },
        select: { jobId: true, nodeId: true },
      });
      for (const e of live) liveOn.add(`${e.jobId} ${e.nodeId}`);
    }
  }
  const concerned = jobsConcerned(nodes, work, placing, liveOn);
  const written = await queueEvaluations(s, prisma, concerned, "node-update");
  for (const ids of chunks(pending.map((p) => p.id))) await prisma.nodeChange.deleteMany({ where: { id: { in: ids } } });
  return written;
}

/**
 * Jobs that place by selector and may want a changed node: long-running ones
 * that are not stopped, and any job waiting for somewhere to run. Read in
 * pages, selectors only.
 */
async function placingJobs(s: Services): Promise<PlacingJob[]> {
  const prisma = s.db.prisma;
  const out: PlacingJob[] = [];
  let after: string | null = null;
  for (;;) {
    const page: { id: string; type: string; spec: unknown }[] = await prisma.job.findMany({
      where: {
        state: { notIn: ["STOPPED", "DELETED"] },
        deleteRequestedAt: null,
        OR: [
          { type: { in: LONG_RUNNING_TYPES } },
          { state: { in: [...WAITING_JOB_STATES] } },
          { runs: { some: { state: { in: [...WAITING_RUN_STATES] } } } },
        ],
        ...(after ? { id: { gt: after } } : {}),
      },
      select: { id: true, type: true, spec: true },
      orderBy: { id: "asc" },
      take: JOBS_PER_PAGE,
    });
    for (const j of page) out.push({ id: j.id, selector: (j.spec as unknown as JobSpec).selector ?? {}, longRunning: isLongRunning(j.type) });
    if (page.length < JOBS_PER_PAGE) return out;
    after = page[page.length - 1].id;
  }
}
