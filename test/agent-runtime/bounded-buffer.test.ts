import { describe, expect, it } from "vitest";
import { OutboundBuffer, type LogItem, type StateItem } from "../../agent/runtime/bounded-buffer.ts";

interface State extends StateItem {
  computeState: string;
}
interface Line extends LogItem {
  text: string;
}

const st = (executionId: string, counter: number, computeState: string): State => ({ executionId, counter, computeState });
const line = (executionId: string, lineNo: number, text = `line ${lineNo}`): Line => ({ executionId, lineNo, text });

describe("OutboundBuffer", () => {
  it("drops the oldest log lines beyond the cap and counts them per execution", () => {
    const buf = new OutboundBuffer<State, Line>({ maxLogLines: 3 });
    buf.pushLog(line("exec-a", 1));
    buf.pushLog(line("exec-a", 2));
    buf.pushLog(line("exec-b", 1));
    buf.pushLog(line("exec-b", 2));
    buf.pushLog(line("exec-a", 3));
    const batch = buf.nextBatch();
    expect(batch.logLines.map((l) => `${l.executionId}#${l.lineNo}`)).toEqual(["exec-b#1", "exec-b#2", "exec-a#3"]);
    expect(buf.droppedLines("exec-a")).toBe(2);
    expect(buf.droppedLines("exec-b")).toBe(0);
    expect(batch.dropped).toEqual([{ executionId: "exec-a", lines: 2 }]);
  });

  it("also caps log lines by bytes", () => {
    const buf = new OutboundBuffer<State, Line>({ maxLogLines: 1000, maxLogBytes: 3 * (64 + 10) });
    for (let i = 1; i <= 5; i++) buf.pushLog(line("exec-a", i, "x".repeat(10)));
    expect(buf.size.logLines).toBe(3);
    expect(buf.droppedLines("exec-a")).toBe(2);
  });

  it("always keeps state changes; past the cap only the latest per execution, and never loses an execution", () => {
    const buf = new OutboundBuffer<State, Line>({ maxStates: 4 });
    buf.pushState(st("exec-a", 1, "STARTING"));
    buf.pushState(st("exec-a", 2, "RUNNING"));
    buf.pushState(st("exec-b", 1, "STARTING"));
    buf.pushState(st("exec-b", 2, "RUNNING"));
    expect(buf.size.states).toBe(4);
    buf.pushState(st("exec-a", 3, "COMPLETE"));
    expect(buf.nextBatch().states.map((s) => `${s.executionId}:${s.computeState}`)).toEqual(["exec-b:RUNNING", "exec-a:COMPLETE"]);
    // More executions than the cap: one change each is still kept.
    for (let i = 0; i < 10; i++) buf.pushState(st(`exec-${i}`, 1, "FAILED"));
    const states = buf.nextBatch({ states: 100 }).states;
    expect(new Set(states.map((s) => s.executionId)).size).toBe(12);
  });

  it("removes only what was acknowledged: a failed send leaves the same batch for the resend", () => {
    const buf = new OutboundBuffer<State, Line>();
    buf.pushState(st("exec-a", 1, "RUNNING"));
    for (let i = 1; i <= 5; i++) buf.pushLog(line("exec-a", i));
    buf.pushSample({ executionId: "exec-a", sampleNo: 1 });
    const first = buf.nextBatch({ logLines: 3 });
    // The send failed (no ack): the next look returns the same items.
    expect(buf.nextBatch({ logLines: 3 })).toEqual(first);
    buf.pushLog(line("exec-a", 6)); // arrives while the batch is in flight
    buf.ack(first);
    const second = buf.nextBatch({ logLines: 10 });
    expect(second.logLines.map((l) => l.lineNo)).toEqual([4, 5, 6]);
    expect(second.states).toEqual([]);
    expect(second.samples).toEqual([]);
    buf.ack(first); // a late duplicate ack changes nothing
    buf.ack(second);
    expect(buf.isEmpty).toBe(true);
  });

  it("holds a line pushed twice (same executionId and lineNo) once", () => {
    const buf = new OutboundBuffer<State, Line>();
    buf.pushLog(line("exec-a", 1, "hello"));
    buf.pushLog(line("exec-a", 1, "hello"));
    expect(buf.size).toMatchObject({ logLines: 1, logBytes: 64 + 5 });
  });

  it("reports the dropped-lines notice until acknowledged, cumulatively", () => {
    const buf = new OutboundBuffer<State, Line>({ maxLogLines: 1 });
    buf.pushLog(line("exec-a", 1));
    buf.pushLog(line("exec-a", 2));
    const b1 = buf.nextBatch();
    expect(b1.dropped).toEqual([{ executionId: "exec-a", lines: 1 }]);
    buf.ack(b1);
    expect(buf.nextBatch().dropped).toEqual([]);
    buf.pushLog(line("exec-a", 3)); // line 2 was acknowledged, so nothing is dropped here
    expect(buf.nextBatch().dropped).toEqual([]);
    buf.pushLog(line("exec-a", 4)); // line 3 goes
    expect(buf.nextBatch().dropped).toEqual([{ executionId: "exec-a", lines: 2 }]);
    buf.forget("exec-a");
    expect(buf.droppedLines("exec-a")).toBe(0);
  });

  it("drops the oldest metric samples beyond their cap", () => {
    const buf = new OutboundBuffer({ maxSamples: 2 });
    for (let n = 1; n <= 4; n++) buf.pushSample({ executionId: "exec-a", sampleNo: n });
    expect(buf.nextBatch().samples.map((s) => s.sampleNo)).toEqual([3, 4]);
    expect(buf.droppedSamples).toBe(2);
  });

  it("an outage and reconnect: every retained line reaches the server once, in order, the gap counted", () => {
    const buf = new OutboundBuffer<State, Line>({ maxLogLines: 300 });
    const stored = new Map<string, Line>(); // the server, deduping by (executionId, lineNo)
    const sent: string[] = [];
    const notices: number[] = [];
    const states: string[] = [];
    let up = false;
    const send = () => {
      const batch = buf.nextBatch({ logLines: 64 });
      if (batch.logLines.length + batch.states.length + batch.dropped.length === 0) return false;
      if (!up) return false; // unreachable: nothing acknowledged, nothing removed
      for (const d of batch.dropped) notices.push(d.lines);
      for (const x of batch.states) states.push(x.computeState);
      for (const l of batch.logLines) {
        sent.push(`${l.executionId}#${l.lineNo}`);
        stored.set(`${l.executionId}#${l.lineNo}`, l);
      }
      buf.ack(batch);
      return true;
    };
    for (let i = 1; i <= 1000; i++) {
      buf.pushLog(line("exec-a", i));
      if (i % 100 === 0) send();
    }
    buf.pushState(st("exec-a", 3, "COMPLETE"));
    up = true;
    while (send());
    expect(sent.length).toBe(300);
    expect(new Set(sent).size).toBe(300); // nothing sent twice after its ack
    expect([...stored.values()].map((l) => l.lineNo)).toEqual(Array.from({ length: 300 }, (_, i) => 701 + i));
    expect(buf.droppedLines("exec-a")).toBe(700);
    expect(states).toEqual(["COMPLETE"]);
    expect(notices).toEqual([700]); // told once, with the first acknowledged batch
    expect(buf.isEmpty).toBe(true);
  });
});

