import { describe, expect, it } from "vitest";
import {
  compileSelector,
  filterNodesWithExplanation,
  filterStep,
  matchesSelector,
  renderExplanation,
  type NodeLike,
  type PlacementStep,
} from "../../server/spec/selector.ts";
import { fieldsOf, problemsOf } from "./helpers.ts";

const node = (id: string, labels: Record<string, string> = {}): NodeLike => ({ id, labels });

describe("matching one expression", () => {
  const eu = node("node-a", { region: "eu", tier: "gold", empty: "" });
  const bare = node("node-b", {});
  it.each<[string, boolean, boolean]>([
    // expression, holds on eu, holds on a node without labels
    ["region=eu", true, false],
    ["region==eu", true, false],
    ["region=us", false, false],
    ["region!=us", true, true], // a missing label is "not equal" (as in Kubernetes)
    ["region!=eu", false, true],
    ["tier in (gold,silver)", true, false],
    ["tier in (silver)", false, false],
    ["tier notin (silver)", true, true],
    ["tier notin (gold)", false, true],
    ["region", true, false],
    ["!region", false, true],
    ["gpu", false, false],
    ["!gpu", true, true],
    ["empty=", true, false],
    ["empty", true, false],
    ["region=", false, false],
    ["constructor", false, false], // own labels only, never Object.prototype
    ["!constructor", true, true],
  ])("%s", (expr, onEu, onBare) => {
    const selector = { matchExpressions: [expr] };
    expect(matchesSelector(selector, eu)).toBe(onEu);
    expect(matchesSelector(selector, bare)).toBe(onBare);
  });
});

describe("matching a selector", () => {
  const n = node("node-a", { region: "eu", tier: "gold" });

  it("matches everything when empty", () => {
    expect(matchesSelector({}, n)).toBe(true);
    expect(matchesSelector({ matchLabels: {}, matchIds: [], matchExpressions: [] }, n)).toBe(true);
  });

  it("requires every matchLabels pair to be equal", () => {
    expect(matchesSelector({ matchLabels: { region: "eu", tier: "gold" } }, n)).toBe(true);
    expect(matchesSelector({ matchLabels: { region: "eu", tier: "silver" } }, n)).toBe(false);
    expect(matchesSelector({ matchLabels: { zone: "" } }, n)).toBe(false);
  });

  it("requires membership in matchIds when it is not empty", () => {
    expect(matchesSelector({ matchIds: ["node-a", "node-b"] }, n)).toBe(true);
    expect(matchesSelector({ matchIds: ["node-b"] }, n)).toBe(false);
  });

  it("requires all parts to hold (AND)", () => {
    const sel = { matchIds: ["node-a"], matchLabels: { region: "eu" }, matchExpressions: ["tier in (gold)", "!gpu"] };
    expect(matchesSelector(sel, n)).toBe(true);
    expect(matchesSelector({ ...sel, matchExpressions: ["tier in (gold)", "gpu"] }, n)).toBe(false);
  });

  it("accepts a compiled selector, so many nodes share one parse", () => {
    const compiled = compileSelector({ matchExpressions: ["tier in (gold,silver)"] });
    expect(compileSelector(compiled)).toBe(compiled);
    expect(matchesSelector(compiled, n)).toBe(true);
    expect(compiled.expressions[0].text).toBe("tier in (gold,silver)");
  });

  it("rejects a malformed expression naming its index and position", () => {
    const problems = problemsOf(() => compileSelector({ matchExpressions: ["ok", "tier in (a,b"] }));
    expect(problems).toEqual([{ field: "selector.matchExpressions.1", message: expect.stringContaining("tier in (a,b"), position: 12 }]);
    expect(fieldsOf(() => matchesSelector({ matchExpressions: ["=x"] }, n))).toEqual(["selector.matchExpressions.0"]);
  });
});

/** 40 nodes: 3 in eu (2 with a gpu), 37 in us. */
function fleet(): NodeLike[] {
  const nodes: NodeLike[] = [];
  for (let i = 0; i < 40; i++) {
    const labels: Record<string, string> = { region: i < 3 ? "eu" : "us" };
    if (i < 2) labels.gpu = "a100";
    nodes.push(node(`node-${String(i).padStart(2, "0")}`, labels));
  }
  return nodes;
}

