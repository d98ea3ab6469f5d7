// Two agents on one state dir: the second is refused before it does anything,
// and the first one's processes run on, checked in /proc.
import { afterAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { eventually, startAgent, type AgentProcess } from "../support/agents.ts";
import { isAlive, pidsOfExecution } from "../support/processes.ts";

describe("one agent per state dir", () => {
  let t: TestServer;
  const agents: AgentProcess[] = [];
  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await t?.stop();
  });

  it("refuses a second agent on the same state dir, leaving the first one's node and processes alone", async () => {
    t = await startTestServer("sqlite");
    const first = await startAgent({ url: t.server.url, token: t.token, nodeId: "node-only", labels: { pool: "one" } });
    agents.push(first);
    await eventually(async () => (await t.gql(`{ nodes(state: READY) { totalCount } }`)).data?.nodes.totalCount === 1);
    const job = await t.gql(`mutation { submitJob(input: { name: "kept", type: SERVICE, command: "sleep 600", deployment: { strategy: IMMEDIATE } }) { job { id } } }`);
    const id = job.data.submitJob.job.id;
    const exec = await eventually(async () => {
      const r = await t.gql(`query($id: ID) { executions(jobId: $id, state: RUNNING) { edges { node { id } } } }`, { id });
      const e = r.data.executions.edges[0]?.node;
      return e && pidsOfExecution(e.id).length ? e : null;
    }, { what: "the service running", timeoutMs: 30_000 });
    const pids = pidsOfExecution(exec.id);

    const second = await startAgent({ url: t.server.url, token: t.token, nodeId: "node-only", stateDir: first.stateDir });
    const code = await new Promise<number | null>((resolve) => second.child.once("exit", (c) => resolve(c)));
    expect(code).toBe(1);
    expect(second.output()).toContain("another drover agent");
    expect(second.output()).toContain("--node-id");
    // Nothing of the first agent's was touched.
    for (const pid of pids) expect(isAlive(pid)).toBe(true);
    expect(first.child.exitCode).toBeNull();
    const node = await t.gql(`{ node(id: "node-only") { state } }`);
    expect(node.data.node.state).toBe("READY");
  }, 60_000);
});
