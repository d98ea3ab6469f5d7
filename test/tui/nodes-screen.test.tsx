import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { eventually, startAgent, type AgentProcess } from "../support/agents.ts";
import { KEY, renderTui, submitJob, type TuiHarness } from "./helpers.tsx";
import { parseLabels } from "../../tui/screens/nodes/state.ts";

describe("TUI nodes screen", () => {
  let t: TestServer;
  let ui: TuiHarness;
  const agents: AgentProcess[] = [];

  beforeAll(async () => {
    t = await startTestServer("sqlite");
    agents.push(await startAgent({ url: t.server.url, token: t.token, nodeId: "node-tui-a", labels: { region: "eu", tier: "edge" }, capacity: 3, cpu: 2, memory: 4 * 2 ** 30 }));
    agents.push(await startAgent({ url: t.server.url, token: t.token, nodeId: "node-tui-b", labels: { region: "us" }, capacity: 8 }));
    await eventually(async () => (await t.gql(`{ nodes(state: READY) { totalCount } }`)).data?.nodes.totalCount === 2);
    ui = renderTui(t, { route: { screen: "nodes" } });
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
    await Promise.all(agents.map((a) => a.stop()));
    await t?.stop();
  });

  it("lists nodes with state, labels, capacity and a heartbeat age", async () => {
    const frame = await ui.waitFor((f) => f.includes("node-tui-a") && f.includes("node-tui-b"));
    expect(frame).toMatch(/node-tui-a\s+● READY\s+region=eu tier=edge\s+0\/3\s+\d+s/);
    expect(frame).toMatch(/node-tui-b\s+● READY\s+region=us\s+0\/8\s+\d+s/);
    expect(frame).toMatch(/Nodes 2 ─ 2 ready/);
  });

  it("shows cpu and memory free on a wide terminal", async () => {
    const wide = renderTui(t, { route: { screen: "nodes" }, width: 120 });
    try {
      const frame = await wide.waitFor((f) => f.includes("node-tui-a") && f.includes("node-tui-b"));
      expect(frame).toMatch(/CAPACITY\s+CPU FREE\s+MEM FREE\s+HEARTBEAT/);
      expect(frame).toMatch(/node-tui-a\s+● READY\s+region=eu tier=edge\s+0\s+0\/3\s+2\s+4 GiB\s+\d+s/);
    } finally {
      await wide.close();
    }
  });

  it("counts running executions live", async () => {
    await submitJob(t, { name: "on-a", type: "SERVICE", command: "sleep 300", selector: { matchIds: ["node-tui-a"] } });
    await ui.waitFor(/node-tui-a\s+● READY\s+.*\s+1\/3/);
  });

  it("keeps heartbeat ages current: they follow the agents' heartbeats, not the age when the list was read", async () => {
    const age = (f: string) => Number(/node-tui-a .* (\d+)s\s*$/m.exec(f)?.[1] ?? NaN);
    await ui.waitFor((f) => age(f) <= 3);
    // Agents beat every 250 ms here; a frozen age would pass 8s by now.
    await new Promise((r) => setTimeout(r, 9000));
    expect(age(ui.frame())).toBeLessThanOrEqual(5);
  }, 20_000);

  it("opens a node with Enter: what runs there", async () => {
    await ui.press("g", KEY.enter);
    const frame = await ui.waitFor((f) => f.includes("Node node-tui-a") && /on-a\s+v1\s+● running/.test(f));
    expect(frame).toMatch(/capacity 1\/3/);
    expect(frame).toContain("free: cpu 2 of 2 cores · memory 4 GiB of 4 GiB");
    expect(frame).toContain("labels region=eu tier=edge");
    await ui.press(KEY.enter);
    await ui.waitFor((f) => f.includes("Execution exec-") && f.includes("on node-tui-a"));
    await ui.press(KEY.escape);
    await ui.waitFor("Node node-tui-a");
    await ui.press(KEY.escape);
    await ui.waitFor("Nodes 2");
  });

  it("drains and undrains a node after a confirmation", async () => {
    await ui.press("g");
    await ui.press("d");
    await ui.waitFor("Drain node-tui-a? y/N");
    await ui.press("y");
    await ui.waitFor(/node-tui-a\s+◐ DRAINING/);
    expect((await t.gql(`{ node(id: "node-tui-a") { state } }`)).data.node.state).toBe("DRAINING");
    await ui.press("d");
    await ui.waitFor("Undrain node-tui-a? y/N");
    await ui.press("y");
    await ui.waitFor(/node-tui-a\s+● READY/);
  });

  it("edits labels through a prompt and a confirmation", async () => {
    await ui.press("j");
    await ui.press("L");
    await ui.waitFor("labels of node-tui-b:");
    await ui.type(" gpu");
    await ui.waitFor("Set the labels of node-tui-b to gpu region=us? y/N");
    await ui.press("y");
    await ui.waitFor(/node-tui-b\s+● READY\s+gpu region=us/);
    expect((await t.gql(`{ node(id: "node-tui-b") { labels } }`)).data.node.labels).toEqual({ region: "us", gpu: "true" });
  });

  it("filters with /", async () => {
    await ui.press("/");
    await ui.type("gpu");
    const frame = await ui.waitFor((f) => !f.includes("node-tui-a"));
    expect(frame).toContain("node-tui-b");
  });

  it("parses label text and names a bad part", () => {
    expect(parseLabels("region=eu, gpu")).toEqual({ labels: { region: "eu", gpu: "true" } });
    expect(parseLabels("=bad")).toEqual({ error: '"=bad" is not key=value' });
  });
});
