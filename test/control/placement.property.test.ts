// Resource-aware placement over random clusters. Invariants:
// 1. No placement takes a node beyond its reported cpu or memory: what other
//    work reserved there plus every execution placed in the pass fits, and a
//    node that reported no cpu (memory) takes nothing that requests it.
// 2. A job without requests places exactly as if no node reported anything:
//    the same plan, whatever the nodes' cpu, memory and reservations.
// 3. The explanation's steps chain (each starts from what the one before
//    left), and the last one's remaining count is the number of feasible nodes.
// 4. A batch run fails for its size exactly when every node the selector
//    matches reported less than it requests (an empty node of any of them
//    would not hold it), and then no run is placed or left waiting.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { ClusterNode } from "../../server/control/cluster-state.ts";
import { decide } from "../../server/control/decide.ts";
import { candidatesOf, computeTargets, ledgerOf, misfit, rankFeasible, withFitSteps } from "../../server/control/placement.ts";
import { toMillicores, type Resources } from "../../server/spec/resources.ts";
import { jobOf, node, run, spec, state } from "../support/cluster-fixtures.ts";

const GiB = 2 ** 30;
const now = new Date("2026-04-01T12:00:00Z");

/** Nodes whose agents report (or not) a few cores and GiB, with some of it already reserved by other jobs. */
const clusterNodes = fc
  .array(
    fc.record({
      state: fc.constantFrom("READY", "READY", "READY", "DOWN", "DRAINING"),
      capacity: fc.integer({ min: 1, max: 4 }),
      used: fc.integer({ min: 0, max: 4 }),
      cpuCores: fc.option(fc.constantFrom(1, 2, 4, 0.5, 3.5), { nil: null, freq: 4 }),
      memoryBytes: fc.option(fc.constantFrom(GiB, 2 * GiB, 8 * GiB), { nil: null, freq: 4 }),
      cpuTaken: fc.constantFrom(0, 0.25, 0.5, 1, 1.5),
      memTaken: fc.constantFrom(0, GiB / 2, GiB),
      zone: fc.constantFrom("a", "b"),
    }),
    { minLength: 1, maxLength: 7 },
  )
  .map((ns) =>
    ns.map((n, i) =>
      node(`node-${i}`, { zone: n.zone }, {
        state: n.state as ClusterNode["state"],
        capacity: n.capacity,
        used: n.used,
        cpuCores: n.cpuCores,
        memoryBytes: n.memoryBytes,
        cpuUsed: n.cpuCores === null ? 0 : Math.min(n.cpuTaken, n.cpuCores),
        memoryUsed: n.memoryBytes === null ? 0 : n.memTaken,
      }),
    ),
  );

const requests = fc.record({
  cpu: fc.option(fc.constantFrom(0.25, 0.5, 1, 1.5, 2, 8), { nil: null }),
  memory: fc.option(fc.constantFrom(GiB / 4, GiB, 4 * GiB), { nil: null }),
});

const jobType = fc.constantFrom("batch", "service", "ops");

function scenario(type: string, nodes: ClusterNode[], resources: Resources | null, runCount: number, zoneSelector: boolean) {
  const s = spec({
    type: type as "batch",
    command: "work",
    ...(zoneSelector ? { selector: { matchLabels: { zone: "a" } } } : {}),
    ...(resources && (resources.cpu !== null || resources.memory !== null) ? { resources } : {}),
  });
  const runs = type === "service" ? [] : Array.from({ length: runCount }, (_, i) => run(`run-${i}`, { state: i === 0 ? "PENDING" : "QUEUED" }));
  return state({ job: jobOf(s, { state: "RUNNING" }), nodes, runs });
}

