import { describe, expect, it } from "vitest";
import { fitColumns, type Column } from "../../tui/components/table.tsx";
import fc from "fast-check";
import { sparkline } from "../../tui/components/sparkline.tsx";
import { completeBuckets, latest, niceMax } from "../../tui/screens/metrics/windows.ts";
import { barText } from "../../tui/components/progress-bar.tsx";
import { footerText } from "../../tui/components/footer.tsx";
import { connectionText } from "../../tui/components/header.tsx";
import { parseCommand } from "../../tui/command.ts";
import { breadcrumb, navReducer, type Route } from "../../tui/routes.ts";
import { followSelection, indexOfKey, moveIndex, windowStart } from "../../tui/state/selection.ts";
import { ago, compactDuration, bytes, fit } from "../../tui/format.ts";
import { lookOf, colorEnabled } from "../../tui/theme.ts";
import { emptyJobs, jobsFrom, reduceJobs, visibleJobs, type JobRow } from "../../tui/screens/jobs/state.ts";
import { visibleExecutions } from "../../tui/screens/execution/order.ts";

const col = (header: string, width: number, drop = 0, grow = false): Column<unknown> => ({ header, width, drop, grow, cell: () => "" });

describe("table columns", () => {
  it("drops the most droppable columns first until the rest fit, then grows one", () => {
    const cols = [col("NAME", 10, 0, true), col("STATE", 10), col("NEXT", 10, 3), col("LAST", 10, 1)];
    // 2 (marker) + 40 + 3 gaps * 2 = 48
    expect(fitColumns(cols, 48).map((c) => c.column.header)).toEqual(["NAME", "STATE", "NEXT", "LAST"]);
    expect(fitColumns(cols, 40).map((c) => c.column.header)).toEqual(["NAME", "STATE", "LAST"]);
    expect(fitColumns(cols, 30).map((c) => c.column.header)).toEqual(["NAME", "STATE"]);
    const grown = fitColumns(cols, 60);
    expect(grown[0].width).toBe(22);
  });
});

describe("drawing", () => {
  it("scales a sparkline from zero to its maximum: zero is empty, gaps are dots", () => {
    expect(sparkline([0, 1, 2, 4, 8], 5)).toBe(" ▁▂▄█");
    expect(sparkline([0, 0, 0], 3)).toBe("   ");
    expect(sparkline([1, null, 1], 3)).toBe("█·█");
    expect(sparkline([1, 2, 3, 4, 5, 6], 3)).toHaveLength(3);
    // On a given scale: an idle 0.001 cores on a 0.1 scale is the lowest tick, not a full bar.
    expect(sparkline([0.001, 0.05, 0.1, 0.2], 4, 0.1)).toBe("▁▄██");
  });

  it("rounds a scale up to 1, 2 or 5 times a power of ten, never below its floor", () => {
    expect(niceMax(0, 0.1)).toBeCloseTo(0.1);
    expect(niceMax(0.0004, 0.1)).toBeCloseTo(0.1);
    expect(niceMax(0.42, 0.1)).toBeCloseTo(0.5);
    expect(niceMax(1.3, 0.1)).toBeCloseTo(2);
    expect(niceMax(40 * 2 ** 20, 2 ** 20)).toBe(5e7);
    fc.assert(fc.property(fc.double({ min: 1e-6, max: 1e12, noNaN: true }), (m) => niceMax(m, 0) >= m * (1 - 1e-9) && niceMax(m, 0) <= 5 * m * (1 + 1e-9)));
  });

  it("puts a series on whole buckets and leaves out the one still filling", () => {
    const w = { sinceMs: 60_000, stepMs: 15_000 };
    const now = Date.parse("2026-01-01T10:00:20Z");
    const points = [
      { at: "2026-01-01T09:59:30Z", value: 2 },
      { at: "2026-01-01T10:00:00Z", value: 4 },
      // The bucket still filling: only one of two instances sampled so far.
      { at: "2026-01-01T10:00:15Z", value: 2 },
    ];
    const values = completeBuckets(points, w, now);
    expect(values).toEqual([null, 2, null, 4]);
    expect(latest(values)).toBe(4);
    expect(latest([1, null])).toBe(1);
    expect(latest([])).toBeNull();
  });

  it("fills a bar in proportion, with failures drawn apart", () => {
    expect(barText(2, 4, 8)).toEqual({ done: "████", failed: "", rest: "░░░░" });
    expect(barText(1, 4, 8, 1)).toEqual({ done: "██", failed: "✗✗", rest: "░░░░" });
    expect(barText(0, 0, 4).rest).toBe("░░░░");
  });

  it("fits the footer's key hints to the width, never wider", () => {
    const text = footerText([{ keys: ["enter"], label: "open" }, { keys: ["t"], label: "trigger" }, { keys: ["x"], label: "hidden", hidden: true }], 40);
    expect(text).toContain("⏎ open");
    expect(text).not.toContain("hidden");
    expect(footerText([{ keys: ["a"], label: "a".repeat(50) }], 20).length).toBeLessThanOrEqual(20);
    // Minor keys give way to the ones that act, and nothing is cut mid-word.
    const keys = [
      { keys: ["enter"], label: "open" },
      { keys: ["o"], label: "sort", minor: true },
      { keys: ["N"], label: "nodes", minor: true },
      { keys: ["ctrl+d"], label: "delete" },
    ];
    expect(footerText(keys, 60)).toBe("  ⏎ open  o sort  N nodes  ^d delete ");
    expect(footerText(keys, 30)).toBe("  ⏎ open  o sort  ^d delete ");
    expect(footerText(keys, 20)).toBe("  ⏎ open  ^d delete ");
    expect(footerText(keys, 12)).toBe("  ⏎ open ");
  });

  it("gives every state a symbol, so NO_COLOR loses nothing", () => {
    for (const s of ["RUNNING", "FAILED", "DEPLOYING", "STOPPED", "DOWN", "PARTIAL_FAILURE"]) expect(lookOf(s).symbol).not.toBe("");
    expect(lookOf("FAILED").symbol).not.toBe(lookOf("RUNNING").symbol);
    expect(colorEnabled({ NO_COLOR: "1" })).toBe(false);
    expect(colorEnabled({})).toBe(true);
  });

  it("formats ages, sizes and cut text compactly", () => {
    expect(compactDuration(4_000)).toBe("4s");
    expect(compactDuration(130_000)).toBe("2m10s");
    expect(compactDuration(3 * 86_400_000)).toBe("3d");
    expect(bytes(48 * 1024 * 1024)).toBe("48 MiB");
    expect(fit("nightly-backup", 8)).toBe("nightly…");
    expect(ago(new Date(0).toISOString(), 21 * 60_000 + 55_000)).toBe("21m ago");
  });
});

