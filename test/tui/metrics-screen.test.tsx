import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { eventually, startAgent, type AgentProcess } from "../support/agents.ts";
import { renderTui, submitJob, type TuiHarness } from "./helpers.tsx";

describe("TUI metrics screen", () => {
  let t: TestServer;
  let ui: TuiHarness;
  let agent: AgentProcess;
  const marker = `drover-tui-busy-${process.pid}`;

  beforeAll(async () => {
    t = await startTestServer("sqlite");
    agent = await startAgent({ url: t.server.url, token: t.token, nodeId: "node-tui-m", sampleMs: 200 });
    await eventually(async () => (await t.gql(`{ nodes(state: READY) { totalCount } }`)).data?.nodes.totalCount === 1);
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
    await agent?.stop();
    try {
      execFileSync("pkill", ["-KILL", "-f", marker]);
    } catch {
      // already gone
    }
    await t?.stop();
  });

  it("draws a busy job's cpu and memory as sparklines with their current values", async () => {
    const jobId = await submitJob(t, { name: "busy", type: "SERVICE", command: `while :; do :; done # ${marker}` });
    ui = renderTui(t, { route: { screen: "metrics", target: { jobId }, title: "busy" } });
    // Samples every 200 ms, 5 s buckets: a few whole buckets come within seconds.
    await ui.press("1");
    const frame = await ui.waitFor((f) => {
      const cpu = /cpu_usage\s+[·▁▂▃▄▅▆▇█ ]+ ▏(\d+(\.\d+)?) cores\s+(\d+\.\d\d) cores/.exec(f);
      return Boolean(cpu && Number(cpu[3]) > 0.2 && /memory_usage\s+[·▁▂▃▄▅▆▇█ ]+ ▏\d+(\.\d)? (KiB|MiB)\s+\d+(\.\d)? (KiB|MiB)/.test(f));
    }, 30_000);
    // The scale is shown and the busy loop (about a core) draws a high bar on it, not a flat full line of noise.
    const cpu = /cpu_usage\s+([·▁▂▃▄▅▆▇█ ]+) ▏(\d+(\.\d+)?) cores\s+(\d+\.\d\d) cores/.exec(frame)!;
    expect(Number(cpu[2])).toBeGreaterThanOrEqual(Number(cpu[4]));
    expect(frame).toContain("1 instance running");
    expect(frame).toMatch(/avg of 1 instance · scale 0–\d+\.\d\d cores · whole 5s buckets/);
    expect(frame).toMatch(/total of 1 instance/);
    await ui.press("3");
    await ui.waitFor("whole 1m buckets");
    await ui.press("?");
    await ui.waitFor("show the last 5m");
  }, 40_000);

  it("draws an idle job as empty on its scale, not as full bars", async () => {
    const jobId = await submitJob(t, { name: "idle", type: "SERVICE", command: `sleep 300 # ${marker}` });
    const idle = renderTui(t, { route: { screen: "metrics", target: { jobId }, title: "idle" } });
    try {
      await idle.press("1");
      const frame = await idle.waitFor((f) => /cpu_usage\s+[·▁ ]*▁?[·▁ ]* ▏0\.10 cores\s+0\.0\d cores/.test(f) && !/cpu_usage[^\n]*█/.test(f), 30_000);
      expect(frame).not.toMatch(/cpu_usage[^\n]*[▄▅▆▇█]/);
    } finally {
      await idle.close();
    }
  }, 40_000);
});
