import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, startTestServer, type TestServer } from "../support/server.ts";
import { eventually, startReadyAgents, type AgentProcess } from "../support/agents.ts";

/** Rollouts over six real agent processes. */
describe("rollouts", () => {
  let t: TestServer;
  const agents: AgentProcess[] = [];
  const NODES = ["node-r1", "node-r2", "node-r3", "node-r4", "node-r5", "node-r6"];

  beforeAll(async () => {
    t = await startTestServer("sqlite", { heartbeatTtlMs: 5000 });
    agents.push(...(await startReadyAgents(t, NODES.map((nodeId) => ({ nodeId, labels: { fleet: "r" } })))));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await t?.stop();
  });

  const submit = async (input: Record<string, unknown>) => {
    const r = await t.gql(`mutation($input: SubmitJobInput!) { submitJob(input: $input) { job { id status { version } } } }`, { input });
    expect(r.errors).toBeUndefined();
    return r.data.submitJob.job as { id: string; status: { version: number } };
  };
  const ROLLOUT = "id type state currentWave totalWaves totalNodes updatedNodes failedNodes rollbackToVersion canaryNodes canaryPromoted";
  /** `rollout` here is the newest rollout, in progress or ended (status.rollout ?? status.lastRollout); `current` is status.rollout as served. */
  const status = async (id: string) => {
    const s = (await t.gql(`query($id: ID) { job(id: $id) { status { version deploymentId state { stateType message } rollout { ${ROLLOUT} } lastRollout { ${ROLLOUT} } } } }`, { id })).data.job.status;
    return { ...s, current: s.rollout, rollout: s.rollout ?? s.lastRollout };
  };
  const runningVersions = async (id: string) => {
    const r = await t.gql(`query($id: ID) { executions(jobId: $id, state: RUNNING, first: 100) { edges { node { nodeId jobVersion desiredState { stateType } } } } }`, { id });
    return r.data.executions.edges.map((e: any) => e.node).filter((e: any) => e.desiredState.stateType === "RUNNING");
  };
  const rolling = (command: string, extra: Record<string, unknown> = {}) => ({
    name: "fleet",
    type: "SERVICE",
    command,
    selector: { matchLabels: { fleet: "r" } },
    deployment: { strategy: "ROLLING", maxParallel: 2, healthCheck: { deadline: "10s", minHealthyTime: "500ms" }, maxFailedNodes: 0, ...extra },
  });

  it("rolls an update over 6 nodes in waves of 2, wave by wave, observed through rolloutEvents", async () => {
    const v1 = await submit(rolling("sleep 300"));
    await eventually(async () => ((await status(v1.id)).rollout?.state === "SUCCEEDED" ? true : null), { what: "create rollout", timeoutMs: 30_000 });
    expect((await status(v1.id)).state.stateType).toBe("RUNNING");

    const events = collect(t.ws(), `subscription($id: ID!) { rolloutEvents(jobId: $id) { seq type rollout { type toVersion currentWave updatedNodes state } } }`, { id: v1.id });
    await new Promise((r) => setTimeout(r, 200));
    const v2 = await submit(rolling("sleep 301"));
    expect(v2.status.version).toBe(2);
    // While wave 1 is being checked, only its two nodes run v2.
    const first = await eventually(async () => {
      const ex = await runningVersions(v1.id);
      const fresh = ex.filter((e: any) => e.jobVersion === 2);
      return fresh.length >= 1 ? ex : null;
    });
    expect(first.filter((e: any) => e.jobVersion === 2).length).toBeLessThanOrEqual(2);
    // In progress: status.rollout and deploymentId name it.
    const moving = await status(v1.id);
    expect(moving.current).toMatchObject({ type: "UPDATE", state: "RUNNING" });
    expect(moving.deploymentId).toBe(moving.current.id);
    await eventually(async () => ((await status(v1.id)).rollout?.state === "SUCCEEDED" ? true : null), { what: "update rollout", timeoutMs: 30_000 });
    const done = await status(v1.id);
    expect(done.rollout).toMatchObject({ type: "UPDATE", totalWaves: 3, currentWave: 3, totalNodes: 6, updatedNodes: 6, failedNodes: 0, rollbackToVersion: 1 });
    // Ended: the seeds' status.rollout is empty and deploymentId too; the finished one is lastRollout, with its final state.
    expect(done.current).toBeNull();
    expect(done.deploymentId).toBeNull();
    expect(done.rollout.id).toBe(moving.current.id);
    expect((await runningVersions(v1.id)).map((e: any) => e.jobVersion)).toEqual([2, 2, 2, 2, 2, 2]);
    await events.waitFor(4, 5000);
    events.stop();
    const seen = events.items.map((e: any) => e.rolloutEvents).filter((e: any) => e.rollout.toVersion === 2);
    expect(seen[0]).toMatchObject({ type: "ROLLOUT_STARTED", rollout: { toVersion: 2, currentWave: 1 } });
    const waves = seen.filter((e: any) => e.type === "ROLLOUT_WAVE_STARTED").map((e: any) => [e.rollout.currentWave, e.rollout.updatedNodes]);
    expect(waves).toEqual([
      [2, 2],
      [3, 4],
    ]);
    expect(seen.at(-1)).toMatchObject({ type: "ROLLOUT_COMPLETED", rollout: { state: "SUCCEEDED", updatedNodes: 6 } });
  });

  it("halts a broken version on the failure budget and rolls back to the last good one", async () => {
    const before = await status((await t.gql(`{ job(name: "fleet") { id } }`)).data.job.id);
    expect(before.version).toBe(2);
    const id = (await t.gql(`{ job(name: "fleet") { id } }`)).data.job.id;
    const v3 = await submit(rolling("exit 1", { healthCheck: { deadline: "5s", minHealthyTime: "500ms" } }));
    expect(v3.status.version).toBe(3);
    const rolledBack = await eventually(async () => {
      const s = await status(id);
      return s.version === 4 && s.rollout?.type === "ROLLBACK" && s.rollout.state === "SUCCEEDED" ? s : null;
    }, { what: "rollback to finish", timeoutMs: 40_000 });
    expect(rolledBack.state.stateType).toBe("RUNNING");
    const versions = await t.gql(`query($id: ID!) { jobVersions(jobId: $id) { version sourceVersion spec { command } } }`, { id });
    expect(versions.data.jobVersions[0]).toEqual({ version: 4, sourceVersion: 2, spec: { command: "sleep 301" } });
    const running = await eventually(async () => {
      const ex = await runningVersions(id);
      return ex.length === 6 && ex.every((e: any) => e.jobVersion === 4) ? ex : null;
    }, { what: "every node on v4" });
    expect(running).toHaveLength(6);
  });

  it("pauses a canary until it is promoted, then completes", async () => {
    const id = (await t.gql(`{ job(name: "fleet") { id } }`)).data.job.id;
    await submit({ ...rolling("sleep 302"), deployment: { strategy: "CANARY", canaryCount: 1, maxParallel: 3, healthCheck: { deadline: "10s", minHealthyTime: "500ms" } } });
    const paused = await eventually(async () => {
      const s = await status(id);
      return s.state.stateType === "ROLLOUT_PAUSED" ? s : null;
    }, { what: "canary paused", timeoutMs: 30_000 });
    expect(paused.rollout).toMatchObject({ state: "PAUSED", currentWave: 1, canaryPromoted: false });
    expect(paused.current).toMatchObject({ state: "PAUSED" }); // paused is still in progress
    expect(paused.rollout.canaryNodes).toHaveLength(1);
    const resume = await t.gql(`mutation($id: ID!) { resumeRollout(jobId: $id) { state } }`, { id });
    expect(resume.errors?.[0].extensions?.code).toBe("INVALID_STATE");
    const promoted = await t.gql(`mutation($id: ID!) { promoteRollout(jobId: $id) { state canaryPromoted } }`, { id });
    expect(promoted.data.promoteRollout).toEqual({ state: "RUNNING", canaryPromoted: true });
    await eventually(async () => ((await status(id)).rollout?.state === "SUCCEEDED" ? true : null), { what: "canary rollout done", timeoutMs: 30_000 });
    expect((await runningVersions(id)).map((e: any) => e.jobVersion)).toEqual([5, 5, 5, 5, 5, 5]);
  });

  const fleetId = async () => (await t.gql(`{ job(name: "fleet") { id } }`)).data.job.id as string;
  const until = async (id: string, pred: (s: any) => boolean, what: string) => {
    let last: any = null;
    try {
      return await eventually(async () => {
        last = await status(id);
        return pred(last) ? last : null;
      }, { what, timeoutMs: 20_000 });
    } catch (err) {
      throw new Error(`${(err as Error).message}; status: ${JSON.stringify(last)}`);
    }
  };

  it("leaves a failed rollout ROLLOUT_FAILED with noAutoRollback; rollbackJob then returns to the last stable version", async () => {
    const id = await fleetId();
    const v6 = await submit(rolling("exit 1", { noAutoRollback: true, healthCheck: { deadline: "5s", minHealthyTime: "500ms" } }));
    expect(v6.status.version).toBe(6);
    const failed = await until(id, (s) => s.state.stateType === "ROLLOUT_FAILED", "ROLLOUT_FAILED");
    expect(failed.version).toBe(6);
    expect(failed.rollout).toMatchObject({ state: "FAILED", rollbackToVersion: 5 });
    // A halted rollout has ended: the job says ROLLOUT_FAILED, the rollout is lastRollout.
    expect(failed.current).toBeNull();
    expect(failed.deploymentId).toBeNull();
    expect(failed.state.message).toMatch(/^halted: \d+ failed nodes? exceed the budget of 0$/);
    const rb = await t.gql(`mutation($id: ID!) { rollbackJob(jobId: $id) { status { version } } }`, { id });
    expect(rb.data.rollbackJob.status.version).toBe(7);
    const done = await until(id, (s) => s.rollout?.type === "ROLLBACK" && s.rollout.state === "SUCCEEDED", "explicit rollback");
    expect(done.state.stateType).toBe("RUNNING");
    const versions = await t.gql(`query($id: ID!) { jobVersions(jobId: $id) { version sourceVersion } }`, { id });
    expect(versions.data.jobVersions[0]).toEqual({ version: 7, sourceVersion: 5 });
  });

  it("pauses mid-rollout and resumes", async () => {
    const id = await fleetId();
    await submit(rolling("sleep 303", { healthCheck: { deadline: "20s", minHealthyTime: "1500ms" } }));
    await until(id, (s) => s.rollout?.toVersion !== undefined || s.rollout?.state === "RUNNING", "rollout running");
    const paused = await t.gql(`mutation($id: ID!) { pauseRollout(jobId: $id) { state currentWave } }`, { id });
    expect(paused.data.pauseRollout).toEqual({ state: "PAUSED", currentWave: 1 });
    await new Promise((r) => setTimeout(r, 2500));
    const held = await status(id);
    expect(held.state.stateType).toBe("ROLLOUT_PAUSED");
    expect(held.rollout).toMatchObject({ state: "PAUSED", currentWave: 1 });
    expect((await runningVersions(id)).filter((e: any) => e.jobVersion === 8).length).toBeLessThanOrEqual(2);
    const resumed = await t.gql(`mutation($id: ID!) { resumeRollout(jobId: $id) { state } }`, { id });
    expect(resumed.data.resumeRollout.state).toBe("RUNNING");
    await until(id, (s) => s.rollout?.state === "SUCCEEDED", "resumed rollout to finish");
    expect((await runningVersions(id)).map((e: any) => e.jobVersion)).toEqual([8, 8, 8, 8, 8, 8]);
  });

  it("promotes a canary by itself with autoPromote; canaryPercent rounds up", async () => {
    const id = await fleetId();
    await submit({ ...rolling("sleep 304"), deployment: { strategy: "CANARY", canaryPercent: 34, autoPromote: true, maxParallel: 0, healthCheck: { deadline: "10s", minHealthyTime: "500ms" } } });
    const done = await until(id, (s) => s.version === 9 && s.rollout?.state === "SUCCEEDED", "auto-promoted canary");
    expect(done.rollout.canaryNodes).toHaveLength(3);
    expect(done.rollout.totalWaves).toBe(2);
  });

  it("halts a wave whose error rate exceeds maxErrorRate, within the node budget", async () => {
    const id = await fleetId();
    await submit(
      rolling('if [ "$DROVER_NODE_ID" = node-r1 ]; then exit 1; fi; sleep 305', {
        maxFailedNodes: 10,
        maxFailedNodesPercent: 50,
        noAutoRollback: true,
        healthCheck: { deadline: "10s", minHealthyTime: "500ms", maxErrorRate: 0.4 },
      }),
    );
    const failed = await until(id, (s) => s.state.stateType === "ROLLOUT_FAILED", "error rate halt");
    expect(failed.state.message).toContain("error rate 0.50 exceeds maxErrorRate 0.4");
    expect(failed.rollout).toMatchObject({ failedNodes: 1, currentWave: 1 });
  });

  it("restarts every execution of the same version with restartJob", async () => {
    const id = await fleetId();
    await t.gql(`mutation($id: ID!) { rollbackJob(jobId: $id, toVersion: 9) { status { version } } }`, { id });
    await until(id, (s) => s.rollout?.type === "ROLLBACK" && s.rollout.state === "SUCCEEDED", "back on good version");
    const before = await t.gql(`query($id: ID) { executions(jobId: $id, state: RUNNING, first: 100) { edges { node { id } } } }`, { id });
    const version = (await status(id)).version;
    const r = await t.gql(`mutation($id: ID!) { restartJob(jobId: $id) { status { version } } }`, { id });
    expect(r.data.restartJob.status.version).toBe(version);
    const done = await until(id, (s) => s.rollout?.type === "RESTART" && s.rollout.state === "SUCCEEDED", "restart rollout");
    expect(done.rollout.updatedNodes).toBe(6);
    const after = await t.gql(`query($id: ID) { executions(jobId: $id, state: RUNNING, first: 100) { edges { node { id } } } }`, { id });
    const old = new Set(before.data.executions.edges.map((e: any) => e.node.id));
    expect(after.data.executions.edges.filter((e: any) => old.has(e.node.id))).toEqual([]);
  });
});
