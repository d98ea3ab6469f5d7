// Resource-aware placement, case by case: the sentences, old agents, replacements, and the spec and agent inputs.
import { describe, expect, it } from "vitest";
import { decide } from "../../server/control/decide.ts";
import { normalizeSpec } from "../../server/spec/normalize.ts";
import { checkNodeResources } from "../../server/agents/node-resources.ts";
import { computeSeries } from "../../server/metrics/series.ts";
import { formatBytes, parseCpu, parseMemory } from "../../common/quantity.ts";
import { execution, jobOf, node, now, run, spec, state } from "../support/cluster-fixtures.ts";

const GiB = 2 ** 30;
const two = (id: string, over = {}) => node(id, {}, { cpuCores: 2, memoryBytes: 4 * GiB, ...over });

describe("placement with resource requests", () => {
  it("places a 1.5-core batch run once per 2-core node and explains the rest", () => {
    const j = jobOf(spec({ type: "batch", resources: { cpu: 1.5 } }), { state: "RUNNING" });
    const nodes = [two("node-a"), two("node-b"), two("node-c", { cpuUsed: 1 }), node("node-d"), two("node-e", { cpuUsed: 0.75 })];
    const runs = ["r1", "r2", "r3"].map((id) => run(id));
    const plan = decide(state({ job: j, nodes, runs }), now);
    expect(plan.place.map((p) => [p.runId, p.nodeId, p.reserves])).toEqual([
      ["r1", "node-a", { cpu: 1.5, memory: null }],
      ["r2", "node-b", { cpu: 1.5, memory: null }],
    ]);
    expect(plan.runs.find((r) => r.runId === "r3")).toMatchObject({ state: "QUEUED", message: "waiting for capacity: none of 5 nodes has 1.5 cores free" });
    expect(plan.job).toMatchObject({ state: "RUNNING" });
  });

  it("names the count of nodes with room when some have it", () => {
    const j = jobOf(spec({ type: "service", resources: { cpu: 1.5 } }), { state: "RUNNING" });
    const nodes = [two("node-a"), two("node-b"), two("node-c", { cpuUsed: 1 }), two("node-d", { cpuUsed: 1 }), node("node-e")];
    const plan = decide(state({ job: j, nodes }), now);
    expect(plan.place.map((p) => p.nodeId)).toEqual(["node-a", "node-b"]);
    expect(plan.explanation?.sentence).toBe("2 of 5 nodes have 1.5 cores free");
    expect(plan.job).toMatchObject({ state: "DEGRADED", details: { code: "INSUFFICIENT_RESOURCES" } });
    expect(plan.job?.message).toContain("2 of 5 nodes have 1.5 cores free");
  });

  it("memory alike: 'none of 2 nodes has 8 GiB memory free', and a node of an old agent takes only requestless work", () => {
    const j = jobOf(spec({ type: "batch", resources: { memory: 8 * GiB } }), { state: "RUNNING" });
    const plan = decide(state({ job: j, nodes: [two("node-a"), node("node-old")], runs: [run("r1")] }), now);
    expect(plan.place).toEqual([]);
    expect(plan.explanation?.sentence).toBe("none of 2 nodes has 8 GiB memory free");
    expect(plan.job).toMatchObject({ state: "QUEUED", details: { code: "WAITING_FOR_CAPACITY" } });
    const free = jobOf(spec({ type: "batch" }), { state: "RUNNING" });
    expect(decide(state({ job: free, nodes: [node("node-old")], runs: [run("r1")] }), now).place.map((p) => p.nodeId)).toEqual(["node-old"]);
  });

  it("an update's replacement counts the old execution's reservation as freed, and is held when the new request does not fit", () => {
    const v1 = spec({ type: "service", command: "v1", resources: { cpu: 1.5 } });
    const live = (n: string) => execution(n, { jobVersion: 1, cpuRequested: 1.5 });
    const grows = jobOf(spec({ type: "service", command: "v2", resources: { cpu: 1.75 } }), { version: 2, state: "RUNNING" });
    const nodes = [two("node-a", { cpuUsed: 1.5 }), two("node-b", { cpuUsed: 2 })];
    const plan = decide(state({ job: grows, nodes, executions: [live("node-a"), live("node-b")], specs: { 1: v1 } }), now);
    expect(plan.place.map((p) => p.nodeId)).toEqual(["node-a"]);
    expect(plan.explanation?.sentence).toBe("1 of 2 nodes has 1.75 cores free");
  });

  it("a broadcast goes to every matching node with room and says which it left out", () => {
    const j = jobOf(spec({ type: "ops", resources: { cpu: 1 } }), { state: "RUNNING" });
    const plan = decide(state({ job: j, nodes: [two("node-a"), two("node-b", { cpuUsed: 1.5 }), node("node-old")], runs: [run("r1")] }), now);
    expect(plan.place.map((p) => p.nodeId)).toEqual(["node-a"]);
    expect(plan.runs[0].message).toBe("sent to 1 node (2 nodes left out: 1 of 3 nodes has 1 core free)");
  });
});