describe("OutboundBuffer: what dropping leaves behind, and what goes out when", () => {
  const marker = (run: { executionId: string; firstLineNo: number; lastLineNo: number; lines: number }): Line => ({
    executionId: run.executionId,
    lineNo: run.lastLineNo,
    text: `[drover] ${run.lines} lines dropped (${run.firstLineNo}-${run.lastLineNo})`,
  });

  it("stands one marker line, numbered as the last dropped line, for each run of drops", () => {
    const buf = new OutboundBuffer<State, Line>({ maxLogLines: 3 }, { dropMarker: marker });
    for (let i = 1; i <= 7; i++) buf.pushLog(line("exec-a", i));
    const first = buf.nextBatch();
    expect(first.logLines.map((l) => l.text)).toEqual(["[drover] 4 lines dropped (1-4)", "line 5", "line 6", "line 7"]);
    expect(first.logLines[0]!.lineNo).toBe(4);
    // Drops while that marker is in flight start a new run: the resent marker says the same.
    buf.pushLog(line("exec-a", 8));
    buf.pushLog(line("exec-a", 9));
    const again = buf.nextBatch();
    expect(again.logLines.map((l) => l.text)).toEqual(["[drover] 4 lines dropped (1-4)", "[drover] 2 lines dropped (5-6)", "line 7", "line 8", "line 9"]);
    buf.ack(again);
    expect(buf.isEmpty).toBe(true);
    expect(buf.droppedLines("exec-a")).toBe(6);
  });

  it("holds a state back until the lines pushed before it have gone out", () => {
    const buf = new OutboundBuffer<State, Line>();
    buf.pushState(st("exec-a", 1, "RUNNING"));
    for (let i = 1; i <= 5; i++) buf.pushLog(line("exec-a", i));
    buf.pushState(st("exec-a", 2, "COMPLETE"));
    const first = buf.nextBatch({ logLines: 3 });
    expect(first.logLines.map((l) => l.lineNo)).toEqual([1, 2, 3]);
    expect(first.states.map((s) => s.computeState)).toEqual(["RUNNING"]);
    buf.ack(first);
    const second = buf.nextBatch({ logLines: 3 });
    expect(second.logLines.map((l) => l.lineNo)).toEqual([4, 5]);
    expect(second.states.map((s) => s.computeState)).toEqual(["COMPLETE"]);
  });
});

describe("OutboundBuffer: batch size", () => {
  it("bounds a batch of lines by size as well as count, always sending at least one", () => {
    const buf = new OutboundBuffer<State, Line>();
    for (let i = 1; i <= 10; i++) buf.pushLog(line("exec-a", i, "x".repeat(1000)));
    expect(buf.nextBatch({ logLines: 100, logBytes: 3 * 1064 }).logLines.map((l) => l.lineNo)).toEqual([1, 2, 3]);
    expect(buf.nextBatch({ logLines: 100, logBytes: 10 }).logLines.map((l) => l.lineNo)).toEqual([1]);
  });
});
