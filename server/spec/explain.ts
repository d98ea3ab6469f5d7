import { compileSelector, expressionHolds, labelOf, type CompiledSelector, type NodeLike, type SelectorLike } from "./selector-match.ts";

/**
 * Why a job is (not) placed: each check that narrows the candidate nodes,
 * in order, with how many it filtered out. Structured so clients never parse
 * the sentence; `renderExplanation` writes the sentence beside it.
 *
 * The selector part comes from here; the scheduler appends its own `state`
 * and `capacity` steps with `filterStep`.
 */
export type PlacementCheck = "selector" | "matchIds" | "capacity" | "state" | "cpu" | "memory";

export interface PlacementStep {
  check: PlacementCheck;
  /**
   * selector: the canonical term ("region=eu", "tier in (a,b)");
   * matchIds: "id in (node-a,node-b)";
   * state: the state required ("READY");
   * capacity: what was checked ("free capacity");
   * cpu, memory: the amount one execution requests ("1.5 cores", "8 GiB memory").
   */
  term: string;
  filteredOut: number;
  remaining: number;
}

/** One check: keeps the nodes `keep` accepts and records the step. */
export function filterStep<N>(
  nodes: readonly N[],
  check: PlacementCheck,
  term: string,
  keep: (node: N) => boolean,
): { nodes: N[]; step: PlacementStep } {
  const kept = nodes.filter(keep);
  return { nodes: kept, step: { check, term, filteredOut: nodes.length - kept.length, remaining: kept.length } };
}

/**
 * The nodes the selector matches, and a step per term in a fixed order:
 * matchIds (if any), each matchLabels pair (by key), each expression (as given).
 * Every term gets a step even once nothing remains, so the structure has the
 * same shape for the same selector.
 */
export function filterNodesWithExplanation<N extends NodeLike>(
  selector: SelectorLike | CompiledSelector,
  nodes: readonly N[],
): { nodes: N[]; explanation: PlacementStep[] } {
  const s = compileSelector(selector);
  const explanation: PlacementStep[] = [];
  let current: N[] = [...nodes];
  const apply = (check: PlacementCheck, term: string, keep: (n: N) => boolean) => {
    const r = filterStep(current, check, term, keep);
    current = r.nodes;
    explanation.push(r.step);
  };
  if (s.matchIds.length > 0) apply("matchIds", `id in (${s.matchIds.join(",")})`, (n) => s.matchIds.includes(n.id));
  for (const [k, v] of s.matchLabels) apply("selector", `${k}=${v}`, (n) => labelOf(n.labels, k) === v);
  for (const { text, expression } of s.expressions) apply("selector", text, (n) => expressionHolds(expression, n.labels));
  return { nodes: current, explanation };
}

const nodes = (n: number) => `${n} node${n === 1 ? "" : "s"}`;

/**
 * One sentence per step, joined with "; ", stopping after the step that
 * leaves no node (what follows would only repeat "0 of 0"):
 *   "3 of 40 nodes match region=eu; 2 of those are full".
 */
export function renderExplanation(steps: readonly PlacementStep[]): string {
  if (steps.length === 0) return "no placement constraints";
  const parts: string[] = [];
  for (const [i, step] of steps.entries()) {
    const before = step.filteredOut + step.remaining;
    if (i === 0 && before === 0) return "no nodes to choose from";
    const of = i === 0 ? `of ${nodes(before)}` : "of those";
    switch (step.check) {
      case "selector":
      case "matchIds":
        parts.push(`${step.remaining} ${of} ${step.remaining === 1 ? "matches" : "match"} ${step.term}`);
        break;
      case "capacity":
        parts.push(`${step.filteredOut} ${of} ${step.filteredOut === 1 ? "is" : "are"} full`);
        break;
      case "cpu":
      case "memory":
        parts.push(
          step.remaining === 0
            ? `none ${i === 0 ? `of ${nodes(before)}` : "of those"} has ${step.term} free`
            : `${step.remaining} ${of} ${step.remaining === 1 ? "has" : "have"} ${step.term} free`,
        );
        break;
      case "state":
        parts.push(`${step.filteredOut} ${of} ${step.filteredOut === 1 ? "is" : "are"} not ${step.term}`);
        break;
    }
    if (step.remaining === 0) break;
  }
  return parts.join("; ");
}
