// What the server tells its operator: each lifecycle change once, at INFO,
// structured; nothing while it idles. Read from the logger's own output.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, type DroverServer } from "../../server/app.ts";
import { request } from "../../client/graphql-http.ts";
import { eventually, startAgent, type AgentProcess } from "../support/agents.ts";

interface Line {
  level: number;
  msg: string;
  [k: string]: unknown;
}

describe("the server's log", () => {
  let server: DroverServer | null = null;
  let agent: AgentProcess | null = null;
  let dir = "";
  const lines: Line[] = [];
  afterAll(async () => {
    await agent?.stop();
    await server?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it("logs submits, rollouts, node joins and losses and deletes once each, and nothing on idle ticks", async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "drover-log-"));
    const log = pino({ level: "info" }, { write: (s: string) => void lines.push(JSON.parse(s)) });
    server = await startServer({ config: { port: 0, host: "127.0.0.1", dataDir: dir, databaseUrl: `file:${path.join(dir, "drover.db")}`, heartbeatTtlMs: 2000 }, log });
    const gql = (q: string, v?: Record<string, unknown>) => request<any>(server!.url, server!.adminToken, q, v);
    agent = await startAgent({ url: server.url, token: server.adminToken, nodeId: "node-logged", heartbeatMs: 200 });
    await eventually(async () => (await gql(`{ nodes(state: READY) { totalCount } }`)).nodes.totalCount === 1);
    const job = await gql(`mutation { submitJob(input: { name: "logged", type: SERVICE, command: "sleep 600" }) { job { id } } }`);
    const id = job.submitJob.job.id;
    await eventually(async () => ((await gql(`query($id: ID) { job(id: $id) { status { lastRollout { state } } } }`, { id })).job.status.lastRollout?.state === "SUCCEEDED" ? true : null), { what: "rollout" });

    // Idle: heartbeats and loop ticks say nothing.
    const before = lines.length;
    await new Promise((r) => setTimeout(r, 3000));
    expect(lines.slice(before).map((l) => l.msg)).toEqual([]);

    await gql(`mutation($id: ID) { deleteJob(id: $id) { deleted } }`, { id });
    await agent.kill();
    await eventually(async () => (lines.some((l) => l.msg.startsWith("node is DOWN")) ? true : null), { what: "node loss logged", timeoutMs: 15_000 });

    const about = (msg: string) => lines.filter((l) => l.msg === msg);
    expect(about("node joined")).toMatchObject([{ level: 30, nodeId: "node-logged" }]);
    expect(about("job submitted")).toMatchObject([{ level: 30, job: "default/logged", jobId: id, version: 1 }]);
    expect(about("rollout started")).toMatchObject([{ jobId: id, kind: "create", toVersion: 1 }]);
    expect(about("rollout succeeded")).toMatchObject([{ jobId: id, state: "SUCCEEDED" }]);
    expect(about("job deleted")).toMatchObject([{ jobId: id }]);
    expect(lines.filter((l) => l.msg.startsWith("node is DOWN"))).toMatchObject([{ level: 40, nodeId: "node-logged" }]);
    expect(lines.filter((l) => /cron fires handled/.test(l.msg))).toEqual([]);
  }, 90_000);
});
