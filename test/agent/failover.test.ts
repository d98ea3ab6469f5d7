import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { request } from "../../client/graphql-http.ts";
import { createTestDatabase, describeIfPostgres, type TestDatabase } from "../support/database.ts";
import { spawnServer } from "../support/server-process.ts";
import { eventually, freePort, startAgent, type AgentProcess } from "../support/agents.ts";

/**
 * Three real `drover server` replicas on one PostgreSQL database and Redis,
 * and one real agent given all three. The first server is killed outright,
 * then the second; the node stays READY (heartbeats through the next one)
 * and keeps taking work (its assignments socket reconnects there).
 */
describeIfPostgres("an agent with three servers", () => {
  let db: TestDatabase;
  const servers: ChildProcess[] = [];
  const dirs: string[] = [];
  let agent: AgentProcess | null = null;

  afterAll(async () => {
    await agent?.stop();
    for (const s of servers) {
      if (s.exitCode === null && s.signalCode === null) {
        s.kill("SIGTERM");
        await new Promise((r) => s.once("exit", r));
      }
    }
    await db?.drop();
    for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
  });

  it("fails over as replicas are killed: the node stays READY and runs new work through the one left", { timeout: 180_000 }, async () => {
    db = await createTestDatabase("postgresql");
    const env = { DATABASE_URL: db.url, REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", DROVER_HEARTBEAT_TTL_MS: "3000" };
    const ports = [await freePort(), await freePort(), await freePort()];
    for (const port of ports) {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), "drover-failover-"));
      dirs.push(dir);
      servers.push(await spawnServer(port, dir, env));
    }
    const token = (await fs.readFile(path.join(dirs[0]!, "admin.token"), "utf8")).trim();
    const [a, b, c] = ports.map((p) => `http://127.0.0.1:${p}/graphql`);
    // The token from a file (kept out of ps), and both servers in one flag.
    const tokenFile = path.join(dirs[0]!, "join.token");
    await fs.writeFile(tokenFile, token + "\n", { mode: 0o600 });
    agent = await startAgent({ url: `${a},${b},${c}`, token: null, nodeId: "node-failover", heartbeatMs: 300, extraArgs: ["--token-file", tokenFile] });
    const viaB = <T = any>(query: string, variables?: Record<string, unknown>) => request<T>(b!, token, query, variables);

    const nodeState = async () => (await viaB<any>(`{ node(id: "node-failover") { state } }`)).node?.state;
    await eventually(async () => (await nodeState()) === "READY", { timeoutMs: 60_000, what: "node READY" });
    await expect(fs.readFile(`/proc/${agent.child.pid}/cmdline`, "utf8")).resolves.not.toContain(token);

    const job = await viaB<any>(`mutation { submitJob(input: { name: "svc", type: SERVICE, command: "sleep 300" }) { job { id } } }`);
    const jobId = job.submitJob.job.id;
    const running = async (id: string) =>
      (await viaB<any>(`query($id: ID) { executions(jobId: $id, state: RUNNING) { totalCount } }`, { id })).executions.totalCount;
    await eventually(async () => (await running(jobId)) === 1, { timeoutMs: 30_000, what: "the service running" });

    servers[0]!.kill("SIGKILL");
    await new Promise((r) => servers[0]!.once("exit", r));

    // Well past the heartbeat TTL: still READY, so heartbeats went to the second server.
    await new Promise((r) => setTimeout(r, 5000));
    expect(await nodeState()).toBe("READY");
    expect(await running(jobId)).toBe(1);

    // New work reaches the agent: its assignments socket is on the second server now.
    const batch = await viaB<any>(`mutation { submitJob(input: { name: "after", type: BATCH, command: "echo through the second server" }) { job { id } } }`);
    const run = await viaB<any>(`mutation($id: ID!) { triggerRun(jobId: $id) { run { id } } }`, { id: batch.submitJob.job.id });
    const ended = await eventually(
      async () => {
        const r = await viaB<any>(`query($id: ID!) { run(id: $id) { state } }`, { id: run.triggerRun.run.id });
        return ["SUCCEEDED", "FAILED"].includes(r.run.state) ? r.run.state : null;
      },
      { timeoutMs: 30_000, what: "the batch run through the second server" },
    );
    expect(ended).toBe("SUCCEEDED");
    const logs = await viaB<any>(`query($id: ID!) { logs(jobId: $id) { text } }`, { id: batch.submitJob.job.id });
    expect(logs.logs.map((l: any) => l.text)).toEqual(["through the second server"]);
    expect(await nodeState()).toBe("READY");

    // The second one goes too: the third carries the node alone.
    servers[1]!.kill("SIGKILL");
    await new Promise((r) => servers[1]!.once("exit", r));
    const viaC = <T = any>(query: string, variables?: Record<string, unknown>) => request<T>(c!, token, query, variables);
    await new Promise((r) => setTimeout(r, 5000));
    expect((await viaC<any>(`{ node(id: "node-failover") { state } }`)).node.state).toBe("READY");
    const last = await viaC<any>(`mutation($id: ID!) { triggerRun(jobId: $id) { run { id } } }`, { id: batch.submitJob.job.id });
    await eventually(
      async () => ((await viaC<any>(`query($id: ID!) { run(id: $id) { state } }`, { id: last.triggerRun.run.id })).run.state === "SUCCEEDED" ? true : null),
      { timeoutMs: 30_000, what: "a run through the third server" },
    );
  });
});
