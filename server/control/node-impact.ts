import { compileSelector, matchesSelector, type SelectorLike } from "../spec/selector.ts";

/** A node as it is after the change. */
export interface ChangedNode {
  id: string;
  state: string;
  labels: Record<string, string>;
}

/** A job that might place on a changed node: one waiting to run, or a long-running one. */
export interface PlacingJob {
  id: string;
  selector: SelectorLike;
  /** Long-running (one execution per target, forever): it wants one on every matching node, not only while waiting. */
  longRunning: boolean;
}

/** A job with an active execution on a changed node. */
export interface WorkOnNode {
  jobId: string;
  nodeId: string;
  selector: SelectorLike;
}

/**
 * Which jobs a node change concerns (pure). A node event does not touch the
 * other jobs, so it costs the jobs it concerns, not every job:
 * - a job with work on a changed node that is no longer READY, or whose
 *   selector no longer matches it (the work must stop, move or be LOST); work
 *   on a READY node that still matches stays as it is;
 * - a job that places by selector, where a changed node is READY and matches:
 *   a waiting one (queued for capacity or for a node), or a long-running one
 *   that has no live execution on that node yet.
 * `liveOn` holds "jobId nodeId" for the live executions of the placing jobs on
 * the changed nodes.
 */
export function jobsConcerned(
  nodes: readonly ChangedNode[],
  work: readonly WorkOnNode[],
  placing: readonly PlacingJob[],
  liveOn: ReadonlySet<string>,
): Set<string> {
  const out = new Set<string>();
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const w of work) {
    const node = byId.get(w.nodeId);
    if (!node || node.state !== "READY" || !matchesSelector(w.selector, node)) out.add(w.jobId);
  }
  const ready = nodes.filter((n) => n.state === "READY");
  if (ready.length === 0) return out;
  for (const job of placing) {
    if (out.has(job.id)) continue;
    const selector = compileSelector(job.selector);
    const wants = ready.some((n) => matchesSelector(selector, n) && !(job.longRunning && liveOn.has(`${job.id} ${n.id}`)));
    if (wants) out.add(job.id);
  }
  return out;
}
