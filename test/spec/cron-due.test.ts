import { describe, expect, it } from "vitest";
import { cursorAfterWrite, dueFires } from "../../server/cron/due.ts";

const iso = (ds: Date[]) => ds.map((d) => d.toISOString());

describe("dueFires", () => {
  it("fires an on-time fire and moves the cursor to the next one", () => {
    const r = dueFires("*/5 * * * *", "UTC", 1, new Date("2026-03-01T10:05:00Z"), new Date("2026-03-01T10:05:00.400Z"));
    expect(iso(r.fire)).toEqual(["2026-03-01T10:05:00.000Z"]);
    expect(r.missed).toEqual([]);
    expect(r.next?.toISOString()).toBe("2026-03-01T10:10:00.000Z");
  });

  it("fires nothing before the cursor's time", () => {
    const r = dueFires("*/5 * * * *", "UTC", 1, new Date("2026-03-01T10:05:00Z"), new Date("2026-03-01T10:04:59Z"));
    expect(r.fire).toEqual([]);
    expect(r.next?.toISOString()).toBe("2026-03-01T10:05:00.000Z");
  });

  it("after downtime fires the newest catchUp missed times and records the rest as missed", () => {
    const cursor = new Date("2026-03-01T09:00:00Z");
    const now = new Date("2026-03-01T12:00:20Z");
    // All late: the newest one fires.
    const one = dueFires("0 * * * *", "UTC", 1, cursor, new Date("2026-03-01T11:30:00Z"));
    expect(iso(one.fire)).toEqual(["2026-03-01T11:00:00.000Z"]);
    expect(iso(one.missed)).toEqual(["2026-03-01T09:00:00.000Z", "2026-03-01T10:00:00.000Z"]);
    expect(one.next?.toISOString()).toBe("2026-03-01T12:00:00.000Z");
    // Back just as a fire is due: that fire is the one run after the gap.
    const onTime = dueFires("0 * * * *", "UTC", 1, cursor, now);
    expect(iso(onTime.fire)).toEqual(["2026-03-01T12:00:00.000Z"]);
    expect(onTime.missed).toHaveLength(3);
    expect(onTime.next?.toISOString()).toBe("2026-03-01T13:00:00.000Z");
    const none = dueFires("0 * * * *", "UTC", 0, cursor, new Date("2026-03-01T11:30:00Z"));
    expect(none.fire).toEqual([]);
    expect(none.missed).toHaveLength(3);
    const two = dueFires("0 * * * *", "UTC", 2, cursor, new Date("2026-03-01T12:30:00Z"));
    expect(iso(two.fire)).toEqual(["2026-03-01T11:00:00.000Z", "2026-03-01T12:00:00.000Z"]);
  });

  it("bounds the work after a very long downtime of a frequent schedule", () => {
    const r = dueFires("* * * * *", "UTC", 1, new Date("2026-01-01T00:00:00Z"), new Date("2026-03-01T00:00:30Z"));
    expect(iso(r.fire)).toEqual(["2026-03-01T00:00:00.000Z"]);
    const late = dueFires("* * * * *", "UTC", 1, new Date("2026-01-01T00:00:00Z"), new Date("2026-03-01T00:05:30Z"));
    expect(iso(late.fire)).toEqual(["2026-03-01T00:05:00.000Z"]);
    const hourly = dueFires("0 * * * *", "UTC", 1, new Date("2025-01-01T00:00:00Z"), new Date("2026-03-01T00:30:00Z"));
    expect(iso(hourly.fire)).toEqual(["2026-03-01T00:00:00.000Z"]);
    expect(hourly.missed.length).toBeLessThanOrEqual(24);
    expect(hourly.missedMore).toBe(true);
    expect(r.missedMore).toBe(true);
    expect(r.next?.toISOString()).toBe("2026-03-01T00:01:00.000Z");
  });

  it("fires a local time repeated by the autumn DST change once, and skips one that spring DST removes", () => {
    // America/New_York: 2026-11-01 01:30 happens twice (EDT then EST); 2026-03-08 02:30 never happens.
    const fall = dueFires("30 1 * * *", "America/New_York", 1, new Date("2026-11-01T05:00:00Z"), new Date("2026-11-01T07:00:00Z"));
    expect(iso(fall.fire)).toEqual(["2026-11-01T05:30:00.000Z"]);
    expect(fall.next?.toISOString()).toBe("2026-11-02T06:30:00.000Z");
    const spring = dueFires("30 2 * * *", "America/New_York", 1, new Date("2026-03-08T06:00:00Z"), new Date("2026-03-08T08:00:00Z"));
    expect(spring.fire).toEqual([]);
    expect(spring.next?.toISOString()).toBe("2026-03-09T06:30:00.000Z");
  });
});

describe("cursorAfterWrite", () => {
  const now = new Date("2026-03-01T10:02:00Z");
  const hourly = { schedule: "0 * * * *", timeZone: "UTC" };
  it("keeps the cursor when the schedule is unchanged, and restarts it from now otherwise", () => {
    const kept = new Date("2026-03-01T10:00:00Z");
    expect(cursorAfterWrite(hourly, hourly, kept, false, now)).toBe(kept);
    expect(cursorAfterWrite(null, hourly, null, false, now)?.toISOString()).toBe("2026-03-01T11:00:00.000Z");
    expect(cursorAfterWrite(hourly, { schedule: "30 * * * *", timeZone: "UTC" }, kept, false, now)?.toISOString()).toBe("2026-03-01T10:30:00.000Z");
    // A stopped job started again does not catch up on the time it was stopped.
    expect(cursorAfterWrite(hourly, hourly, kept, true, now)?.toISOString()).toBe("2026-03-01T11:00:00.000Z");
    expect(cursorAfterWrite(hourly, { schedule: null, timeZone: "UTC" }, kept, false, now)).toBeNull();
  });
});