describe("navigation and commands", () => {
  it("pushes, pops (never past the root) and resets", () => {
    const jobs: Route = { screen: "jobs" };
    const job: Route = { screen: "job", jobId: "j1", name: "web" };
    let stack = navReducer([jobs], { type: "push", route: job });
    stack = navReducer(stack, { type: "push", route: { screen: "logs", target: { jobId: "j1" }, title: "web" } });
    expect(breadcrumb(stack)).toBe("jobs › web › logs");
    stack = navReducer(stack, { type: "pop" });
    stack = navReducer(stack, { type: "pop" });
    expect(navReducer(stack, { type: "pop" })).toEqual([jobs]);
    expect(breadcrumb([jobs, { screen: "logs", target: { jobId: "j1" }, title: "web" }])).toBe("jobs › web › logs");
    expect(navReducer(stack, { type: "reset", route: { screen: "nodes" } })).toEqual([{ screen: "nodes" }]);
  });

  it("parses the : command line", () => {
    expect(parseCommand("nodes")).toEqual({ kind: "route", route: { screen: "nodes" } });
    expect(parseCommand(":jobs")).toEqual({ kind: "route", route: { screen: "jobs" } });
    expect(parseCommand("ns prod")).toEqual({ kind: "namespace", namespace: "prod" });
    expect(parseCommand("ns")).toEqual({ kind: "namespace", namespace: null });
    expect(parseCommand("frobnicate")).toMatchObject({ kind: "error" });
  });

  it("keeps the selection on the same key when rows move, and clamps moves", () => {
    expect(indexOfKey(["a", "b", "c"], "c")).toBe(2);
    expect(indexOfKey(["a", "b"], "gone", 5)).toBe(1);
    expect(moveIndex(0, 3, "up", 10)).toBe(0);
    expect(moveIndex(0, 3, "bottom", 10)).toBe(2);
    expect(moveIndex(0, 100, "pageDown", 10)).toBe(9);
    expect(windowStart(50, 100, 10)).toBe(45);
    expect(windowStart(99, 100, 10)).toBe(90);
  });
});

