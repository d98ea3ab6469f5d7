import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { eventually, startAgent, type AgentProcess } from "../support/agents.ts";
import { KEY, renderTui, submitJob } from "./helpers.tsx";
import { initialLogs, parseFilter, reduceLogs, windowOf, MAX_LINES, type LogLine } from "../../tui/screens/logs/state.ts";

const line = (executionId: string, lineNo: number, text = `line ${lineNo}`): LogLine => ({
  executionId,
  lineNo,
  nodeId: "node-a",
  stream: "stdout",
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, lineNo)).toISOString(),
  text,
});

describe("the log pane's state", () => {
  it("drops replayed lines, counts unseen ones while paused, and caps the buffer", () => {
    let s = reduceLogs(initialLogs(), { type: "lines", lines: [line("e1", 1), line("e1", 2)] });
    s = reduceLogs(s, { type: "lines", lines: [line("e1", 2), line("e1", 3)] });
    expect(s.lines.map((l) => l.lineNo)).toEqual([1, 2, 3]);
    s = reduceLogs(s, { type: "pause" });
    s = reduceLogs(s, { type: "lines", lines: [line("e1", 4), line("e1", 5)] });
    expect(s.unseen).toBe(2);
    expect(windowOf(s, 10).map((l) => l.lineNo)).toEqual([1, 2, 3]);
    s = reduceLogs(s, { type: "follow" });
    expect(windowOf(s, 2).map((l) => l.lineNo)).toEqual([4, 5]);
    const many = Array.from({ length: MAX_LINES + 10 }, (_, i) => line("e2", i + 1));
    const capped = reduceLogs(initialLogs(), { type: "lines", lines: many });
    expect(capped.lines).toHaveLength(MAX_LINES);
    expect(capped.dropped).toBe(10);
    expect(capped.lines[0].lineNo).toBe(11);
  });

  it("scrolls back and forth, and follows again at the bottom", () => {
    let s = reduceLogs(initialLogs(), { type: "lines", lines: Array.from({ length: 30 }, (_, i) => line("e1", i + 1)) });
    s = reduceLogs(s, { type: "scroll", by: -5, page: 10 });
    expect(s.following).toBe(false);
    expect(windowOf(s, 10).map((l) => l.lineNo)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    s = reduceLogs(s, { type: "top", page: 10 });
    expect(windowOf(s, 10)[0].lineNo).toBe(1);
    s = reduceLogs(s, { type: "scroll", by: 100, page: 10 });
    expect(s.following).toBe(true);
  });

  it("filters by substring or a validated /regex/", () => {
    const filter = (text: string) => {
      const parsed = parseFilter(text);
      if ("error" in parsed) throw new Error(parsed.error);
      return parsed.filter;
    };
    expect(filter("warn")).toEqual({ text: "warn", regex: /warn/i });
    expect(filter("/err(or)?$/i")).toMatchObject({ regex: /err(or)?$/i });
    expect(parseFilter("/(unclosed/")).toMatchObject({ error: expect.stringContaining("not a regular expression") });
    // Smartcase: lower case finds either case; a capital makes it exact; flags written out win.
    expect(filter("/warn|err/")!.regex.flags).toBe("i");
    expect(filter("/WARN/")!.regex.flags).toBe("");
    expect(filter("/\\S+ slow/")!.regex.flags).toBe("i");
    expect(filter("/Warn/s")!.regex.flags).toBe("s");
    expect(filter("a.b")!.regex.test("axb")).toBe(false);
    let s = reduceLogs(initialLogs(), { type: "lines", lines: [line("e1", 1, "ok"), line("e1", 2, "WARN slow"), line("e1", 3, "error x"), line("e1", 4, "warn quiet")] });
    s = reduceLogs(s, { type: "filter", filter: filter("/^warn/") });
    expect(windowOf(s, 10).map((l) => l.text)).toEqual(["WARN slow", "warn quiet"]);
    s = reduceLogs(s, { type: "filter", filter: filter("WARN") });
    expect(windowOf(s, 10).map((l) => l.text)).toEqual(["WARN slow"]);
  });
});

describe("TUI logs screen", () => {
  let t: TestServer;
  const agents: AgentProcess[] = [];
  let jobId = "";

  beforeAll(async () => {
    t = await startTestServer("sqlite");
    for (const nodeId of ["node-log-a", "node-log-b"]) agents.push(await startAgent({ url: t.server.url, token: t.token, nodeId, labels: { pool: "logs" } }));
    await eventually(async () => (await t.gql(`{ nodes(state: READY) { totalCount } }`)).data?.nodes.totalCount === 2);
    jobId = await submitJob(t, {
      name: "chatty",
      type: "SERVICE",
      selector: { matchLabels: { pool: "logs" } },
      command: 'i=0; while true; do i=$((i+1)); echo "tick $i on $DROVER_NODE_ID"; if [ $((i % 5)) -eq 0 ]; then echo "WARN slow $i" >&2; fi; sleep 0.1; done',
    });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await t?.stop();
  });

  it("follows a job's executions merged, each line labelled with its node and execution", async () => {
    const ui = renderTui(t, { route: { screen: "logs", target: { jobId }, title: "chatty" } });
    try {
      const frame = await ui.waitFor((f) => /log-a\s+e-\w{4} │ tick \d+ on node-log-a/.test(f) && /log-b\s+e-\w{4} │ tick \d+ on node-log-b/.test(f));
      expect(frame).toContain("following ●");
      await ui.waitFor(/! WARN slow \d+/);
      for (const row of frame.split("\n")) expect(row.length).toBeLessThanOrEqual(80);

      // Pause: the view holds still while new lines are counted.
      await ui.press(KEY.space);
      const paused = await ui.waitFor(/paused \(\d+ new\)/);
      const held = paused.split("\n").filter((r) => r.includes("│"));
      await ui.waitFor((f) => /paused \((\d+) new\)/.exec(f)![1] !== /paused \((\d+) new\)/.exec(paused)![1]);
      expect(ui.frame().split("\n").filter((r) => r.includes("│"))).toEqual(held);
      await ui.press("f");
      await ui.waitFor("following ●");

      // Filter with a regular expression: only the warnings remain.
      await ui.press("/");
      await ui.type("/^WARN/");
      const filtered = await ui.waitFor((f) => f.includes("filter: /^WARN/") && f.includes("WARN slow"));
      expect(filtered.split("\n").filter((r) => r.includes("│")).every((r) => r.includes("WARN slow"))).toBe(true);
      await ui.press("/");
      await ui.type("/(broken/");
      await ui.waitFor("not a regular expression");

      // Scroll back to the oldest held line.
      await ui.press("/");
      await ui.type("");
      await ui.waitFor((f) => !f.includes("filter:"));
      await ui.press("g");
      await ui.waitFor((f) => f.includes("paused") && / tick 1 on /.test(f));

      // Narrow the merged log to one execution, picked from the job's executions; Esc comes back.
      await ui.press("e");
      await ui.waitFor((f) => f.includes("Executions of chatty") && /node-log-a/.test(f) && /node-log-b/.test(f));
      await ui.press(KEY.enter);
      const one = await ui.waitFor((f) => f.includes("chatty e-") && /\d{3} │ tick \d+ on node-log-/.test(f));
      expect(one).not.toMatch(/e-\w{4} │/);
      await ui.press(KEY.escape);
      await ui.waitFor((f) => f.includes("chatty › logs") && /e-\w{4} │/.test(f));
    } finally {
      await ui.close();
    }
  });

  it("shows one execution's log without labels, from its first line", async () => {
    const { data } = await t.gql(`query($j: ID) { executions(jobId: $j, first: 1) { edges { node { id } } } }`, { j: jobId });
    const executionId = data.executions.edges[0].node.id;
    const ui = renderTui(t, { route: { screen: "logs", target: { executionId }, title: "chatty" } });
    try {
      const frame = await ui.waitFor(/\d\d:\d\d:\d\d\.\d{3} │ tick \d+ on node-log-/);
      expect(frame).not.toMatch(/e-\w{4} │/);
    } finally {
      await ui.close();
    }
  });

  it("shows a run's log", async () => {
    const batch = await submitJob(t, { name: "one-shot", type: "BATCH", selector: { matchLabels: { pool: "logs" } }, command: "echo hello from the run; echo bye" });
    const run = await t.gql(`mutation($j: ID!) { triggerRun(jobId: $j) { run { id } } }`, { j: batch });
    const ui = renderTui(t, { route: { screen: "logs", target: { runId: run.data.triggerRun.run.id }, title: "one-shot" } });
    try {
      const frame = await ui.waitFor("bye");
      expect(frame).toContain("hello from the run");
      await ui.waitFor("2 lines");
    } finally {
      await ui.close();
    }
  });
});
