import { execFileSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, type DroverServer } from "../../server/app.ts";
import { createLogger } from "../../common/logger.ts";
import { request } from "../../client/graphql-http.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { eventually, freePort, startAgent, type AgentProcess } from "../support/agents.ts";

/** Kills processes an agent left behind when it was SIGKILLed (they carry a marker in their command). */
function killOrphans(marker: string) {
  try {
    execFileSync("pkill", ["-KILL", "-f", marker]);
  } catch {
    // none left
  }
}

describe("a node that dies", () => {
  let t: TestServer;
  const agents: AgentProcess[] = [];
  const marker = `drover-lost-${process.pid}`;

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    killOrphans(marker);
    await t?.stop();
  });

  it("goes DOWN after the heartbeat TTL; its executions become LOST and batch work is placed again elsewhere", async () => {
    t = await startTestServer("sqlite", { heartbeatTtlMs: 1500 });
    const gql = t.gql;
    for (const nodeId of ["node-a", "node-b"]) {
      agents.push(await startAgent({ url: t.server.url, token: t.token, nodeId, labels: { pool: "x" }, heartbeatMs: 200 }));
    }
    await eventually(async () => (await gql(`{ nodes(state: READY) { totalCount } }`)).data?.nodes.totalCount === 2);

    const submitted = await gql(
      `mutation { submitJob(input: { name: "long", type: BATCH, command: "exec sleep 30 # ${marker}", selector: { matchLabels: { pool: "x" } } }) { job { id } } }`,
    );
    const jobId = submitted.data.submitJob.job.id;
    const run = await gql(`mutation($id: ID!) { triggerRun(jobId: $id) { run { id } } }`, { id: jobId });
    const runId = run.data.triggerRun.run.id;
    const execs = async () =>
      (await gql(`query($id: ID) { executions(jobId: $id) { edges { node { id nodeId attempt previousExecutionId computeState { stateType message } } } } }`, { id: jobId })).data
        .executions.edges.map((e: any) => e.node);
    const first = await eventually(async () => (await execs()).find((e: any) => e.computeState.stateType === "RUNNING"), { what: "running" });

    const victim = agents.find((a) => a.nodeId === first.nodeId)!;
    await victim.kill();

    const node = await eventually(async () => {
      const r = await gql(`query($id: ID!) { node(id: $id) { state } }`, { id: victim.nodeId });
      return r.data.node.state === "DOWN" ? r.data.node : null;
    }, { what: "node DOWN" });
    expect(node.state).toBe("DOWN");

    const after = await eventually(async () => {
      const all = await execs();
      const lost = all.find((e: any) => e.id === first.id && e.computeState.stateType === "LOST");
      const replacement = all.find((e: any) => e.attempt === 2 && e.computeState.stateType === "RUNNING");
      return lost && replacement ? { lost, replacement } : null;
    }, { what: "LOST and replaced" });
    expect(after.lost.computeState.message).toContain("stopped heartbeating");
    expect(after.replacement.nodeId).not.toBe(victim.nodeId);
    expect(after.replacement.previousExecutionId).toBe(first.id);
    const r = await gql(`query($id: ID!) { run(id: $id) { state } }`, { id: runId });
    expect(r.data.run.state).toBe("RUNNING");
  });
});


