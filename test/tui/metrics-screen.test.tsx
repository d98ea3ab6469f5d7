import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { eventually, startAgent, type AgentProcess } from "../support/agents.ts";
import { renderTui, submitJob, type TuiHarness } from "./helpers.tsx";
import { latest } from "../../tui/screens/metrics/windows.ts";

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
    const frame = await ui.waitFor((f) => {
      const cpu = /cpu_usage\s+[▁▂▃▄▅▆▇█ ]+\s+(\d+\.\d\d) cores/.exec(f);
      return Boolean(cpu && Number(cpu[1]) > 0.2 && /memory_usage\s+[▁▂▃▄▅▆▇█ ]+\s+\d+(\.\d)? (KiB|MiB)/.test(f));
    }, 20_000);
    expect(frame).toContain("(avg across instances, last 15m)");
    expect(frame).toContain("(total, last 15m)");
    await ui.press("3");
    await ui.waitFor("(total, last 1h)");
    await ui.press("?");
    await ui.waitFor("show the last 5m");
  }, 40_000);

  it("takes the newest point as the current value", () => {
    expect(latest([])).toBeNull();
    expect(latest([{ value: 1 }, { value: 2.5 }])).toBe(2.5);
  });
});
