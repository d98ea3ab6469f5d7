import { execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { request } from "../../client/graphql-http.ts";
import { eventually, freePort, startAgent, type AgentProcess } from "../support/agents.ts";
import { spawnServer } from "../support/server-process.ts";


describe("a rollout across a server SIGKILL, and the loop guard", () => {
  const agents: AgentProcess[] = [];
  let server: ChildProcess | null = null;
  let dataDir = "";
  let port = 0;
  const marker = `drover-guard-${process.pid}`;

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    server?.kill("SIGKILL");
    try {
      execFileSync("pkill", ["-KILL", "-f", marker]);
    } catch {
      // nothing left
    }
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it("finishes the rollout after the server is SIGKILLed mid-way and restarted, placing nothing twice", async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "drover-sigkill-"));
    port = await freePort();
    server = await spawnServer(port, dataDir);
    const url = `http://127.0.0.1:${port}/graphql`;
    const token = (await fs.readFile(path.join(dataDir, "admin.token"), "utf8")).trim();
    const gql = <T = any>(q: string, v?: Record<string, unknown>) => request<T>(url, token, q, v);
    for (const nodeId of ["node-k1", "node-k2", "node-k3", "node-k4"]) {
      agents.push(await startAgent({ url, token, nodeId, labels: { pool: "k" } }));
    }
    await eventually(async () => (await gql(`{ nodes(state: READY) { totalCount } }`)).nodes.totalCount === 4);
    const spec = (cmd: string) => ({
      name: "steady",
      type: "SERVICE",
      command: `${cmd} # ${marker}`,
      selector: { matchLabels: { pool: "k" } },
      deployment: { strategy: "ROLLING", maxParallel: 1, healthCheck: { deadline: "20s", minHealthyTime: "1s" } },
    });
    const submit = (cmd: string) => gql(`mutation($input: SubmitJobInput!) { submitJob(input: $input) { job { id } } }`, { input: spec(cmd) });
    const id = (await submit("sleep 300")).submitJob.job.id;
    const rollout = async () => {
      const s = (await gql(`query($id: ID) { job(id: $id) { status { version rollout { type state currentWave updatedNodes } lastRollout { type state currentWave updatedNodes } } } }`, { id })).job.status;
      return { version: s.version, rollout: s.rollout ?? s.lastRollout };
    };
    // The create rolls out one node at a time too.
    await eventually(async () => (await rollout()).rollout?.state === "SUCCEEDED", { what: "create rollout", timeoutMs: 60_000 });

    await submit("sleep 301");
    await eventually(async () => ((await rollout()).rollout?.currentWave ?? 0) >= 2, { what: "wave 2", timeoutMs: 20_000 });
    server.kill("SIGKILL");
    await new Promise((r) => setTimeout(r, 1000));
    server = await spawnServer(port, dataDir);

    const done = await eventually(async () => {
      const s = await rollout();
      return s.rollout?.type === "UPDATE" && s.rollout.state === "SUCCEEDED" ? s : null;
    }, { what: "the rollout to finish after the restart", timeoutMs: 60_000 });
    expect(done.rollout).toMatchObject({ currentWave: 4, updatedNodes: 4 });
    const ex = await gql(`query($id: ID) { executions(jobId: $id, first: 100) { edges { node { nodeId jobVersion computeState { stateType } } } } }`, { id });
    const v2 = ex.executions.edges.map((e: any) => e.node).filter((e: any) => e.jobVersion === 2);
    // Exactly one version-2 execution per node: nothing was placed twice across the crash.
    expect(v2.map((e: any) => e.nodeId).sort()).toEqual(["node-k1", "node-k2", "node-k3", "node-k4"]);
    expect(v2.every((e: any) => e.computeState.stateType === "RUNNING")).toBe(true);
  }, 150_000);

  it("never rolls back because a stable execution fails later (the loop guard)", async () => {
    const url = `http://127.0.0.1:${port}/graphql`;
    const token = (await fs.readFile(path.join(dataDir, "admin.token"), "utf8")).trim();
    const gql = <T = any>(q: string, v?: Record<string, unknown>) => request<T>(url, token, q, v);
    const id = (await gql(`{ job(name: "steady") { id } }`)).job.id;
    const stable = await gql(`query($id: ID) { executions(jobId: $id, state: RUNNING) { edges { node { id stableAt jobVersion } } } }`, { id });
    expect(stable.executions.edges.every((e: any) => e.node.stableAt !== null && e.node.jobVersion === 2)).toBe(true);
    // Kill every process of the job: stable executions fail after their rollout completed.
    execFileSync("pkill", ["-KILL", "-f", marker]);
    await eventually(async () => {
      const r = await gql(`query($id: ID) { executions(jobId: $id, state: FAILED) { totalCount } }`, { id });
      return r.executions.totalCount >= 4;
    }, { what: "the failures to be reported" });
    await eventually(async () => {
      const r = await gql(`query($id: ID) { executions(jobId: $id, state: RUNNING) { edges { node { jobVersion attempt } } } }`, { id });
      return r.executions.edges.length === 4 && r.executions.edges.every((e: any) => e.node.jobVersion === 2 && e.node.attempt === 2);
    }, { what: "restarts of the same version", timeoutMs: 20_000 });
    const s = (await gql(`query($id: ID) { job(id: $id) { status { version rollout { type state } lastRollout { type state } } } }`, { id })).job.status;
    expect(s).toEqual({ version: 2, rollout: null, lastRollout: { type: "UPDATE", state: "SUCCEEDED" } });
  });
});
