import { describe, expect, it } from "vitest";
import { HANDOFF_MAX_LINES, LineHandoff } from "../../server/logs/handoff.ts";
import type { StoredLogLine } from "../../server/db/ingest-writer.ts";

const line = (lineNo: number): StoredLogLine => ({
  executionId: "exec-1",
  lineNo,
  jobId: "job-1",
  runId: null,
  nodeId: "node-1",
  stream: "stdout",
  at: new Date(0),
  text: `line ${lineNo}`,
});
const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => line(from + i));
const nos = (l: StoredLogLine[] | null) => l && l.map((x) => x.lineNo);

describe("LineHandoff", () => {
  it("gives the lines that continue the cursor, then nothing", () => {
    const h = new LineHandoff();
    h.push(lines(1, 3));
    h.push(lines(4, 5));
    expect(nos(h.take(0))).toEqual([1, 2, 3, 4, 5]);
    expect(h.take(5)).toEqual([]);
  });

  it("discards what the cursor already passed (resends, lines read from the database)", () => {
    const h = new LineHandoff();
    h.push(lines(1, 10));
    expect(nos(h.take(7))).toEqual([8, 9, 10]);
    h.push(lines(5, 12));
    expect(nos(h.take(10))).toEqual([11, 12]);
  });

  it("sends the follower to the database when what is in hand leaves a gap", () => {
    const h = new LineHandoff();
    h.push(lines(6, 8));
    expect(h.take(3)).toBeNull();
    // After the database read moved the cursor past the gap, the hand-off serves again.
    expect(nos(h.take(5))).toEqual([6, 7, 8]);
  });

  it("stops at a gap inside what it holds", () => {
    const h = new LineHandoff();
    h.push([...lines(1, 3), ...lines(7, 8)]);
    expect(nos(h.take(0))).toEqual([1, 2, 3]);
    expect(h.take(3)).toBeNull();
  });

  it("drops everything once a slow follower lets it overflow, and asks for one database read", () => {
    const h = new LineHandoff();
    h.push(lines(1, HANDOFF_MAX_LINES));
    h.push(lines(HANDOFF_MAX_LINES + 1, HANDOFF_MAX_LINES + 1));
    h.push(lines(HANDOFF_MAX_LINES + 2, HANDOFF_MAX_LINES + 2));
    expect(h.take(0)).toBeNull();
    h.push(lines(HANDOFF_MAX_LINES + 3, HANDOFF_MAX_LINES + 4));
    expect(nos(h.take(HANDOFF_MAX_LINES + 2))).toEqual([HANDOFF_MAX_LINES + 3, HANDOFF_MAX_LINES + 4]);
  });
});

describe("LineHandoff with lines that came late", () => {
  it("hands over lines below the cursor that the follower is missing, first, and still discards resends", () => {
    const h = new LineHandoff();
    h.push([line(4), line(3), line(2)]);
    const missing = new Set([3, 4]);
    expect(nos(h.take(5, (n) => missing.has(n)))).toEqual([4, 3]);
    h.push([line(3), line(6), line(7)]);
    expect(nos(h.take(5, (n) => n === 3))).toEqual([3, 6, 7]);
  });
});
