import { describe, expect, it } from "vitest";
import { canonicalDuration, formatDuration, parseDuration, tryParseDuration } from "../../common/duration.ts";

describe("durations", () => {
  it.each([
    ["500ms", 500],
    ["30s", 30_000],
    ["5m", 300_000],
    ["2h", 7_200_000],
    ["1h30m", 5_400_000],
    ["1d", 86_400_000],
    ["1d2h3m4s5ms", 93_784_005],
    ["90s", 90_000],
    ["1.5s", 1_500],
    ["0.5h", 1_800_000],
    ["0.001s", 1],
    ["0", 0],
    ["0s", 0],
    ["0ms", 0],
    [" 30s ", 30_000],
  ])("parses %j as %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["-5s", "negative"],
    ["-0s", "negative"],
    ["5", "duration"],
    ["5 minutes", "duration"],
    ["5m 30s", "duration"],
    ["5x", "duration"],
    ["m", "duration"],
    ["1.5", "duration"],
    [".5s", "duration"],
    ["30m1h", "largest first"],
    ["1m1m", "largest first"],
    ["0.0001s", "millisecond"],
    ["1.5ms", "millisecond"],
    ["+5s", "duration"],
    ["99999999999999999d", "too long"],
  ])("rejects %j (%s)", (text, why) => {
    const r = tryParseDuration(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(why);
  });

  it("rejects values that are not strings", () => {
    expect(tryParseDuration(30).ok).toBe(false);
    expect(tryParseDuration(null).ok).toBe(false);
    expect(() => parseDuration("nope")).toThrow(/not a duration/);
  });

  it.each([
    [0, "0s"],
    [1, "1ms"],
    [500, "500ms"],
    [1_500, "1s500ms"],
    [60_000, "1m"],
    [90_000, "1m30s"],
    [3_600_000, "1h"],
    [5_400_000, "1h30m"],
    [86_400_000, "24h"],
    [93_784_005, "26h3m4s5ms"],
  ])("formats %d ms as %j", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it("refuses to format what is not a whole non-negative number of ms", () => {
    expect(() => formatDuration(-1)).toThrow(RangeError);
    expect(() => formatDuration(1.5)).toThrow(RangeError);
  });

  it("canonicalises so equal durations compare equal", () => {
    const same = ["90s", "1m30s", "1.5m", "90000ms", "0.025h"];
    expect(new Set(same.map(canonicalDuration))).toEqual(new Set(["1m30s"]));
    expect(canonicalDuration("1d")).toBe(canonicalDuration("24h"));
    expect(canonicalDuration("0")).toBe("0s");
  });

  it("round-trips: parse(format(ms)) is ms", () => {
    for (const ms of [0, 1, 999, 1_000, 61_001, 3_599_999, 86_400_001, 123_456_789]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
  });
});
