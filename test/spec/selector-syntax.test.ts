import { describe, expect, it } from "vitest";
import { DroverError } from "../../server/errors.ts";
import {
  formatExpression,
  parseExpression,
  parseSelectorString,
  splitTopLevel,
  tryParseExpression,
  type ParsedExpression,
} from "../../server/spec/selector.ts";

describe("selector expression grammar", () => {
  it.each<[string, ParsedExpression, string]>([
    ["region=eu", { key: "region", op: "eq", values: ["eu"] }, "region=eu"],
    ["region==eu", { key: "region", op: "eq", values: ["eu"] }, "region=eu"],
    ["region!=eu", { key: "region", op: "neq", values: ["eu"] }, "region!=eu"],
    ["tier in (premium,standard)", { key: "tier", op: "in", values: ["premium", "standard"] }, "tier in (premium,standard)"],
    ["tier notin (a,b)", { key: "tier", op: "notin", values: ["a", "b"] }, "tier notin (a,b)"],
    ["gpu", { key: "gpu", op: "exists", values: [] }, "gpu"],
    ["!debug", { key: "debug", op: "notexists", values: [] }, "!debug"],
    // Empty values are allowed for the equality operators (as in Kubernetes).
    ["region=", { key: "region", op: "eq", values: [""] }, "region="],
    ["region!=", { key: "region", op: "neq", values: [""] }, "region!="],
    // Label key syntax: DNS prefix, "/", name.
    ["topology.kubernetes.io/zone=eu-1a", { key: "topology.kubernetes.io/zone", op: "eq", values: ["eu-1a"] }, "topology.kubernetes.io/zone=eu-1a"],
    ["app.version=1.2.3", { key: "app.version", op: "eq", values: ["1.2.3"] }, "app.version=1.2.3"],
    ["Node_Class=Big_1", { key: "Node_Class", op: "eq", values: ["Big_1"] }, "Node_Class=Big_1"],
    // A key may be spelled like a keyword.
    ["in", { key: "in", op: "exists", values: [] }, "in"],
    ["notin=in", { key: "notin", op: "eq", values: ["in"] }, "notin=in"],
  ])("parses %j", (text, expected, canonical) => {
    const e = parseExpression(text);
    expect(e).toEqual(expected);
    expect(formatExpression(e)).toBe(canonical);
  });

  it.each([
    ["  region = eu  ", "region=eu"],
    ["region ==eu", "region=eu"],
    ["region\t!=\teu", "region!=eu"],
    ["tier in(a,b)", "tier in (a,b)"],
    ["tier   notin   (  a ,  b  )", "tier notin (a,b)"],
    ["  gpu ", "gpu"],
    ["! debug", "!debug"],
    [" !debug ", "!debug"],
  ])("tolerates whitespace: %j", (text, canonical) => {
    expect(formatExpression(parseExpression(text))).toBe(canonical);
  });

  it("sorts and de-duplicates set values, so equal sets are equal text", () => {
    expect(parseExpression("tier in (c,a,b,a)").values).toEqual(["a", "b", "c"]);
    expect(formatExpression(parseExpression("tier in (b, a)"))).toBe(formatExpression(parseExpression("tier in (a,b)")));
  });

  it.each<[string, number, RegExp]>([
    ["", 0, /empty/],
    ["   ", 3, /empty/],
    ["tier in (a,b", 12, /expected "," or "\)" but found the end/],
    ["tier in a,b", 8, /expected "\("/],
    ["tier in ()", 9, /expected a value/],
    ["tier in (a,,b)", 11, /expected a value/],
    ["tier in (a,)", 11, /expected a value/],
    ["tier in (a b)", 11, /expected "," or "\)"/],
    ["tier in (a)x", 11, /unexpected "x"/],
    ["tier inn (a)", 5, /expected an operator .* "inn"/],
    ["tierin (a)", 7, /expected an operator/],
    ["tier ~ a", 5, /expected an operator .* "~"/],
    ["a=b c", 4, /unexpected "c"/],
    ["a=b,c", 3, /unexpected ","/],
    ["a===b", 3, /unexpected "="/],
    ["=b", 0, /expected a label key/],
    ["!=b", 0, /expected a label key/],
    ["!", 1, /expected a label key/],
    ["!a=b", 2, /takes no operator/],
    ["-bad=x", 0, /key name/],
    ["a/b/c=x", 0, /at most one "\/"/],
    ["Bad.Prefix/x=y", 0, /prefix/],
    ["region=-eu", 7, /value/],
    [`k=${"v".repeat(64)}`, 2, /at most 63/],
    ["k in (a,-b)", 8, /value/],
  ])("rejects %j at position %d", (text, position, message) => {
    const r = tryParseExpression(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.position).toBe(position);
    expect(r.problem.reason).toMatch(message);
    // The message names the expression text and the position.
    expect(r.problem.message).toContain(`"${text}"`);
    expect(r.problem.message).toContain(`position ${position}`);
  });

  it("parseExpression throws VALIDATION_FAILED with the field and position", () => {
    try {
      parseExpression("tier in (a,b", "selector.matchExpressions.3");
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DroverError);
      expect((err as DroverError).extensions).toMatchObject({
        code: "VALIDATION_FAILED",
        field: "selector.matchExpressions.3",
        position: 12,
      });
      expect((err as DroverError).message).toContain("tier in (a,b");
    }
  });
});

describe("selector strings (list filters)", () => {
  it("splits on top-level commas only", () => {
    expect(splitTopLevel("region=eu,tier in (a,b),!gpu")).toEqual([
      { text: "region=eu", offset: 0 },
      { text: "tier in (a,b)", offset: 10 },
      { text: "!gpu", offset: 24 },
    ]);
  });

  it("parses every term", () => {
    expect(parseSelectorString("region=eu, tier in (a,b) ,!gpu,zone notin (x)")).toEqual([
      { key: "region", op: "eq", values: ["eu"] },
      { key: "tier", op: "in", values: ["a", "b"] },
      { key: "gpu", op: "notexists", values: [] },
      { key: "zone", op: "notin", values: ["x"] },
    ]);
  });

  it("treats an empty or blank string as no filter", () => {
    expect(parseSelectorString("")).toEqual([]);
    expect(parseSelectorString("  ")).toEqual([]);
  });

  it.each<[string, number]>([
    ["env in (dev", 11],
    ["env=prod,tier in (a,b", 21],
    ["env=prod,,gpu", 9],
    ["env=prod,", 9],
    ["env=prod,tier in a)", 17],
    ["env=prod, bad key", 14],
  ])("reports the position in the whole string for %j", (text, position) => {
    try {
      parseSelectorString(text);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DroverError);
      const e = err as DroverError;
      expect(e.extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "selector", position });
      expect(e.message).toContain(`position ${position} in "${text}"`);
    }
  });
});
