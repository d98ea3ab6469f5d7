import type { JobSpec } from "../spec/types.ts";
import { toMillicores, type Resources } from "../spec/resources.ts";
import { filterNodesWithExplanation, filterStep, renderExplanation, type PlacementStep } from "../spec/selector.ts";
import { formatBytes, formatCores } from "../../common/quantity.ts";
import type { ClusterNode, ClusterState } from "./cluster-state.ts";

/*
 * Where a job may run (pure).
 * - target: a READY node the selector matches.
 * - feasible: a target with free capacity (used < capacity) and, for a job
 *   with resource requests, that much cpu and memory free: the node's reported
 *   cpu/memory minus what its live executions reserved. A node whose agent
 *   reported no cpu or memory has unknown room: it takes only executions that
 *   request none of what it did not report.
 */

/** Nothing requested: placement by execution count alone, as before requests existed. */
export const NO_REQUESTS: Resources = { cpu: null, memory: null };

/** What an execution of `spec` reserves (specs stored before requests existed have none). */
export function requestsOf(spec: Pick<JobSpec, "resources"> | undefined): Resources {
  return spec?.resources ?? NO_REQUESTS;
}

/** The requests of a job version the pass knows, or of `current` when it does not. */
export function requestsOfVersion(state: Pick<ClusterState, "versions">, version: number, current: JobSpec): Resources {
  return requestsOf(state.versions.get(version)?.spec ?? current);
}

export const hasRequests = (r: Resources) => r.cpu !== null || r.memory !== null;

/** What one node holds so far in a pass: live executions, millicores and bytes reserved. */
export interface NodeUse {
  count: number;
  milli: number;
  memory: number;
}

/** Each node's use, keyed by id, from the counts the pass read; updated with `reserve` as the pass places. */
export type Ledger = Map<string, NodeUse>;

export function ledgerOf(nodes: readonly ClusterNode[]): Ledger {
  return new Map(nodes.map((n) => [n.id, { count: n.used, milli: toMillicores(n.cpuUsed ?? 0), memory: n.memoryUsed ?? 0 }]));
}

const useOf = (ledger: Ledger, n: ClusterNode): NodeUse => ledger.get(n.id) ?? { count: n.used, milli: toMillicores(n.cpuUsed ?? 0), memory: n.memoryUsed ?? 0 };

export function reserve(ledger: Ledger, n: ClusterNode, req: Resources): void {
  const u = useOf(ledger, n);
  ledger.set(n.id, { count: u.count + 1, milli: u.milli + (req.cpu !== null ? toMillicores(req.cpu) : 0), memory: u.memory + (req.memory ?? 0) });
}

/** What a placed execution holds on its node (rows from before requests existed hold nothing). */
export function reservationOf(e: { cpuRequested?: number | null; memoryRequested?: number | null }): Resources {
  return { cpu: e.cpuRequested ?? null, memory: e.memoryRequested ?? null };
}

/**
 * A replacement on the same node (an update or restart): the new execution
 * takes the old one's slot, and, when the old one stops in the same pass
 * (`releases`), its reservation too. Reserves and returns null when the new
 * requests fit; otherwise changes nothing and names the check that failed.
 */
export function swap(ledger: Ledger, n: ClusterNode, old: Resources, req: Resources, releases: boolean): Misfit | null {
  const u = useOf(ledger, n);
  const freed = releases
    ? { ...u, milli: u.milli - (old.cpu !== null ? toMillicores(old.cpu) : 0), memory: u.memory - (old.memory ?? 0) }
    : u;
  const trial: Ledger = new Map([[n.id, freed]]);
  const miss = misfit(n, trial, req, { countSlots: false });
  if (miss) return miss;
  ledger.set(n.id, { count: u.count, milli: freed.milli + (req.cpu !== null ? toMillicores(req.cpu) : 0), memory: freed.memory + (req.memory ?? 0) });
  return null;
}

/** The check a node fails for one more execution with `req`, in the order explanations list them. */
export type Misfit = "capacity" | "cpu" | "memory";

export function misfit(n: ClusterNode, ledger: Ledger, req: Resources, { countSlots = true } = {}): Misfit | null {
  const u = useOf(ledger, n);
  if (countSlots && u.count >= n.capacity) return "capacity";
  if (req.cpu !== null && (n.cpuCores == null || toMillicores(n.cpuCores) - u.milli < toMillicores(req.cpu))) return "cpu";
  if (req.memory !== null && (n.memoryBytes == null || n.memoryBytes - u.memory < req.memory)) return "memory";
  return null;
}

/** Targets of the job and the explanation of how they were found. */
export function computeTargets(spec: Pick<JobSpec, "selector">, nodes: readonly ClusterNode[]): { targets: ClusterNode[]; steps: PlacementStep[] } {
  // Selector first, then state: "2 of 4 nodes match region=eu; 1 of those is not READY"
  // reads right, and the state step is only worth a word when it excluded a node.
  const matched = filterNodesWithExplanation(spec.selector, nodes.map((n) => ({ ...n, labels: n.labels as Record<string, string> })));
  const ready = filterStep(matched.nodes as ClusterNode[], "state", "READY", (n) => n.state === "READY");
  const steps = ready.step.filteredOut > 0 ? [...matched.explanation, ready.step] : matched.explanation;
  return { targets: ready.nodes, steps };
}

