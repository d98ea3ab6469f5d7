import type { Evaluation } from "../db/client.ts";
import type { Services } from "../services.ts";
import { claimEvaluations } from "./claim.ts";
import { applyPlan } from "./apply-plan.ts";
import { decide } from "./decide.ts";
import { loadClusterState, loadNodes, type ClusterNode, type ClusterState } from "./cluster-state.ts";
import type { Plan } from "./plan.ts";
import { isLive } from "../../common/states.ts";
import { IDS_PER_STATEMENT } from "../db/chunks.ts";

const BATCH = 50;
const CLAIM_LEASE_MS = 30_000;

/**
 * One pass of the scheduler: claims due evaluations (highest priority first),
 * keeps one per job (the rest, claimed or pending, are covered by it, because
 * reconcile looks at the whole job), decides a plan from fresh state and
 * applies it. Returns true when more work may be waiting.
 */
export async function schedulerTick(s: Services, holder: string): Promise<boolean> {
  const claimed = await claimEvaluations(s.db, holder, s.clock.now(), CLAIM_LEASE_MS, BATCH);
  if (claimed.length === 0) return false;
  const byJob = new Map<string, Evaluation[]>();
  for (const e of claimed) byJob.set(e.jobId, [...(byJob.get(e.jobId) ?? []), e]);
  // One read of the nodes for the whole pass; each applied plan updates their usage.
  const nodes = await loadNodes(s);
  for (const [jobId, evals] of byJob) {
    const [lead, ...covered] = evals;
    await evaluateJob(s, jobId, lead, nodes);
    if (covered.length) {
      await s.db.prisma.evaluation.updateMany({
        where: { id: { in: covered.map((e) => e.id) }, claimedBy: holder },
        data: { status: "COMPLETE", statusMessage: `covered by ${lead.id}`, claimedBy: null, claimedUntil: null, updatedAt: s.clock.now() },
      });
    }
  }
  return claimed.length === BATCH;
}

async function evaluateJob(s: Services, jobId: string, evaluation: Evaluation, nodes: ClusterNode[]): Promise<void> {
  const now = s.clock.now();
  // Evaluations of the job already committed before its state is read are answered by this look too.
  const waiting = await s.db.prisma.evaluation.findMany({
    where: { jobId, status: "PENDING", waitUntil: null, id: { not: evaluation.id } },
    select: { id: true },
    take: IDS_PER_STATEMENT,
  });
  const state = await loadClusterState(s, jobId, nodes);
  if (!state) {
    await s.db.prisma.evaluation.update({
      where: { id: evaluation.id },
      data: { status: "CANCELLED", statusMessage: "job deleted", claimedBy: null, claimedUntil: null, updatedAt: now },
    });
    return;
  }
  const plan = decide(state, now);
  const result = await applyPlan(s, evaluation, state.job, plan);
  if (result.applied) trackUsage(nodes, state, plan);
  if (result.applied && waiting.length) {
    await s.db.prisma.evaluation.updateMany({
      where: { id: { in: waiting.map((w) => w.id) }, status: "PENDING" },
      data: { status: "COMPLETE", statusMessage: `covered by ${evaluation.id}`, updatedAt: s.clock.now() },
    });
  }
  if (!result.applied) {
    // The job moved while we decided: put the evaluation back for a fresh look.
    await s.db.prisma.evaluation.updateMany({
      where: { id: evaluation.id, status: "RUNNING" },
      data: { status: "PENDING", statusMessage: result.reason, claimedBy: null, claimedUntil: null, updatedAt: now },
    });
  }
}

/**
 * Keeps the pass's node usage true after a plan: placements take a slot and
 * their reservation, stops and losses free them.
 */
function trackUsage(nodes: ClusterNode[], state: ClusterState, plan: Plan): void {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  // Only live executions hold a slot (see loadNodes).
  const liveById = new Map(state.executions.filter(isLive).map((e) => [e.id, e]));
  for (const p of plan.place) {
    const n = byId.get(p.nodeId);
    if (!n) continue;
    n.used++;
    n.cpuUsed += p.reserves?.cpu ?? 0;
    n.memoryUsed += p.reserves?.memory ?? 0;
  }
  for (const op of [...plan.stop, ...plan.lost]) {
    const e = liveById.get(op.executionId);
    const n = byId.get(e?.nodeId ?? "");
    if (!e || !n || n.used === 0) continue;
    n.used--;
    n.cpuUsed = Math.max(0, n.cpuUsed - (e.cpuRequested ?? 0));
    n.memoryUsed = Math.max(0, n.memoryUsed - (e.memoryRequested ?? 0));
  }
}