describe("the spec's resources", () => {
  const base = { name: "j", type: "batch" as const, command: "x" };
  it("is null when nothing is requested, and keeps cpu to the millicore", () => {
    expect(normalizeSpec(base).resources).toBeNull();
    expect(normalizeSpec({ ...base, resources: {} }).resources).toBeNull();
    expect(normalizeSpec({ ...base, resources: { cpu: 1.5, memory: 512 * 2 ** 20 } }).resources).toEqual({ cpu: 1.5, memory: 512 * 2 ** 20 });
  });
  it.each([
    [{ cpu: 0 }, "resources.cpu"],
    [{ cpu: 2000 }, "resources.cpu"],
    [{ cpu: 1.2345 }, "resources.cpu"],
    [{ memory: 1.5 }, "resources.memory"],
    [{ memory: -1 }, "resources.memory"],
    [{ gpu: 1 }, "resources.gpu"],
  ])("refuses %j naming %s", (resources, field) => {
    expect(() => normalizeSpec({ ...base, resources: resources as never })).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ field }) }));
  });
});

describe("what an agent reports and quantities in files", () => {
  it("accepts positive, bounded numbers and refuses the rest, naming the field", () => {
    expect(checkNodeResources({ cpuCores: 2.0004, memoryBytes: 1024.7 })).toEqual({ cpuCores: 2, memoryBytes: 1024 });
    expect(checkNodeResources({})).toEqual({ cpuCores: null, memoryBytes: null });
    for (const [r, field] of [[{ cpuCores: 0 }, "cpuCores"], [{ cpuCores: Number.NaN }, "cpuCores"], [{ memoryBytes: 2 ** 60 }, "memoryBytes"], [{ memoryBytes: -5 }, "memoryBytes"]] as const) {
      expect(() => checkNodeResources(r)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: "VALIDATION_FAILED", field }) }));
    }
  });
  it("reads Kubernetes-style quantities", () => {
    expect(parseMemory("512Mi")).toEqual({ ok: true, value: 512 * 2 ** 20 });
    expect(parseMemory("2Gi")).toEqual({ ok: true, value: 2 * GiB });
    expect(parseMemory("1G")).toEqual({ ok: true, value: 1e9 });
    expect(parseMemory("1.5Ki")).toEqual({ ok: true, value: 1536 });
    expect(parseMemory("2GB").ok).toBe(false);
    expect(parseCpu("500m")).toEqual({ ok: true, value: 0.5 });
    expect(parseCpu("1.5")).toEqual({ ok: true, value: 1.5 });
    expect(parseCpu("1.5 cores").ok).toBe(false);
    expect(formatBytes(8 * GiB)).toBe("8 GiB");
  });
});

describe("metrics: requested beside used", () => {
  it("aggregates requests like the values: cpu averaged per instance, memory summed", () => {
    const at = new Date(now.getTime());
    const samples = [
      { executionId: "e1", at, cpuCores: 1, memoryBytes: 100 },
      { executionId: "e2", at, cpuCores: 0.5, memoryBytes: 50 },
    ];
    const requests = new Map([["e1", { cpu: 1.5, memory: 200 }], ["e2", { cpu: 0.5, memory: null }]]);
    expect(computeSeries("cpu_usage", samples, 15_000, requests)[0]).toMatchObject({ value: 0.75, requested: 1 });
    expect(computeSeries("memory_usage", samples, 15_000, requests)[0]).toMatchObject({ value: 150, requested: 200 });
    expect(computeSeries("cpu_usage", samples, 15_000)[0].requested).toBeNull();
  });
});