/** Every node the selector matches, whatever its state, except those a run already found unfit. */
export function candidatesOf(spec: Pick<JobSpec, "selector">, nodes: readonly ClusterNode[], unfit: ReadonlySet<string> = new Set()): ClusterNode[] {
  const matched = filterNodesWithExplanation(spec.selector, nodes.map((n) => ({ ...n, labels: n.labels as Record<string, string> }))).nodes as ClusterNode[];
  return unfit.size ? matched.filter((n) => !unfit.has(n.id)) : matched;
}

/**
 * Feasible targets for one execution with `req`, least loaded first
 * (used/capacity, then used, then id, for determinism: requests narrow the
 * choice, they do not reorder it).
 */
export function rankFeasible(targets: readonly ClusterNode[], ledger: Ledger, req: Resources = NO_REQUESTS): ClusterNode[] {
  return targets
    .filter((n) => misfit(n, ledger, req) === null)
    .sort((a, b) => {
      const ua = useOf(ledger, a).count;
      const ub = useOf(ledger, b).count;
      return ua / a.capacity - ub / b.capacity || ua - ub || a.id.localeCompare(b.id);
    });
}

/**
 * The explanation with a step per check after the selector: capacity ("1 of
 * 3 nodes is full"; left out for a job with requests when no node is full), then, for what the job requests, cpu ("2 of those have
 * 1.5 cores free") and memory. `failed` says which check each target failed
 * (null: it passed them all), so the steps agree with the decision made.
 */
export function withFitSteps(targets: readonly ClusterNode[], steps: PlacementStep[], failed: (n: ClusterNode) => Misfit | null, req: Resources = NO_REQUESTS) {
  let current = [...targets];
  const all = [...steps];
  const step = (check: Misfit, term: string, quietWhenNone = false) => {
    const r = filterStep(current, check, term, (n) => failed(n) !== check);
    current = r.nodes;
    if (!(quietWhenNone && r.step.filteredOut === 0)) all.push(r.step);
  };
  // With requests, "0 of 5 nodes are full" says nothing: the resource steps carry the sentence.
  step("capacity", "free capacity", hasRequests(req));
  if (req.cpu !== null) step("cpu", formatCores(req.cpu));
  if (req.memory !== null) step("memory", `${formatBytes(req.memory)} memory`);
  return { steps: all, sentence: renderExplanation(all) };
}

/** Broadcast work ignores the execution count but not requests: the steps for cpu and memory only. */
export function withResourceSteps(targets: readonly ClusterNode[], steps: PlacementStep[], failed: (n: ClusterNode) => Misfit | null, req: Resources) {
  const { steps: all } = withFitSteps(targets, steps, failed, req);
  const kept = all.filter((s, i) => i < steps.length || s.check !== "capacity");
  return { steps: kept, sentence: renderExplanation(kept) };
}

export function explain(steps: PlacementStep[]) {
  return { steps, sentence: renderExplanation(steps) };
}

/**
 * A request no node could hold even empty: more cpu or memory than the
 * node reports in total. Asked of every node the selector matches, whatever
 * its state (a DOWN or DRAINING node may come back), so a run fails at once
 * only when waiting cannot help. Null while any of them could hold it, while
 * any has not reported what it lacks (its agent may be upgraded), and when
 * none matches (a node may join).
 */
export function neverFits(candidates: readonly ClusterNode[], req: Resources): { resource: "cpu" | "memory"; sentence: string } | null {
  if (candidates.length === 0 || !hasRequests(req)) return null;
  const short = (n: ClusterNode): "cpu" | "memory" | "unknown" | null => {
    if (req.cpu !== null && n.cpuCores == null) return "unknown";
    if (req.memory !== null && n.memoryBytes == null) return "unknown";
    if (req.cpu !== null && toMillicores(n.cpuCores!) < toMillicores(req.cpu)) return "cpu";
    if (req.memory !== null && n.memoryBytes! < req.memory) return "memory";
    return null;
  };
  const shorts = candidates.map(short);
  if (shorts.some((s) => s === null || s === "unknown")) return null;
  // Steps as the placement explanation counts them: cpu first, then memory of the nodes with cpu enough.
  const parts: string[] = [];
  let before = candidates.length;
  const of = (first: boolean) => (first ? `of ${before} node${before === 1 ? "" : "s"}` : "of those");
  if (req.cpu !== null) {
    const enough = shorts.filter((s) => s !== "cpu").length;
    parts.push(enough === 0 ? `none ${of(true)} has ${formatCores(req.cpu)} in total` : `${enough} ${of(true)} ${enough === 1 ? "has" : "have"} ${formatCores(req.cpu)} in total`);
    if (enough === 0) return { resource: "cpu", sentence: parts.join("; ") };
    before = enough;
  }
  parts.push(`none ${of(parts.length === 0)} has ${formatBytes(req.memory!)} memory in total`);
  return { resource: "memory", sentence: parts.join("; ") };
}
