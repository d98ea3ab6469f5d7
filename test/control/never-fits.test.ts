// A batch run bigger than any node it may run on fails at once, naming the
// resource; one that only does not fit now keeps waiting.
import { describe, expect, it } from "vitest";
import { decide } from "../../server/control/decide.ts";
import { neverFits } from "../../server/control/placement.ts";
import type { Resources } from "../../server/spec/resources.ts";
import { execution, jobOf, node, now, run, spec, state } from "../support/cluster-fixtures.ts";

const GiB = 2 ** 30;
const sized = (id: string, cpuCores: number | null, memoryBytes: number | null, over = {}) => node(id, {}, { cpuCores, memoryBytes, ...over });
const req = (cpu: number | null, memory: number | null): Resources => ({ cpu, memory });

describe("neverFits", () => {
  const table: [string, ReturnType<typeof node>[], Resources, ReturnType<typeof neverFits>][] = [
    ["memory above every node's total", [sized("a", 2, 4 * GiB), sized("b", 2, 4 * GiB), sized("c", 2, 4 * GiB)], req(null, 8 * GiB), { resource: "memory", sentence: "none of 3 nodes has 8 GiB memory in total" }],
    ["cpu above every node's total", [sized("a", 2, 4 * GiB), sized("b", 1, 4 * GiB)], req(4, null), { resource: "cpu", sentence: "none of 2 nodes has 4 cores in total" }],
    ["enough cpu on one, but not the memory there", [sized("a", 4, 2 * GiB), sized("b", 1, 8 * GiB)], req(2, 4 * GiB), { resource: "memory", sentence: "1 of 2 nodes has 2 cores in total; none of those has 4 GiB memory in total" }],
    ["one node holds it when empty", [sized("a", 2, 4 * GiB), sized("b", 8, 16 * GiB)], req(4, 8 * GiB), null],
    ["exactly the total fits", [sized("a", 1.5, 4 * GiB)], req(1.5, 4 * GiB), null],
    ["fits in total though full now", [sized("a", 2, 4 * GiB, { cpuUsed: 2, used: 4 })], req(2, null), null],
    ["a node that reported nothing may yet", [sized("a", 2, 4 * GiB), sized("old", null, null)], req(4, null), null],
    ["unreported memory counts only for a memory request", [sized("a", 2, null)], req(4, null), { resource: "cpu", sentence: "none of 1 node has 4 cores in total" }],
    ["no node at all: one may join", [], req(4, null), null],
    ["nothing requested", [sized("a", 1, GiB)], req(null, null), null],
  ];
  it.each(table)("%s", (_, nodes, r, expected) => {
    expect(neverFits(nodes, r)).toEqual(expected);
  });
});

describe("a batch run too big for any node", () => {
  const nodes = [sized("node-a", 2, 4 * GiB), sized("node-b", 2, 4 * GiB), sized("node-c", 2, 4 * GiB)];

  it("fails at once with INSUFFICIENT_RESOURCES and the sentence naming the memory", () => {
    const j = jobOf(spec({ type: "batch", resources: { memory: 8 * GiB }, timeouts: { queueTimeout: 3600 } }), { state: "QUEUED" });
    const plan = decide(state({ job: j, nodes, runs: [run("r1", { state: "QUEUED" })] }), now);
    const why = "no node can run it: none of 3 nodes has 8 GiB memory in total";
    expect(plan.runs).toEqual([{ runId: "r1", state: "FAILED", message: why, error: why, code: "INSUFFICIENT_RESOURCES", resource: "memory" }]);
    expect(plan.job).toEqual({ state: "FAILED", message: why, details: { code: "INSUFFICIENT_RESOURCES", runId: "r1", resource: "memory" } });
    expect(plan.followUpAt).toBeNull();
  });

  it("counts a DOWN or DRAINING node the selector matches: it may come back", () => {
    const j = jobOf(spec({ type: "batch", resources: { memory: 8 * GiB } }), { state: "QUEUED" });
    const plan = decide(state({ job: j, nodes: [...nodes, sized("node-big", 4, 16 * GiB, { state: "DOWN" })], runs: [run("r1")] }), now);
    expect(plan.runs).toEqual([{ runId: "r1", state: "QUEUED", message: "waiting for capacity: 1 of 4 nodes is not READY; none of those has 8 GiB memory free" }]);
  });

  it("leaves out nodes the selector does not match", () => {
    const big = node("node-big", { pool: "gpu" }, { cpuCores: 4, memoryBytes: 16 * GiB });
    const j = jobOf(spec({ type: "batch", resources: { memory: 8 * GiB }, selector: { matchLabels: { pool: "cpu" } } }), { state: "QUEUED" });
    const cpuPool = nodes.map((n) => ({ ...n, labels: { pool: "cpu" } }));
    const plan = decide(state({ job: j, nodes: [...cpuPool, big], runs: [run("r1")] }), now);
    expect(plan.runs[0]).toMatchObject({ state: "FAILED", code: "INSUFFICIENT_RESOURCES" });
  });

  it("a request that fits in total but not now keeps waiting", () => {
    const j = jobOf(spec({ type: "batch", resources: { memory: 3 * GiB } }), { state: "RUNNING" });
    const busy = nodes.map((n) => ({ ...n, used: 1, memoryUsed: 3 * GiB }));
    const live = busy.map((n, i) => execution(n.id, { jobType: "batch", runId: `r${i}`, memoryRequested: 3 * GiB }));
    const runs = [...busy.map((_, i) => run(`r${i}`, { state: "RUNNING", message: `running on ${busy[i].id}` })), run("r9")];
    const plan = decide(state({ job: j, nodes: busy, runs, executions: live }), now);
    expect(plan.runs).toEqual([{ runId: "r9", state: "QUEUED", message: "waiting for capacity: none of 3 nodes has 3 GiB memory free" }]);
  });
});
