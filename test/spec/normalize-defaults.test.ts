import { describe, expect, it } from "vitest";
import { SPEC_DEFAULTS } from "../../server/spec/defaults.ts";
import { normalizeSpec } from "../../server/spec/normalize.ts";
import type { JobSpec, JobSpecInput } from "../../server/spec/types.ts";

// A job must say what it runs; the minimal one runs `true`.
const batch = (extra: JobSpecInput = {}) => normalizeSpec({ name: "nightly", type: "batch", command: "true", ...extra });
const service = (extra: JobSpecInput = {}) => normalizeSpec({ name: "web", type: "service", command: "true", ...extra });

describe("normalizeSpec defaults", () => {
  it("fills every field of a minimal spec", () => {
    expect(batch()).toEqual<JobSpec>({
      name: "nightly",
      namespace: "default",
      type: "batch",
      description: "",
      labels: {},
      meta: {},
      priority: 50,
      config: {},
      selector: { matchLabels: {}, matchIds: [], matchExpressions: [] },
      deployment: {
        strategy: "immediate",
        maxParallel: 0,
        maxParallelPercent: null,
        canaryCount: null,
        canaryPercent: null,
        autoPromote: false,
        healthCheck: null,
        maxFailedNodes: 10,
        maxFailedNodesPercent: 10,
        noAutoRollback: false,
      },
      timeouts: { executionTimeout: 0, queueTimeout: 0, totalTimeout: 0 },
      restartPolicy: { policy: "on-failure", maxRetries: 3, backoff: "1s", maxBackoff: "1m", retryExitCodes: [] },
      schedule: null,
      timeZone: "UTC",
      overlapPolicy: "forbid",
      catchUp: 1,
      image: null,
      command: "true",
      args: null,
      env: {},
      workingDir: null,
      tags: [],
      parameters: null,
      resources: null,
    });
  });

  it("treats null like an omitted field", () => {
    const allNull = Object.fromEntries(Object.keys(batch()).map((k) => [k, null]));
    expect(normalizeSpec({ ...allNull, name: "nightly", type: "batch", command: "true" })).toEqual(batch());
  });

  it.each([
    ["service", "always"],
    ["pipeline", "always"],
    ["batch", "on-failure"],
    ["ops", "on-failure"],
    ["query", "on-failure"],
    ["update", "on-failure"],
    ["config", "on-failure"],
  ] as const)("defaults the restart policy of a %s job to %s", (type, policy) => {
    expect(normalizeSpec({ name: "x", type, command: "true" }).restartPolicy.policy).toBe(policy);
  });

  it("quotes its defaults from SPEC_DEFAULTS", () => {
    const s = batch();
    expect(s.priority).toBe(SPEC_DEFAULTS.priority);
    expect(s.deployment.maxFailedNodes).toBe(SPEC_DEFAULTS.deployment.maxFailedNodes);
    expect(s.restartPolicy.backoff).toBe(SPEC_DEFAULTS.restartPolicy.backoff);
    expect(s.catchUp).toBe(SPEC_DEFAULTS.catchUp);
  });

  it("applies the seed's health check defaults for rolling", () => {
    const d = service({ deployment: { strategy: "rolling", healthCheck: { deadline: "5m" } } }).deployment;
    expect(d).toEqual({
      strategy: "rolling",
      maxParallel: 0,
      maxParallelPercent: null,
      canaryCount: null,
      canaryPercent: null,
      autoPromote: false,
      healthCheck: { deadline: "5m", minHealthyTime: "30s", maxErrorRate: 0.1, probe: null },
      maxFailedNodes: 10,
      maxFailedNodesPercent: 10,
      noAutoRollback: false,
    });
  });

  it("makes a canary of one node when neither count nor percent is given", () => {
    const d = service({ deployment: { strategy: "canary", healthCheck: { deadline: "5m" } } }).deployment;
    expect(d).toMatchObject({ canaryCount: 1, canaryPercent: null, autoPromote: false });
  });

  it("keeps the one of each exclusive pair that was given, and nulls the other", () => {
    const d = service({
      deployment: { strategy: "canary", canaryPercent: 10, maxParallelPercent: 25, autoPromote: true, healthCheck: { deadline: "1m" } },
    }).deployment;
    expect(d).toMatchObject({ canaryCount: null, canaryPercent: 10, maxParallel: null, maxParallelPercent: 25, autoPromote: true });
  });

  it("drops a health check given for the immediate strategy, where it is ignored", () => {
    const d = service({ deployment: { strategy: "immediate", healthCheck: { deadline: "not even valid" } } }).deployment;
    expect(d.healthCheck).toBeNull();
  });

  it("writes durations canonically", () => {
    const s = service({
      deployment: {
        strategy: "rolling",
        healthCheck: { deadline: "1.5h", minHealthyTime: "90s", probe: { command: "curl -f localhost", interval: "5000ms" } },
      },
      restartPolicy: { backoff: "500ms", maxBackoff: "120s" },
    });
    expect(s.deployment.healthCheck).toEqual({
      deadline: "1h30m",
      minHealthyTime: "1m30s",
      maxErrorRate: 0.1,
      probe: { command: "curl -f localhost", interval: "5s" },
    });
    expect(s.restartPolicy).toMatchObject({ backoff: "500ms", maxBackoff: "2m" });
  });

  it("defaults a probe's interval", () => {
    const s = service({ deployment: { strategy: "rolling", healthCheck: { deadline: "1m", probe: { command: "true" } } } });
    expect(s.deployment.healthCheck?.probe).toEqual({ command: "true", interval: "10s" });
  });

  it("lets a backoff above the default cap be its own cap", () => {
    expect(batch({ restartPolicy: { backoff: "5m" } }).restartPolicy).toMatchObject({ backoff: "5m", maxBackoff: "5m" });
  });

  it("sorts sets and map keys, and canonicalises selector expressions and schedules", () => {
    const s = batch({
      labels: { zeta: "1", alpha: "2" },
      env: { B: "2", A: "1" },
      config: { z: { y: 1, x: [{ b: 1, a: 2 }] }, a: null },
      selector: { matchIds: ["node-b", "node-a", "node-b"], matchExpressions: ["tier  in (b,a)", "region==eu", "! gpu"] },
      restartPolicy: { retryExitCodes: [137, 1, 137, 0] },
      tags: ["nightly", "etl", "nightly"],
      schedule: " @midnight ",
    });
    expect(Object.keys(s.labels)).toEqual(["alpha", "zeta"]);
    expect(Object.keys(s.env)).toEqual(["A", "B"]);
    expect(Object.keys(s.config)).toEqual(["a", "z"]);
    expect(JSON.stringify(s.config)).toBe('{"a":null,"z":{"x":[{"a":2,"b":1}],"y":1}}');
    expect(s.selector.matchIds).toEqual(["node-a", "node-b"]);
    expect(s.selector.matchExpressions).toEqual(["tier in (a,b)", "region=eu", "!gpu"]);
    expect(s.restartPolicy.retryExitCodes).toEqual([0, 1, 137]);
    expect(s.tags).toEqual(["nightly", "etl"]);
    expect(s.schedule).toBe("@daily");
  });

  it("treats blank optional strings as unset (Go-produced JSON writes \"\" for every unset string)", () => {
    const s = batch({ namespace: "", image: "", command: "  ", workingDir: "", schedule: "", timeZone: "", args: ["/bin/true"] });
    expect(s).toMatchObject({
      namespace: "default",
      image: null,
      command: null,
      workingDir: null,
      schedule: null,
      timeZone: "UTC",
      args: ["/bin/true"],
    });
    expect(batch({ args: [] }).args).toBeNull();
  });

  it("keeps what it does not own as given", () => {
    const s = batch({
      description: "  spaced  ",
      meta: { note: "free text, with commas (and parens)!" },
      env: { GREETING: "hello world", EMPTY: "" },
      command: "echo  hi ",
      args: null,
      image: "alpine:3.20",
      workingDir: "/srv",
      labels: { empty: "" },
    });
    expect(s).toMatchObject({
      description: "  spaced  ",
      meta: { note: "free text, with commas (and parens)!" },
      env: { EMPTY: "", GREETING: "hello world" },
      command: "echo  hi ",
      image: "alpine:3.20",
      workingDir: "/srv",
      labels: { empty: "" },
    });
  });

  it("accepts a schedule on batch and every broadcast type", () => {
    for (const type of ["batch", "ops", "query", "update", "config"] as const) {
      expect(normalizeSpec({ name: "x", type, command: "true", schedule: "0 9 * * 1-5", timeZone: "Europe/Berlin" })).toMatchObject({
        schedule: "0 9 * * 1-5",
        timeZone: "Europe/Berlin",
      });
    }
  });

  it("does not alias the input", () => {
    const config = { nested: { a: 1 } };
    const s = batch({ config });
    config.nested.a = 2;
    expect(s.config).toEqual({ nested: { a: 1 } });
  });
});