describe("a list's selection", () => {
  it("follows its item through re-sorts, stays at its position when the item goes, and waits out an empty list", () => {
    let s = followSelection(["a", "b", "c"], { key: "b", index: 1 });
    s = followSelection(["c", "a", "b"], s);
    expect(s).toEqual({ key: "b", index: 2 });
    s = followSelection(["c", "a"], s);
    expect(s).toEqual({ key: "a", index: 1 });
    expect(followSelection([], s)).toEqual(s);
    expect(followSelection(["x", "y"], { key: null, index: 0 })).toEqual({ key: "x", index: 0 });
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { minLength: 1 }), fc.nat(), (keys, pick) => {
        const key = keys[pick % keys.length];
        const shuffled = [...keys].reverse();
        return followSelection(shuffled, { key, index: 0 }).key === key;
      }),
    );
  });
});

describe("the jobs table state", () => {
  const row = (id: string, name: string, state: string, namespace = "default"): JobRow =>
    ({
      id,
      name,
      namespace,
      type: "BATCH",
      spec: { schedule: null },
      status: { state: { stateType: state, message: "" }, version: 1, updatedAt: "2026-01-01T00:00:00Z", nextFireAt: null, runningExecutions: 0, scheduleSuspended: false, rollout: null, lastRollout: null, latestRun: null },
    }) as unknown as JobRow;

  it("applies job events, deletions and re-read rows", () => {
    let s = jobsFrom([row("1", "a", "RUNNING")]);
    s = reduceJobs(s, { seq: 2, kind: "job", type: "JOB_SUBMITTED", jobId: "2", job: row("2", "b", "PENDING") });
    expect([...s.byId.keys()]).toEqual(["1", "2"]);
    s = reduceJobs(s, { seq: 3, kind: "touched", jobId: "1" });
    expect(s.stale.has("1")).toBe(true);
    s = reduceJobs(s, { seq: 0, kind: "refreshed", jobId: "1", job: row("1", "a", "FAILED") });
    expect(s.stale.size).toBe(0);
    expect(s.byId.get("1")!.status.state.stateType).toBe("FAILED");
    s = reduceJobs(s, { seq: 4, kind: "job", type: "JOB_DELETED", jobId: "2", job: row("2", "b", "DELETED") });
    expect([...s.byId.keys()]).toEqual(["1"]);
    expect(reduceJobs(emptyJobs(), { seq: 5, kind: "touched", jobId: "x" }).stale.size).toBe(0);
  });

  it("filters and sorts, failures first when sorting by state", () => {
    const s = jobsFrom([row("1", "web", "RUNNING"), row("2", "etl", "FAILED"), row("3", "api", "DEPLOYING", "prod")]);
    expect(visibleJobs(s, "", "name").map((j) => j.name)).toEqual(["etl", "web", "api"]);
    expect(visibleJobs(s, "", "state").map((j) => j.name)).toEqual(["etl", "api", "web"]);
    expect(visibleJobs(s, "prod", "name").map((j) => j.name)).toEqual(["api"]);
    expect(visibleJobs(s, "failed", "name").map((j) => j.name)).toEqual(["etl"]);
  });
});

describe("the job screen's executions", () => {
  const ex = (id: string, state: string, createdAt: string) =>
    ({ id, nodeId: "node-a", jobVersion: 1, attempt: 1, exitCode: null, startedAt: null, stableAt: null, finishedAt: null, createdAt, computeState: { stateType: state, message: "" }, desiredState: { stateType: "RUNNING" } }) as never;
  const all = [ex("old1", "COMPLETE", "2026-01-01T00:01:00Z"), ex("run", "RUNNING", "2026-01-01T00:09:00Z"), ex("old2", "STOPPED", "2026-01-01T00:02:00Z"), ex("old3", "FAILED", "2026-01-01T00:03:00Z"), ex("old4", "LOST", "2026-01-01T00:04:00Z")];
  it("shows active ones first, then the last few finished for a service and all of them for a batch job", () => {
    expect(visibleExecutions(all, false).map((e: { id: string }) => e.id)).toEqual(["run", "old4", "old3", "old2"]);
    expect(visibleExecutions(all, true)).toHaveLength(5);
  });
});

describe("the connection in the header", () => {
  it("says connecting, unreachable before the first connection, and reconnecting after a loss", () => {
    expect(connectionText({ state: "connecting", attempt: 0, reason: null }).text).toBe("◐ connecting");
    expect(connectionText({ state: "connecting", attempt: 2, reason: "connection lost" })).toEqual({ text: "● unreachable (attempt 2)", tone: "bad" });
    expect(connectionText({ state: "reconnecting", attempt: 3, reason: "connection lost" })).toEqual({ text: "● reconnecting (attempt 3)", tone: "bad" });
    expect(connectionText({ state: "live", attempt: 0, reason: null }).text).toBe("● live");
  });
});