describe("resource-aware placement (properties)", () => {
  it("never places beyond a node's reported cpu or memory, and never places a request on a node that did not report it", () => {
    fc.assert(
      fc.property(jobType, clusterNodes, requests, fc.integer({ min: 1, max: 6 }), fc.boolean(), (type, nodes, req, runCount, zone) => {
        const plan = decide(scenario(type, nodes, req, runCount, zone), now);
        const byId = new Map(nodes.map((n) => [n.id, n]));
        const added = new Map<string, { milli: number; memory: number }>();
        for (const p of plan.place) {
          const a = added.get(p.nodeId) ?? { milli: 0, memory: 0 };
          a.milli += p.reserves?.cpu != null ? toMillicores(p.reserves.cpu) : 0;
          a.memory += p.reserves?.memory ?? 0;
          added.set(p.nodeId, a);
          // What the decision reserved is what the job requests.
          expect(p.reserves ?? { cpu: null, memory: null }).toEqual({ cpu: req.cpu, memory: req.memory });
        }
        for (const [id, a] of added) {
          const n = byId.get(id)!;
          if (req.cpu !== null) {
            expect(n.cpuCores).not.toBeNull();
            expect(toMillicores(n.cpuUsed) + a.milli).toBeLessThanOrEqual(toMillicores(n.cpuCores!));
          }
          if (req.memory !== null) {
            expect(n.memoryBytes).not.toBeNull();
            expect(n.memoryUsed + a.memory).toBeLessThanOrEqual(n.memoryBytes!);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it("a job without requests decides exactly as if no node reported cpu or memory", () => {
    fc.assert(
      fc.property(jobType, clusterNodes, fc.integer({ min: 1, max: 6 }), fc.boolean(), (type, nodes, runCount, zone) => {
        const blind = nodes.map((n) => ({ ...n, cpuCores: null, memoryBytes: null, cpuUsed: 0, memoryUsed: 0 }));
        const withReports = decide(scenario(type, nodes, null, runCount, zone), now);
        const without = decide(scenario(type, blind, null, runCount, zone), now);
        expect(withReports).toEqual(without);
        expect(withReports.place.every((p) => p.reserves === undefined)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("requests that fit everywhere place on the very nodes a requestless job would", () => {
    fc.assert(
      fc.property(jobType, clusterNodes, fc.integer({ min: 1, max: 6 }), (type, nodes, runCount) => {
        const roomy = nodes.map((n) => ({ ...n, cpuCores: 1000, memoryBytes: 2 ** 45 }));
        const tiny = decide(scenario(type, roomy, { cpu: 0.001, memory: 1 }, runCount, false), now);
        const none = decide(scenario(type, roomy, null, runCount, false), now);
        expect(tiny.place.map((p) => [p.nodeId, p.runId])).toEqual(none.place.map((p) => [p.nodeId, p.runId]));
      }),
      { numRuns: 300 },
    );
  });

  it("the explanation's steps chain, and the last one leaves exactly the feasible nodes", () => {
    fc.assert(
      fc.property(clusterNodes, requests, fc.boolean(), (nodes, req, zone) => {
        const { targets, steps } = computeTargets(spec({ type: "batch", ...(zone ? { selector: { matchLabels: { zone: "a" } } } : {}) }), nodes);
        const ledger = ledgerOf(nodes);
        const e = withFitSteps(targets, steps, (n) => misfit(n, ledger, req), req);
        const fitSteps = e.steps.slice(steps.length);
        const capacityShown = fitSteps[0]?.check === "capacity";
        const requested = [...(req.cpu !== null ? ["cpu"] : []), ...(req.memory !== null ? ["memory"] : [])];
        expect(fitSteps.map((s) => s.check)).toEqual([...(capacityShown ? ["capacity"] : []), ...requested]);
        // The capacity step is left out only for a job with requests, and only when it excluded no node.
        if (!capacityShown) expect(requested.length > 0 && targets.every((n) => misfit(n, ledger, req) !== "capacity")).toBe(true);
        let before = targets.length;
        for (const s of fitSteps) {
          expect(s.filteredOut + s.remaining).toBe(before);
          before = s.remaining;
        }
        expect(fitSteps[fitSteps.length - 1].remaining).toBe(rankFeasible(targets, ledger, req).length);
      }),
      { numRuns: 500 },
    );
  });

  it("a batch run fails at once exactly when no matching node could hold its request even empty", () => {
    fc.assert(
      fc.property(clusterNodes, requests, fc.boolean(), (nodes, req, zoneSelector) => {
        const st = scenario("batch", nodes, req, 2, zoneSelector);
        const plan = decide(st, now);
        const candidates = candidatesOf(st.job.spec as never, nodes);
        const requested = req.cpu !== null || req.memory !== null;
        // Each candidate as if empty, READY and with free slots: holds the request or not.
        const emptied = candidates.map((n) => ({ ...n, state: "READY", used: 0, cpuUsed: 0, memoryUsed: 0 }) as ClusterNode);
        const couldEver = emptied.some((n) => misfit(n, ledgerOf([n]), req) === null);
        const someUnreported = candidates.some((n) => (req.cpu !== null && n.cpuCores === null) || (req.memory !== null && n.memoryBytes === null));
        const expectFail = requested && candidates.length > 0 && !couldEver && !someUnreported;
        const failed = plan.runs.filter((r) => r.state === "FAILED");
        if (expectFail) {
          expect(failed.map((r) => r.runId)).toEqual(["run-0", "run-1"]);
          expect(failed.every((r) => r.code === "INSUFFICIENT_RESOURCES" && /in total/.test(r.message))).toBe(true);
          expect(plan.place).toEqual([]);
          expect(plan.job).toMatchObject({ state: "FAILED", details: { code: "INSUFFICIENT_RESOURCES" } });
        } else {
          expect(failed).toEqual([]);
        }
      }),
      { numRuns: 400 },
    );
  });
});
