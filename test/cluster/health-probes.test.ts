import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { eventually, startAgent, type AgentProcess } from "../support/agents.ts";

/** Health probes run by real agents: RUNNING means healthy, a failing probe makes an execution (and its job) DEGRADED. */
describe("health probes", () => {
  let t: TestServer;
  let dir = "";
  const agents: AgentProcess[] = [];

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "drover-probes-"));
    t = await startTestServer("sqlite", { heartbeatTtlMs: 5000 });
    for (const nodeId of ["node-hp1", "node-hp2"]) agents.push(await startAgent({ url: t.server.url, token: t.token, nodeId, labels: { pool: "hp" } }));
    await eventually(async () => (await t.gql(`{ nodes(state: READY) { totalCount } }`)).data?.nodes.totalCount === 2, { what: "two nodes" });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await t?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const submit = async (input: Record<string, unknown>) => {
    const r = await t.gql(`mutation($input: SubmitJobInput!) { submitJob(input: $input) { job { id } } }`, { input });
    expect(r.errors).toBeUndefined();
    return r.data.submitJob.job.id as string;
  };
  const executions = async (id: string) =>
    (await t.gql(`query($id: ID) { executions(jobId: $id, first: 50) { edges { node { nodeId jobVersion computeState { stateType message } } } } }`, { id })).data.executions.edges.map(
      (e: any) => e.node,
    );
  /** `rollout`: the one in progress, else the one that ended last. */
  const status = async (id: string) => {
    const s = (await t.gql(`query($id: ID) { job(id: $id) { status { version state { stateType message } rollout { state failedNodes message } lastRollout { state failedNodes message } } } }`, { id })).data.job.status;
    return { ...s, rollout: s.rollout ?? s.lastRollout };
  };

  it("reports RUNNING only once the probe passes: DEGRADED while it fails, RUNNING again when it recovers", async () => {
    const flag = path.join(dir, "web-healthy");
    const id = await submit({
      name: "probed",
      type: "SERVICE",
      command: "sleep 300",
      selector: { matchIds: ["node-hp1"] },
      deployment: { strategy: "ROLLING", healthCheck: { deadline: "30s", minHealthyTime: "0s", probe: { command: `test -f ${flag}`, interval: "200ms" } } },
    });
    // Started but never healthy yet: after two failed probes it is DEGRADED, with the reason.
    const degraded = await eventually(async () => {
      const [e] = await executions(id);
      return e?.computeState.stateType === "DEGRADED" ? e : null;
    }, { what: "DEGRADED before the first pass" });
    expect(degraded.computeState.message).toMatch(/health probe failing: exit 1/);

    await fs.writeFile(flag, "");
    await eventually(async () => (await executions(id))[0]?.computeState.stateType === "RUNNING", { what: "RUNNING once the probe passes" });
    await eventually(async () => (await status(id)).state.stateType === "RUNNING", { what: "the job RUNNING" });

    await fs.rm(flag);
    await eventually(async () => (await executions(id))[0]?.computeState.stateType === "DEGRADED", { what: "DEGRADED when the probe fails" });
    const s = await eventually(async () => {
      const st = await status(id);
      return st.state.stateType === "DEGRADED" ? st : null;
    }, { what: "the job DEGRADED" });
    expect(s.state.message).toMatch(/0 of 1|of 1 node/);

    await fs.writeFile(flag, "");
    await eventually(async () => (await executions(id))[0]?.computeState.stateType === "RUNNING", { what: "RUNNING again" });
  }, 60_000);

  it("fails a rolling update whose new version never passes its probe, and rolls back", async () => {
    const spec = (probe: string) => ({
      name: "probed-fleet",
      type: "SERVICE",
      // A new probe (and here a new command) starts an update rollout; the rollback brings the old probe back.
      command: probe === "true" ? "sleep 300" : "sleep 301",
      selector: { matchLabels: { pool: "hp" } },
      deployment: {
        strategy: "ROLLING",
        maxParallel: 1,
        maxFailedNodes: 0,
        healthCheck: { deadline: "3s", minHealthyTime: "200ms", probe: { command: probe, interval: "200ms" } },
      },
    });
    const id = await submit(spec("true"));
    await eventually(async () => (await status(id)).rollout?.state === "SUCCEEDED", { what: "the first rollout", timeoutMs: 30_000 });
    await submit(spec("exit 1"));
    const failed = await eventually(async () => {
      const st = await status(id);
      return st.version >= 3 ? st : null;
    }, { what: "a rollback version", timeoutMs: 30_000 }).catch(async (err) => {
      throw new Error(`${err.message}\n${JSON.stringify(await status(id))}\n${JSON.stringify(await executions(id))}`);
    });
    expect(failed.version).toBe(3);
    await eventually(async () => (await status(id)).rollout?.state === "SUCCEEDED", { what: "the rollback to finish", timeoutMs: 30_000 });
    // A rollout succeeds once the new executions are healthy; the ones they replace may still be stopping.
    const runningVersions = async () =>
      (await executions(id)).filter((e: any) => e.computeState.stateType === "RUNNING").map((e: any) => e.jobVersion).sort();
    await eventually(async () => JSON.stringify(await runningVersions()) === "[3,3]", { what: "only v3 running", timeoutMs: 15_000 }).catch(async (err) => {
      throw new Error(`${err.message}: running versions ${JSON.stringify(await runningVersions())}`);
    });
  }, 90_000);
});