describe("a server restart under a running agent", () => {
  let db: TestDatabase;
  let dataDir: string;
  let server: DroverServer | null = null;
  let agent: AgentProcess | null = null;

  afterAll(async () => {
    await agent?.stop();
    await server?.stop();
    await db?.drop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it("loses and duplicates no report: the run finishes with every line exactly once", async () => {
    db = await createTestDatabase("sqlite");
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "drover-restart-"));
    const port = await freePort();
    const start = () =>
      startServer({
        config: { port, host: "127.0.0.1", dataDir, databaseUrl: db.url, heartbeatTtlMs: 10_000 },
        log: createLogger(process.env.DROVER_TEST_LOG ?? "silent"),
      });
    server = await start();
    const token = server.adminToken;
    const gql = (q: string, v?: Record<string, unknown>) => request<any>(server!.url, token, q, v);
    agent = await startAgent({ url: server.url, token, nodeId: "node-survivor", heartbeatMs: 200 });
    await eventually(async () => (await gql(`{ nodes(state: READY) { totalCount } }`)).nodes.totalCount === 1);

    const lines = 40;
    const job = await gql(
      `mutation { submitJob(input: { name: "counter", type: BATCH, command: "for i in $(seq 1 ${lines}); do echo line $i; sleep 0.1; done" }) { job { id } } }`,
    );
    const jobId = job.submitJob.job.id;
    const runId = (await gql(`mutation($id: ID!) { triggerRun(jobId: $id) { run { id } } }`, { id: jobId })).triggerRun.run.id;
    await eventually(async () => (await gql(`query($id: ID!) { run(id: $id) { state } }`, { id: runId })).run.state === "RUNNING");

    // Down for about a second in the middle of the run; the agent keeps running and buffers.
    await new Promise((r) => setTimeout(r, 800));
    await server.stop();
    await new Promise((r) => setTimeout(r, 1200));
    server = await start();

    const done = await eventually(
      async () => {
        const r = await gql(`query($id: ID!) { run(id: $id) { state exitCode } }`, { id: runId });
        return r.run.state === "SUCCEEDED" ? r.run : null;
      },
      { timeoutMs: 20_000, what: "run to succeed after the restart" },
    );
    expect(done.exitCode).toBe(0);
    const ex = (await gql(`query($id: ID) { executions(jobId: $id) { edges { node { id revision } } } }`, { id: jobId })).executions.edges;
    expect(ex).toHaveLength(1);
    const logs = await gql(`query($id: ID!) { logs(executionId: $id) { lineNo text } }`, { id: ex[0].node.id });
    expect(logs.logs.map((l: any) => l.text)).toEqual(Array.from({ length: lines }, (_, i) => `line ${i + 1}`));
    expect(logs.logs.map((l: any) => l.lineNo)).toEqual(Array.from({ length: lines }, (_, i) => i + 1));
    // STARTING, RUNNING, COMPLETE: each applied once, whatever was resent.
    expect(ex[0].node.revision).toBe(4);
  });
});

describe("a server that was down longer than the heartbeat TTL", () => {
  let server: DroverServer | null = null;
  let agent: AgentProcess | null = null;
  let db: TestDatabase;
  let dataDir = "";

  afterAll(async () => {
    await agent?.stop();
    await server?.stop();
    await db?.drop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it("judges no node before one TTL after it starts: agents that kept running are not declared DOWN, their work not LOST", async () => {
    db = await createTestDatabase("sqlite");
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "drover-grace-"));
    const port = await freePort();
    const start = () =>
      startServer({
        config: { port, host: "127.0.0.1", dataDir, databaseUrl: db.url, heartbeatTtlMs: 1500 },
        log: createLogger(process.env.DROVER_TEST_LOG ?? "silent"),
      });
    server = await start();
    const token = server.adminToken;
    const gql = (q: string, v?: Record<string, unknown>) => request<any>(server!.url, token, q, v);
    agent = await startAgent({ url: server.url, token, nodeId: "node-patient", heartbeatMs: 200 });
    await eventually(async () => (await gql(`{ nodes(state: READY) { totalCount } }`)).nodes.totalCount === 1);
    await gql(`mutation { submitJob(input: { name: "steady", type: SERVICE, command: "sleep 600" }) { job { id } } }`);
    await eventually(async () => (await gql(`{ executions(state: RUNNING) { totalCount } }`)).executions.totalCount === 1, { what: "service running" });
    const seq = (await gql(`{ nodes { seq } }`)).nodes.seq;

    // Down for well over the TTL (and past the liveness lease, 5 s): every heartbeat the agent sent meanwhile was lost.
    await server.stop();
    await new Promise((r) => setTimeout(r, 6500));
    server = await start();
    await new Promise((r) => setTimeout(r, 3000));
    const events = await gql(`{ nodes { edges { node { id state } } } executions(state: LOST) { totalCount } }`);
    expect(events.nodes.edges.map((e: any) => e.node.state)).toEqual(["READY"]);
    expect(events.executions.totalCount).toBe(0);
    const db2 = server.services.db.prisma;
    const downs = await db2.event.count({ where: { seq: { gt: BigInt(seq) }, type: "NODE_STATE_CHANGED" } });
    expect(downs).toBe(0);
  }, 60_000);
});
