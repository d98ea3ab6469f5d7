import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Problems } from "../../server/spec/read.ts";
import { normalizeParameters, resolveRunValues, runValueProblems, type RunParameters } from "../../server/spec/parameters.ts";
import { normalizeSpec } from "../../server/spec/normalize.ts";
import { DroverError } from "../../server/errors.ts";

function declare(v: unknown, opts: { type?: "batch" | "service" | "ops"; schedule?: string | null } = {}) {
  const p = new Problems();
  const decl = normalizeParameters(v, opts.type ?? "batch", opts.schedule ?? null, p);
  return { decl, problems: p.list };
}

const DECL: RunParameters = { metaRequired: ["region"], metaOptional: ["level", "dry_run"].sort(), metaDefaults: { level: "info" }, payloadMaxBytes: 16 };

describe("the parameters declaration (spec.parameters)", () => {
  it.each([
    ["keys sorted and deduplicated, payload off by default", { metaRequired: ["b", "a", "b"] }, { metaRequired: ["a", "b"], metaOptional: [], metaDefaults: {}, payloadMaxBytes: 0 }, []],
    ["a key spelt unlike a variable", { metaOptional: ["my-key"] }, null, ["parameters.metaOptional.0"]],
    ["a key both required and optional", { metaRequired: ["x"], metaOptional: ["x"] }, null, ["parameters.metaOptional.x"]],
    ["two keys that meet in one variable", { metaRequired: ["Region"], metaOptional: ["region"] }, null, ["parameters.metaOptional.region"]],
    ["a default for a key that is not optional", { metaRequired: ["x"], metaDefaults: { x: "1" } }, null, ["parameters.metaDefaults.x"]],
    ["a payload limit past 1 MiB", { payloadMaxBytes: 1024 * 1024 + 1 }, null, ["parameters.payloadMaxBytes"]],
    ["a negative payload limit", { payloadMaxBytes: -1 }, null, ["parameters.payloadMaxBytes"]],
    ["an unknown field", { metaKeys: ["x"] }, null, ["parameters.metaKeys"]],
  ])("%s", (_what, input, expected, fields) => {
    const { decl, problems } = declare(input);
    expect(problems.map((p) => p.field)).toEqual(fields);
    if (expected) expect(decl).toEqual(expected);
  });

  it("absent is null: runs of the job take no values", () => {
    expect(declare(undefined)).toEqual({ decl: null, problems: [] });
    expect(declare(null)).toEqual({ decl: null, problems: [] });
  });

  it("only batch and broadcast jobs take parameters", () => {
    expect(declare({ metaOptional: ["x"] }, { type: "service" }).problems.map((p) => p.field)).toEqual(["parameters"]);
    expect(declare({ metaOptional: ["x"] }, { type: "ops" }).problems).toEqual([]);
  });

  it("a scheduled job cannot require keys (its cron fires pass none), but may have optional ones with defaults", () => {
    expect(declare({ metaRequired: ["x"] }, { schedule: "@daily" }).problems.map((p) => p.field)).toEqual(["parameters.metaRequired"]);
    expect(declare({ metaOptional: ["x"], metaDefaults: { x: "1" } }, { schedule: "@daily" }).problems).toEqual([]);
  });

  it("normalizeSpec takes it and stays idempotent", () => {
    const spec = normalizeSpec({ name: "p", type: "batch", command: "true", parameters: { metaRequired: ["b", "a"], payloadMaxBytes: 10 } });
    expect(spec.parameters).toEqual({ metaRequired: ["a", "b"], metaOptional: [], metaDefaults: {}, payloadMaxBytes: 10 });
    expect(normalizeSpec(spec)).toEqual(spec);
    expect(() => normalizeSpec({ name: "p", type: "batch", command: "true", schedule: "@hourly", parameters: { metaRequired: ["a"] } })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: "VALIDATION_FAILED", field: "parameters.metaRequired" }) }),
    );
  });
});

