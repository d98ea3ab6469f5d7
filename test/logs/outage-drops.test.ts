import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { request } from "../../client/graphql-http.ts";
import { spawnServer } from "../support/server-process.ts";
import { eventually, freePort, startAgent, type AgentProcess } from "../support/agents.ts";

/**
 * When the server is gone for longer than the agent's bounded buffer lasts,
 * lines are dropped, and the log says so where they were, and so does the
 * execution.
 */
describe("output while the server is unreachable", () => {
  let server: ChildProcess | null = null;
  let agent: AgentProcess | null = null;
  let dataDir = "";

  afterAll(async () => {
    await agent?.stop();
    if (server && server.exitCode === null && server.signalCode === null) {
      server.kill("SIGTERM");
      await new Promise((r) => server!.once("exit", r));
    }
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it("drops the oldest lines past the buffer and leaves one marker line and a count", { timeout: 120_000 }, async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "drover-outage-"));
    const port = await freePort();
    server = await spawnServer(port, dataDir, { DROVER_HEARTBEAT_TTL_MS: "60000" });
    const url = `http://127.0.0.1:${port}/graphql`;
    const token = (await fs.readFile(path.join(dataDir, "admin.token"), "utf8")).trim();
    const gql = <T = any>(q: string, v?: Record<string, unknown>) => request<T>(url, token, q, v);
    agent = await startAgent({ url, token, nodeId: "node-outage" });
    await eventually(async () => (await gql<any>(`{ nodes(state: READY) { totalCount } }`)).nodes.totalCount === 1, { timeoutMs: 60_000, what: "node READY" });

    const job = await gql<any>(`mutation { submitJob(input: { name: "outage", type: BATCH, command: "sleep 3; seq 1 80000; sleep 120" }) { job { id } } }`);
    const jobId = job.submitJob.job.id;
    await gql(`mutation($id: ID!) { triggerRun(jobId: $id) { run { id } } }`, { id: jobId });
    const execId = await eventually(
      async () => (await gql<any>(`query($id: ID) { executions(jobId: $id, state: RUNNING) { edges { node { id } } } }`, { id: jobId })).executions.edges[0]?.node.id,
      { what: "RUNNING" },
    );

    // Gone before the output starts, for longer than the agent holds its output back.
    server.kill("SIGKILL");
    await new Promise((r) => server!.once("exit", r));
    await new Promise((r) => setTimeout(r, 22_000));
    server = await spawnServer(port, dataDir, { DROVER_HEARTBEAT_TTL_MS: "60000" });

    const marker = "[drover] 30,000 lines dropped while the server was unreachable (lines 1-30000)";
    const markers = await eventually(
      async () => {
        const r = await gql<any>(`query($id: ID!) { last: logs(executionId: $id, limit: 1, order: DESC) { lineNo } marks: logs(executionId: $id, filter: "[drover]") { lineNo text stream } }`, { id: execId }).catch(() => null);
        return r?.last[0]?.lineNo === 80000 && r.marks.length ? r.marks : null;
      },
      { timeoutMs: 30_000, what: "the marker and the last line" },
    );
    expect(markers).toEqual([{ lineNo: 30000, text: marker, stream: "stderr" }]);
    const count = await gql<any>(`query($id: ID!) { logs(executionId: $id, limit: 10000) { lineNo text } }`, { id: execId });
    // Oldest first: the marker, then the newest 50,000 lines the buffer kept, from 30,001.
    expect(count.logs.slice(0, 2)).toEqual([{ lineNo: 30000, text: marker }, { lineNo: 30001, text: "30001" }]);
    const details = await eventually(
      async () => (await gql<any>(`query($id: ID!) { execution(id: $id) { computeState { details } } }`, { id: execId })).execution.computeState.details.droppedLogLines,
      { what: "droppedLogLines on the execution" },
    );
    expect(details).toBe("30000");
  });
});
