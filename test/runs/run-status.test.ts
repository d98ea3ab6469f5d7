import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { computeRunStatusCounts, RUN_STATUSES, runStatesOf, runStatusOf } from "../../common/run-status.ts";
import { ACTIVE_RUN_STATES, FINISHED_RUN_STATES, type RunState } from "../../common/states.ts";

const STATES = [...ACTIVE_RUN_STATES, ...FINISHED_RUN_STATES] as RunState[];

describe("the osapi status vocabulary", () => {
  it.each([
    ["PENDING", "submitted"],
    ["QUEUED", "submitted"],
    ["RUNNING", "processing"],
    ["SUCCEEDED", "completed"],
    ["FAILED", "failed"],
    ["CANCELLED", "failed"],
    ["PARTIAL_FAILURE", "partial_failure"],
  ] as const)("%s reads %s", (state, status) => {
    expect(runStatusOf(state)).toBe(status);
    expect(runStatesOf(status)).toContain(state);
  });

  it("every status has a state, every state one status, and active states never read as finished ones", () => {
    for (const status of RUN_STATUSES) expect(runStatesOf(status).length).toBeGreaterThan(0);
    expect(RUN_STATUSES.flatMap(runStatesOf).sort()).toEqual([...STATES].sort());
    for (const s of ACTIVE_RUN_STATES) expect(["submitted", "processing"]).toContain(runStatusOf(s));
    for (const s of FINISHED_RUN_STATES) expect(["submitted", "processing"]).not.toContain(runStatusOf(s));
  });

  it("property: status counts keep the total and each status counts exactly its states", () => {
    const groups = fc.array(fc.record({ state: fc.constantFrom(...STATES), count: fc.nat(1000) }), { maxLength: 20 });
    fc.assert(
      fc.property(groups, (byState) => {
        const counts = computeRunStatusCounts(byState);
        const sum = (xs: { count: number }[]) => xs.reduce((n, x) => n + x.count, 0);
        expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(sum(byState));
        for (const status of RUN_STATUSES) expect(counts[status]).toBe(sum(byState.filter((g) => runStatusOf(g.state) === status)));
      }),
    );
  });
});