describe("a trigger's values against the declaration", () => {
  const fields = (decl: RunParameters | null, given: Parameters<typeof resolveRunValues>[1]) => runValueProblems(decl, given).map((p) => p.field);

  it.each([
    ["a missing required key", DECL, { meta: {} }, ["meta.region"]],
    ["an unknown key", DECL, { meta: { region: "eu", colour: "red" } }, ["meta.colour"]],
    ["a payload over the limit", DECL, { meta: { region: "eu" }, payload: "x".repeat(17) }, ["payload"]],
    ["a payload counted in UTF-8 bytes", DECL, { meta: { region: "eu" }, payload: "é".repeat(9) }, ["payload"]],
    ["a payload when the job takes none", { ...DECL, payloadMaxBytes: 0 }, { meta: { region: "eu" }, payload: "" }, ["payload"]],
    ["any value when the job declares nothing", null, { meta: { a: "1" }, payload: "p" }, ["meta.a", "payload"]],
    ["a NUL in a value", DECL, { meta: { region: "e\u0000u" } }, ["meta.region"]],
    ["values that fit", DECL, { meta: { region: "eu" }, payload: "x".repeat(16) }, []],
  ])("%s", (_what, decl, given, expected) => {
    expect(fields(decl, given)).toEqual(expected);
  });

  it("applies defaults under given values and throws VALIDATION_FAILED naming the first field", () => {
    expect(resolveRunValues(DECL, { meta: { region: "eu" } })).toEqual({ meta: { level: "info", region: "eu" }, payload: null });
    expect(resolveRunValues(DECL, { meta: { region: "eu", level: "debug" }, payload: "{}" })).toEqual({ meta: { level: "debug", region: "eu" }, payload: "{}" });
    expect(resolveRunValues(null, {})).toEqual({ meta: {}, payload: null });
    try {
      resolveRunValues(DECL, { meta: { colour: "red" } });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DroverError);
      expect((err as DroverError).extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "meta.colour" });
    }
  });

  const key = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/);
  const declArb = fc
    .record({ required: fc.uniqueArray(key, { maxLength: 4 }), optional: fc.uniqueArray(key, { maxLength: 4 }), max: fc.nat(64) })
    .map(({ required, optional, max }): RunParameters => {
      const opt = optional.filter((k) => !required.includes(k)).sort();
      return { metaRequired: [...required].sort(), metaOptional: opt, metaDefaults: Object.fromEntries(opt.slice(0, 1).map((k) => [k, "d"])), payloadMaxBytes: max };
    });
  const givenArb = fc.record({ meta: fc.dictionary(key, fc.string({ maxLength: 8 }), { maxKeys: 6 }), payload: fc.option(fc.string({ maxLength: 80 }), { nil: null }) });

  it("property: values are accepted exactly when every required key is given, every key is declared, and the payload fits", () => {
    fc.assert(
      fc.property(declArb, givenArb, (decl, given) => {
        const known = new Set([...decl.metaRequired, ...decl.metaOptional]);
        const keys = Object.keys(given.meta);
        const payloadFits = given.payload === null || (decl.payloadMaxBytes > 0 && Buffer.byteLength(given.payload) <= decl.payloadMaxBytes && !given.payload.includes("\u0000"));
        const fits = decl.metaRequired.every((k) => keys.includes(k)) && keys.every((k) => known.has(k)) && payloadFits
          && Object.values(given.meta).every((v) => !v.includes("\u0000") && !/[\uD800-\uDFFF]/.test(v));
        const problems = runValueProblems(decl, given);
        // Rejections always name a field the trigger passed (meta.<key> or payload).
        for (const p of problems) expect(p.field === "payload" || p.field.startsWith("meta.")).toBe(true);
        if (!/[\uD800-\uDFFF]/.test(JSON.stringify(given))) expect(problems.length === 0).toBe(fits);
      }),
    );
  });

  it("property: an accepted run's meta holds every given value, a default for each optional key left out, and nothing undeclared", () => {
    fc.assert(
      fc.property(declArb, givenArb, (decl, given) => {
        if (runValueProblems(decl, given).length) return;
        const { meta } = resolveRunValues(decl, given);
        for (const [k, v] of Object.entries(given.meta)) expect(meta[k]).toBe(v);
        for (const [k, v] of Object.entries(decl.metaDefaults)) if (!(k in given.meta)) expect(meta[k]).toBe(v);
        const known = new Set([...decl.metaRequired, ...decl.metaOptional]);
        expect(Object.keys(meta).every((k) => known.has(k))).toBe(true);
        expect(Object.keys(meta)).toEqual([...Object.keys(meta)].sort());
      }),
    );
  });
});
