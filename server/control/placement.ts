import type { JobSpec } from "../spec/types.ts";
import { filterNodesWithExplanation, filterStep, renderExplanation, type PlacementStep } from "../spec/selector.ts";
import type { ClusterNode } from "./cluster-state.ts";

/*
 * Where a job may run (pure).
 * - target: a READY node the selector matches.
 * - feasible: a target with free capacity (used < capacity).
 */

/** Targets of the job and the explanation of how they were found. */
export function computeTargets(spec: Pick<JobSpec, "selector">, nodes: readonly ClusterNode[]): { targets: ClusterNode[]; steps: PlacementStep[] } {
  // Selector first, then state: "2 of 4 nodes match region=eu; 1 of those is not READY"
  // reads right, and the state step is only worth a word when it excluded a node.
  const matched = filterNodesWithExplanation(spec.selector, nodes.map((n) => ({ ...n, labels: n.labels as Record<string, string> })));
  const ready = filterStep(matched.nodes as ClusterNode[], "state", "READY", (n) => n.state === "READY");
  const steps = ready.step.filteredOut > 0 ? [...matched.explanation, ready.step] : matched.explanation;
  return { targets: ready.nodes, steps };
}

/** Feasible targets, least loaded first (used/capacity, then used, then id, for determinism). */
export function rankFeasible(targets: readonly ClusterNode[], used: ReadonlyMap<string, number>): ClusterNode[] {
  return targets
    .filter((n) => (used.get(n.id) ?? n.used) < n.capacity)
    .sort((a, b) => {
      const ua = used.get(a.id) ?? a.used;
      const ub = used.get(b.id) ?? b.used;
      return ua / a.capacity - ub / b.capacity || ua - ub || a.id.localeCompare(b.id);
    });
}

/** The explanation with a capacity step appended: "1 of 1 node is full". */
export function withCapacityStep(targets: readonly ClusterNode[], steps: PlacementStep[], hasRoom: (n: ClusterNode) => boolean) {
  const all = [...steps, filterStep([...targets], "capacity", "free capacity", hasRoom).step];
  return { steps: all, sentence: renderExplanation(all) };
}

export function explain(steps: PlacementStep[]) {
  return { steps, sentence: renderExplanation(steps) };
}