describe("placement explanation", () => {
  it("records a step per term: matchIds, then matchLabels by key, then expressions as given", () => {
    const r = filterNodesWithExplanation(
      {
        matchIds: ["node-00", "node-01", "node-02", "node-05"],
        matchLabels: { region: "eu" },
        matchExpressions: ["gpu", "gpu in (a100, h100)"],
      },
      fleet(),
    );
    expect(r.nodes.map((n) => n.id)).toEqual(["node-00", "node-01"]);
    expect(r.explanation).toEqual<PlacementStep[]>([
      { check: "matchIds", term: "id in (node-00,node-01,node-02,node-05)", filteredOut: 36, remaining: 4 },
      { check: "selector", term: "region=eu", filteredOut: 1, remaining: 3 },
      { check: "selector", term: "gpu", filteredOut: 1, remaining: 2 },
      { check: "selector", term: "gpu in (a100,h100)", filteredOut: 0, remaining: 2 },
    ]);
  });

  it("orders matchLabels steps by key and keeps every step once nothing remains", () => {
    const r = filterNodesWithExplanation({ matchLabels: { zone: "x", region: "mars" } }, fleet());
    expect(r.nodes).toEqual([]);
    expect(r.explanation).toEqual([
      { check: "selector", term: "region=mars", filteredOut: 40, remaining: 0 },
      { check: "selector", term: "zone=x", filteredOut: 0, remaining: 0 },
    ]);
  });

  it("has no steps without a selector, and keeps every node", () => {
    const r = filterNodesWithExplanation({}, fleet());
    expect(r.nodes).toHaveLength(40);
    expect(r.explanation).toEqual([]);
  });

  it("lets the scheduler append its own checks with the same bookkeeping", () => {
    const { nodes, explanation } = filterNodesWithExplanation({ matchLabels: { region: "eu" } }, fleet());
    const full = filterStep(nodes, "capacity", "free capacity", (n) => n.id === "node-02");
    expect(full.step).toEqual({ check: "capacity", term: "free capacity", filteredOut: 2, remaining: 1 });
    expect(renderExplanation([...explanation, full.step])).toBe("3 of 40 nodes match region=eu; 2 of those are full");
  });
});

describe("rendering an explanation", () => {
  const step = (check: PlacementStep["check"], term: string, filteredOut: number, remaining: number): PlacementStep => ({
    check,
    term,
    filteredOut,
    remaining,
  });

  it.each<[string, PlacementStep[], string]>([
    ["one selector term", [step("selector", "region=eu", 37, 3)], "3 of 40 nodes match region=eu"],
    [
      "selector then capacity",
      [step("selector", "region=eu", 37, 3), step("capacity", "free capacity", 2, 1)],
      "3 of 40 nodes match region=eu; 2 of those are full",
    ],
    [
      "matchIds then an expression",
      [step("matchIds", "id in (node-a,node-b)", 38, 2), step("selector", "gpu", 1, 1)],
      "2 of 40 nodes match id in (node-a,node-b); 1 of those matches gpu",
    ],
    ["state first", [step("state", "READY", 4, 36)], "4 of 40 nodes are not READY"],
    [
      "singular verbs",
      [step("selector", "region=eu", 39, 1), step("state", "READY", 1, 0)],
      "1 of 40 nodes matches region=eu; 1 of those is not READY",
    ],
    ["capacity first, one node", [step("capacity", "free capacity", 1, 0)], "1 of 1 node is full"],
    [
      "stops after the step that leaves nothing",
      [step("selector", "region=mars", 40, 0), step("selector", "gpu", 0, 0)],
      "0 of 40 nodes match region=mars",
    ],
    ["no nodes at all", [step("selector", "region=eu", 0, 0)], "no nodes to choose from"],
    ["no steps", [], "no placement constraints"],
  ])("%s", (_what, steps, sentence) => {
    expect(renderExplanation(steps)).toBe(sentence);
  });
});
