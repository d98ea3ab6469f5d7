import { describe, expect, it } from "vitest";
import { canonicalJson, classifyChange, diffSpecs, specsEqual, type SpecChange } from "../../server/spec/diff.ts";
import { normalizeSpec } from "../../server/spec/normalize.ts";
import type { JobSpec, JobSpecInput } from "../../server/spec/types.ts";

const base: JobSpecInput = {
  name: "web",
  namespace: "prod",
  type: "service",
  command: "sleep 60",
  labels: { team: "edge" },
  config: { level: 1, nested: { a: 1 } },
};
const spec = (extra: JobSpecInput = {}): JobSpec => normalizeSpec({ ...base, ...extra });

describe("canonicalJson", () => {
  it("sorts keys at every depth and keeps list order", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,1,{"y":2,"z":1}]},"b":1}');
  });

  it("drops undefined members as JSON.stringify does, and writes dates as ISO strings", () => {
    expect(canonicalJson({ a: undefined, b: [undefined], c: new Date(0) })).toBe('{"b":[null],"c":"1970-01-01T00:00:00.000Z"}');
    expect(canonicalJson(undefined)).toBe("null");
  });

  it("is the same for objects built in a different key order", () => {
    expect(canonicalJson({ x: 1, y: { p: 1, q: 2 } })).toBe(canonicalJson({ y: { q: 2, p: 1 }, x: 1 }));
  });

  it("keeps a __proto__ key as data", () => {
    const obj = JSON.parse('{"__proto__":{"polluted":true},"a":1}');
    expect(canonicalJson(obj)).toBe('{"__proto__":{"polluted":true},"a":1}');
  });
});

describe("specsEqual", () => {
  it("compares the meaning, not the spelling", () => {
    const a = spec({ labels: { team: "edge", tier: "web" }, deployment: { strategy: "rolling", healthCheck: { deadline: "90s" } } });
    const b = spec({ labels: { tier: "web", team: "edge" }, deployment: { strategy: "rolling", healthCheck: { deadline: "1m30s", minHealthyTime: "30s" } } });
    expect(specsEqual(a, b)).toBe(true);
    expect(specsEqual(a, spec())).toBe(false);
  });
});

describe("diffSpecs", () => {
  it("finds nothing between equal specs", () => {
    expect(diffSpecs(spec(), spec())).toEqual([]);
  });

  it("lists each changed leaf with JSON values", () => {
    const changes = diffSpecs(spec(), spec({ command: "sleep 2", labels: { team: "core", new: "1" }, config: { level: 2, nested: { a: 1 } } }));
    expect(changes).toEqual<SpecChange[]>([
      { path: "command", before: "sleep 60", after: "sleep 2" },
      { path: "config.level", before: 1, after: 2 },
      { path: "labels.new", before: null, after: "1" },
      { path: "labels.team", before: "edge", after: "core" },
    ]);
  });

  it("compares lists whole and reports an object appearing as one change", () => {
    const before = spec({ tags: ["a"] });
    const after = spec({ tags: ["a", "b"], deployment: { strategy: "rolling", healthCheck: { deadline: "1m" } } });
    expect(diffSpecs(before, after)).toEqual([
      { path: "deployment.healthCheck", before: null, after: { deadline: "1m", maxErrorRate: 0.1, minHealthyTime: "30s", probe: null } },
      { path: "deployment.strategy", before: "immediate", after: "rolling" },
      { path: "tags", before: ["a"], after: ["a", "b"] },
    ]);
  });

  it("for a new job, lists every top-level field that is set, from null", () => {
    const after = spec();
    const changes = diffSpecs(null, after);
    const set = Object.entries(after).filter(([, v]) => v !== null).map(([k]) => k);
    expect(changes.map((c) => c.path)).toEqual(set.sort());
    expect(changes.map((c) => c.path)).not.toContain("schedule");
    expect(changes.every((c) => c.before === null)).toBe(true);
    expect(changes.find((c) => c.path === "name")).toEqual({ path: "name", before: null, after: "web" });
  });

  it("returns copies, never the spec's own objects", () => {
    const after = spec({ tags: ["a"] });
    const change = diffSpecs(spec(), after).find((c) => c.path === "tags")!;
    (change.after as string[]).push("mutated");
    expect(after.tags).toEqual(["a"]);
  });
});

describe("classifyChange", () => {
  const classify = (extra: JobSpecInput, from: JobSpecInput = {}) => classifyChange(diffSpecs(spec(from), spec(extra)));

  it("is none when nothing changed", () => {
    expect(classify({})).toBe("none");
    expect(classifyChange([])).toBe("none");
  });

  it.each<[string, JobSpecInput]>([
    ["type", { type: "pipeline" }],
    ["image", { image: "nginx:1.27" }],
    ["command", { command: "sleep 1" }],
    ["args", { command: null, args: ["sleep", "1"] }],
    ["env", { env: { A: "1" } }],
    ["config", { config: { level: 2, nested: { a: 1 } } }],
    ["workingDir", { workingDir: "/tmp" }],
    ["restartPolicy", { restartPolicy: { maxRetries: 9 } }],
  ])("is a rollout when %s changes", (_field, extra) => {
    expect(classify(extra)).toBe("rollout");
  });

  it("re-places when only the selector changes", () => {
    expect(classify({ selector: { matchLabels: { region: "eu" } } })).toBe("replace");
    expect(classify({ selector: { matchExpressions: ["gpu"] } })).toBe("replace");
  });

  it.each<[string, JobSpecInput]>([
    ["description", { description: "new words" }],
    ["labels", { labels: { team: "core" } }],
    ["meta", { meta: { owner: "me" } }],
    ["priority", { priority: 90 }],
    ["deployment", { deployment: { strategy: "rolling", healthCheck: { deadline: "1m" } } }],
    ["timeouts", { timeouts: { executionTimeout: 30 } }],
    ["tags", { tags: ["x"] }],
  ])("applies in place when %s changes", (_field, extra) => {
    expect(classify(extra)).toBe("in-place");
  });

  it("takes the strongest consequence when several fields change", () => {
    expect(classify({ image: "x", selector: { matchIds: ["node-a"] }, priority: 1 })).toBe("rollout");
    expect(classify({ selector: { matchIds: ["node-a"] }, priority: 1 })).toBe("replace");
  });

  it("is a rollout for a new job", () => {
    expect(classifyChange(diffSpecs(null, spec()))).toBe("rollout");
  });
});
