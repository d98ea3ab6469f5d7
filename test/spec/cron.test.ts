import { describe, expect, it } from "vitest";
import { canonicalSchedule, cronProblem, nextFireTimes, timeZoneProblem } from "../../server/spec/cron.ts";

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe("cron expressions", () => {
  it.each(["* * * * *", "0 9 * * 1-5", "*/15 * * * *", "0 0 1 1 *", "30 2 * * MON-FRI", "0 0 * JAN,JUL *"])(
    "accepts %j",
    (expr) => expect(cronProblem(expr)).toBeNull(),
  );

  it.each(["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly", "@DAILY", " @daily "])(
    "accepts the macro %j",
    (expr) => expect(cronProblem(expr)).toBeNull(),
  );

  it.each<[string, RegExp]>([
    ["", /empty/],
    ["61 * * * *", /minute/],
    ["* 24 * * *", /hour/],
    ["* * * *", /5 fields.*not 4/],
    ["0 0 * * * *", /5 fields.*not 6/],
    ["abc * * * *", /not a valid cron/],
    ["@reboot", /not a known macro/],
    ["@every 5m", /not a known macro/],
  ])("rejects %j", (expr, why) => {
    expect(cronProblem(expr)).toMatch(why);
  });

  it("canonicalises spacing, macro case and macro aliases", () => {
    expect(canonicalSchedule("  0   9 *  * 1-5 ")).toBe("0 9 * * 1-5");
    expect(canonicalSchedule("@Annually")).toBe("@yearly");
    expect(canonicalSchedule("@midnight")).toBe("@daily");
    expect(canonicalSchedule("@hourly")).toBe("@hourly");
  });
});

describe("time zones", () => {
  it.each(["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"])("accepts %j", (tz) => {
    expect(timeZoneProblem(tz)).toBeNull();
  });
  it.each(["Mars/Olympus", "+01:00", "", "Europe/"])("rejects %j", (tz) => {
    expect(timeZoneProblem(tz)).toMatch(/time zone/);
  });
});

describe("next fire times", () => {
  const after = new Date("2025-01-01T10:00:00Z");

  it("lists fires strictly after the given time", () => {
    expect(iso(nextFireTimes("0 * * * *", "UTC", after, 3))).toEqual([
      "2025-01-01T11:00:00.000Z",
      "2025-01-01T12:00:00.000Z",
      "2025-01-01T13:00:00.000Z",
    ]);
  });

  it("expands macros", () => {
    expect(iso(nextFireTimes("@daily", "UTC", after, 1))).toEqual(["2025-01-02T00:00:00.000Z"]);
    expect(iso(nextFireTimes("@midnight", "UTC", after, 1))).toEqual(["2025-01-02T00:00:00.000Z"]);
    expect(iso(nextFireTimes("@weekly", "UTC", after, 1))).toEqual(["2025-01-05T00:00:00.000Z"]); // a Sunday
    expect(iso(nextFireTimes("@yearly", "UTC", after, 1))).toEqual(["2026-01-01T00:00:00.000Z"]);
  });

  it("computes in the job's time zone", () => {
    // 09:00 in Berlin is 08:00 UTC in winter.
    expect(iso(nextFireTimes("0 9 * * *", "Europe/Berlin", after, 1))).toEqual(["2025-01-02T08:00:00.000Z"]);
  });

  it("skips a fire whose local time falls in a skipped DST hour", () => {
    // Berlin skips 02:00-03:00 on 2025-03-30: no 02:30 fire that day.
    expect(iso(nextFireTimes("30 2 * * *", "Europe/Berlin", new Date("2025-03-29T00:00:00Z"), 3))).toEqual([
      "2025-03-29T01:30:00.000Z",
      "2025-03-31T00:30:00.000Z",
      "2025-04-01T00:30:00.000Z",
    ]);
  });

  it("fires once in a repeated DST hour, at its first occurrence", () => {
    // Berlin repeats 02:00-03:00 on 2025-10-26; 02:30 CEST is 00:30 UTC.
    expect(iso(nextFireTimes("30 2 * * *", "Europe/Berlin", new Date("2025-10-25T12:00:00Z"), 2))).toEqual([
      "2025-10-26T00:30:00.000Z",
      "2025-10-27T01:30:00.000Z",
    ]);
  });

  it("returns fewer when the schedule never fires", () => {
    expect(nextFireTimes("0 0 31 2 *", "UTC", after, 2)).toEqual([]);
  });
});
