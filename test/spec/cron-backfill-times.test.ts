import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scheduledTimesIn } from "../../server/cron/backfill-times.ts";

const iso = (ds: Date[]) => ds.map((d) => d.toISOString());

describe("scheduledTimesIn (which times a backfill fires)", () => {
  it("lists the times in the closed range, oldest first", () => {
    const r = scheduledTimesIn("0 * * * *", "UTC", new Date("2026-03-02T09:00:00Z"), new Date("2026-03-02T12:00:00Z"), 10);
    expect(iso(r.times)).toEqual(["2026-03-02T09:00:00.000Z", "2026-03-02T10:00:00.000Z", "2026-03-02T11:00:00.000Z", "2026-03-02T12:00:00.000Z"]);
    expect(r.exceeds).toBe(false);
  });

  it("says when the range holds more than the cap, and exactly the cap is not more", () => {
    const from = new Date("2026-03-02T09:00:00Z");
    const to = new Date("2026-03-02T12:00:00Z");
    expect(scheduledTimesIn("0 * * * *", "UTC", from, to, 4)).toMatchObject({ exceeds: false });
    const three = scheduledTimesIn("0 * * * *", "UTC", from, to, 3);
    expect(three.exceeds).toBe(true);
    expect(three.times).toHaveLength(3);
  });

  it("is empty for a reversed range or a schedule that never fires in it", () => {
    expect(scheduledTimesIn("0 * * * *", "UTC", new Date("2026-03-02T12:00:00Z"), new Date("2026-03-02T09:00:00Z"), 10)).toEqual({ times: [], exceeds: false });
    expect(scheduledTimesIn("0 0 31 2 *", "UTC", new Date("2026-01-01T00:00:00Z"), new Date("2026-12-31T00:00:00Z"), 10)).toEqual({ times: [], exceeds: false });
  });

  it("follows the zone's DST: the skipped 02:30 has no time, the repeated 01:30 one", () => {
    const spring = scheduledTimesIn("30 2 * * *", "America/New_York", new Date("2026-03-07T00:00:00Z"), new Date("2026-03-10T00:00:00Z"), 10);
    expect(iso(spring.times)).toEqual(["2026-03-07T07:30:00.000Z", "2026-03-09T06:30:00.000Z"]);
    const fall = scheduledTimesIn("30 1 * * *", "America/New_York", new Date("2026-10-31T12:00:00Z"), new Date("2026-11-02T12:00:00Z"), 10);
    expect(iso(fall.times)).toEqual(["2026-11-01T05:30:00.000Z", "2026-11-02T06:30:00.000Z"]);
  });
});

/** A UTC schedule "<minutes> <hours> * * *" and a plain matcher for it, written independently of the cron library. */
const schedules = fc.record({
  minute: fc.oneof(fc.constant("*"), fc.integer({ min: 1, max: 30 }).map((k) => `*/${k}`), fc.uniqueArray(fc.integer({ min: 0, max: 59 }), { minLength: 1, maxLength: 4 }).map((xs) => xs.join(","))),
  hour: fc.oneof(fc.constant("*"), fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 1, maxLength: 3 }).map((xs) => xs.join(","))),
});
const matches = (field: string, value: number) =>
  field === "*" || (field.startsWith("*/") ? value % Number(field.slice(2)) === 0 : field.split(",").map(Number).includes(value));

describe("scheduledTimesIn properties", () => {
  const base = Date.parse("2026-01-01T00:00:00Z");
  const ranges = fc.tuple(fc.integer({ min: 0, max: 60 * 24 * 60 }), fc.integer({ min: 0, max: 3 * 24 * 60 })).map(([startMin, lenMin]) => ({
    from: new Date(base + startMin * 60_000 + 17_000 * (startMin % 2)), // some starts off the minute
    to: new Date(base + (startMin + lenMin) * 60_000),
  }));

  it("every time is within the range, ascending, matches the expression, and there are at most cap of them", () => {
    fc.assert(
      fc.property(schedules, ranges, fc.integer({ min: 0, max: 60 }), (s, { from, to }, cap) => {
        const { times } = scheduledTimesIn(`${s.minute} ${s.hour} * * *`, "UTC", from, to, cap);
        expect(times.length).toBeLessThanOrEqual(cap);
        for (let i = 0; i < times.length; i++) {
          const t = times[i];
          expect(t.getTime()).toBeGreaterThanOrEqual(from.getTime());
          expect(t.getTime()).toBeLessThanOrEqual(to.getTime());
          if (i > 0) expect(t.getTime()).toBeGreaterThan(times[i - 1].getTime());
          expect(t.getUTCSeconds()).toBe(0);
          expect(matches(s.minute, t.getUTCMinutes()) && matches(s.hour, t.getUTCHours())).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  });

  it("misses no time: without the cap it is every matching minute of the range, and exceeds says exactly when the cap cut it", () => {
    fc.assert(
      fc.property(schedules, ranges, fc.integer({ min: 0, max: 60 }), (s, { from, to }, cap) => {
        const expr = `${s.minute} ${s.hour} * * *`;
        const every: number[] = [];
        for (let m = Math.ceil(from.getTime() / 60_000) * 60_000; m <= to.getTime(); m += 60_000) {
          const d = new Date(m);
          if (matches(s.minute, d.getUTCMinutes()) && matches(s.hour, d.getUTCHours())) every.push(m);
        }
        const r = scheduledTimesIn(expr, "UTC", from, to, cap);
        expect(r.times.map((t) => t.getTime())).toEqual(every.slice(0, cap));
        expect(r.exceeds).toBe(every.length > cap);
      }),
      { numRuns: 40 },
    );
  });
});
