import { describe, expect, it } from "vitest";
import { normalizeSpec } from "../../server/spec/normalize.ts";
import { applyUpdate } from "../../server/spec/update.ts";
import type { JobSpecInput } from "../../server/spec/types.ts";
import { problemsOf } from "./helpers.ts";

const current = normalizeSpec({
  name: "partial",
  namespace: "upd",
  type: "service",
  command: "true",
  priority: 70,
  description: "before",
  labels: { team: "edge" },
  deployment: { strategy: "rolling", maxParallel: 2, healthCheck: { deadline: "5m" } },
});
const update = (patch: Partial<JobSpecInput>) => normalizeSpec(applyUpdate(current, patch));

describe("applyUpdate", () => {
  it("replaces only the given fields", () => {
    const next = update({ description: "after" });
    expect(next).toEqual({ ...current, description: "after" });
  });

  it("resets a field given as null to its default", () => {
    const next = update({ priority: null, labels: null });
    expect(next.priority).toBe(50);
    expect(next.labels).toEqual({});
    expect(next.description).toBe("before");
  });

  it("replaces a nested object whole: fields not given inside it take defaults", () => {
    const next = update({ deployment: { strategy: "rolling", healthCheck: { deadline: "1m" } } });
    expect(next.deployment.maxParallel).toBe(0);
    expect(next.deployment.healthCheck?.deadline).toBe("1m");
    expect(update({ deployment: null }).deployment).toMatchObject({ strategy: "immediate", healthCheck: null, maxParallel: 0 });
  });

  it("leaves undefined fields alone", () => {
    expect(update({ description: undefined, priority: undefined })).toEqual(current);
  });

  it("does not change the current spec", () => {
    const before = JSON.stringify(current);
    applyUpdate(current, { description: "x", labels: null });
    expect(JSON.stringify(current)).toBe(before);
  });

  it("is validated again by normalizeSpec", () => {
    const problems = problemsOf(() => update({ deployment: { strategy: "canary" } }));
    expect(problems.map((p) => p.field)).toEqual(["deployment.healthCheck"]);
    expect(problemsOf(() => update({ type: "batch" })).map((p) => p.field)).toEqual(["deployment.strategy"]);
  });

  it("allows the current name and namespace, and refuses others", () => {
    expect(update({ name: "partial", namespace: "upd", description: "x" }).description).toBe("x");
    const problems = problemsOf(() => applyUpdate(current, { name: "renamed", namespace: "other" }));
    expect(problems.map((p) => p.field)).toEqual(["name", "namespace"]);
    expect(problems[0].message).toMatch(/cannot be changed/);
    expect(problemsOf(() => applyUpdate(current, { name: null })).map((p) => p.field)).toEqual(["name"]);
  });

  it("keeps explicit values that were defaults when the type changes (the stored spec is normalised)", () => {
    const next = update({ type: "pipeline" });
    expect(next.restartPolicy.policy).toBe("always");
    const toBatch = update({ type: "batch", deployment: null, restartPolicy: null });
    expect(toBatch.restartPolicy.policy).toBe("on-failure");
  });
});
