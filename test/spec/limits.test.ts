import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { normalizeSpec as normalizeTyped } from "../../server/spec/normalize.ts";
import type { JobSpecInput } from "../../server/spec/types.ts";
import { textProblem } from "../../server/spec/text.ts";
import { parseSelectorString } from "../../server/spec/selector.ts";
import { SPEC_SIZE_LIMITS } from "../../server/spec/defaults.ts";
import { fieldsOf, problemsOf } from "./helpers.ts";

const base = { name: "j", type: "batch", command: "true" };
/** Specs here are built as plain data, as a JSON or YAML file gives them. */
const normalizeSpec = (spec: Record<string, unknown>) => normalizeTyped(spec as JobSpecInput);

describe("textProblem", () => {
  it("accepts every well-formed string without NUL, whatever its script or emoji", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        expect(textProblem(s.replaceAll("\u0000", ""))).toBeNull();
      }),
    );
  });
  it("refuses a NUL or a lone surrogate anywhere", () => {
    const lone = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-ascii" }), fc.string({ unit: "grapheme-ascii" }), fc.oneof(lone, fc.constant("\u0000")), (a, b, bad) => {
        expect(textProblem(a + bad + b)).not.toBeNull();
      }),
    );
    expect(textProblem("\uD83D\uDE00")).toBeNull(); // a pair is fine
    expect(textProblem("\uDE00\uD83D")).not.toBeNull(); // the same halves in the wrong order are not
  });
});

describe("spec size limits", () => {
  it("counts labels, meta keys, tags and selector terms, at the limit and one past it", () => {
    const n = (k: number) => Object.fromEntries(Array.from({ length: k }, (_, i) => [`k${i}`, "v"]));
    expect(() => normalizeSpec({ ...base, labels: n(64), meta: n(256), tags: Array.from({ length: 64 }, (_, i) => `t${i}`) })).not.toThrow();
    expect(fieldsOf(() => normalizeSpec({ ...base, labels: n(65), meta: n(257), tags: Array.from({ length: 65 }, (_, i) => `t${i}`) }))).toEqual([
      "labels",
      "meta",
      "tags",
    ]);
    const exprs = (k: number) => Array.from({ length: k }, (_, i) => `e${i}=v`);
    expect(() => normalizeSpec({ ...base, selector: { matchLabels: n(32), matchExpressions: exprs(32) } })).not.toThrow();
    expect(fieldsOf(() => normalizeSpec({ ...base, selector: { matchLabels: n(32), matchExpressions: exprs(33) } }))).toEqual(["selector"]);
  });

  it("keeps command, args and env under 128 KiB together, counted in UTF-8 bytes", () => {
    // 43,000 three-byte characters are 126 KiB: fine alone, too much with 3 KiB of env.
    const wide = "€".repeat(43_000);
    expect(() => normalizeSpec({ ...base, command: wide })).not.toThrow();
    const [problem] = problemsOf(() => normalizeSpec({ ...base, command: wide, env: { X: "x".repeat(3000) } }));
    expect(problem.field).toBe("command");
    expect(problem.message).toMatch(/at most 128 KiB/);
  });

  it("lists at most 100 problems and says how many more there are", () => {
    const bad = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, "not ok"]));
    const problems = problemsOf(() => normalizeSpec({ ...base, labels: bad }));
    expect(problems).toHaveLength(SPEC_SIZE_LIMITS.problemsListed + 1);
    expect(problems.at(-1)!.message).toMatch(/and \d+ more problems, not listed/);
  });

  it("a list query's selector holds at most 64 terms", () => {
    const terms = (k: number) => Array.from({ length: k }, (_, i) => `k${i}=v`).join(",");
    expect(parseSelectorString(terms(64))).toHaveLength(64);
    expect(() => parseSelectorString(terms(65))).toThrow(/at most 64 terms \(has 65\)/);
  });

  it("measures config depth in objects and lists, and reports it once", () => {
    let v: unknown = 1;
    for (let i = 0; i < 32; i++) v = [v];
    expect(() => normalizeSpec({ ...base, config: { ok: (v as unknown[])[0] } })).not.toThrow();
    const problems = problemsOf(() => normalizeSpec({ ...base, config: { deep: v } }));
    expect(problems).toEqual([{ field: "config", message: expect.stringMatching(/at most 32 levels .*deeper at config\.deep(\.0)+/) }]);
  });
});
