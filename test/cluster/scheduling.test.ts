import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, startTestServer, type TestServer, submitJobId } from "../support/server.ts";
import { eventually, startReadyAgents, type AgentProcess } from "../support/agents.ts";

/**
 * The scheduler against real agent processes: three nodes with different
 * labels on loopback, each job type submitted through the API.
 */
describe("scheduling on real agents", () => {
  let t: TestServer;
  const agents: AgentProcess[] = [];

  beforeAll(async () => {
    t = await startTestServer("sqlite", { heartbeatTtlMs: 3000 });
    const specs = [
      { nodeId: "node-eu-1", labels: { region: "eu", tier: "edge" }, capacity: 1 },
      { nodeId: "node-eu-2", labels: { region: "eu", tier: "core" }, capacity: 4 },
      { nodeId: "node-us-1", labels: { region: "us", tier: "edge" }, capacity: 4 },
    ];
    agents.push(...(await startReadyAgents(t, specs)));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await t?.stop();
  });

  const submit = (input: Record<string, unknown>) => submitJobId(t, input);

  async function executions(jobId: string) {
    const r = await t.gql(
      `query($id: ID) { executions(jobId: $id, first: 100) { edges { node { id nodeId attempt exitCode runId
        computeState { stateType message details } desiredState { stateType } } } } }`,
      { id: jobId },
    );
    return r.data.executions.edges.map((e: any) => e.node) as any[];
  }

  async function trigger(jobId: string) {
    const r = await t.gql(`mutation($id: ID!) { triggerRun(jobId: $id) { run { id state } } }`, { id: jobId });
    expect(r.errors).toBeUndefined();
    return r.data.triggerRun.run.id as string;
  }

  async function run(runId: string) {
    const r = await t.gql(`query($id: ID!) { run(id: $id) { id state exitCode error message } }`, { id: runId });
    return r.data.run;
  }

  async function job(jobId: string) {
    const r = await t.gql(`query($id: ID) { job(id: $id) { status { state { stateType message } } } }`, { id: jobId });
    return r.data.job.status.state;
  }

  it("places a service on every READY node its selector matches, and nowhere else", async () => {
    const id = await submit({ name: "web", type: "SERVICE", command: "sleep 60", selector: { matchLabels: { region: "eu" } } });
    const running = await eventually(
      async () => {
        const ex = await executions(id);
        return ex.filter((e) => e.computeState.stateType === "RUNNING").length === 2 ? ex : null;
      },
      { what: "two running executions" },
    );
    expect(running.map((e) => e.nodeId).sort()).toEqual(["node-eu-1", "node-eu-2"]);
    expect(await eventually(async () => ((await job(id)).stateType === "RUNNING" ? await job(id) : null))).toMatchObject({
      message: "running on 2 nodes",
    });
    await t.gql(`mutation($id: ID) { stopJob(id: $id) { seq } }`, { id });
    await eventually(async () => (await executions(id)).every((e) => e.computeState.stateType === "STOPPED"), {
      what: "executions stopped",
    });
  });

  it("completes a batch run on exit code 0 and fails it with the exit code otherwise", async () => {
    const ok = await submit({ name: "ok", type: "BATCH", command: 'echo done; echo "{\\"changed\\": true, \\"data\\": {\\"rows\\": 3}}" > "$DROVER_RESULT_FILE"' });
    const bad = await submit({ name: "bad", type: "BATCH", command: "exit 3", restartPolicy: { policy: "NEVER" } });
    const [r1, r2] = [await trigger(ok), await trigger(bad)];
    const done = await eventually(async () => ((await run(r1)).state === "SUCCEEDED" ? run(r1) : null), { what: "run succeeded" });
    expect(done.exitCode).toBe(0);
    const failed = await eventually(async () => ((await run(r2)).state === "FAILED" ? run(r2) : null), { what: "run failed" });
    expect(failed.exitCode).toBe(3);
    // The seed's run fields: who ran it and what it answered; a failed run has no `changed`.
    const answered = async (id: string) => (await t.gql(`query($id: ID!) { run(id: $id) { hostname changed result } }`, { id })).data.run;
    const [hosts, okAnswer, badAnswer] = [(await t.gql(`{ nodes { edges { node { hostname } } } }`)).data.nodes.edges.map((e: any) => e.node.hostname), await answered(r1), await answered(r2)];
    expect(okAnswer).toMatchObject({ changed: true, result: { rows: 3 } });
    expect(hosts).toContain(okAnswer.hostname);
    expect(badAnswer).toMatchObject({ changed: null, result: null });
    expect(hosts).toContain(badAnswer.hostname);
    expect((await job(bad)).stateType).toBe("FAILED");
    await trigger(ok);
    await eventually(async () => {
      const r = await t.gql(`query($id: ID!) { runs(jobId: $id) { totalCount statusCounts { state count } edges { node { id state } } } }`, { id: ok });
      const c = r.data.runs;
      return c.totalCount === 2 && c.edges.every((e: any) => e.node.state === "SUCCEEDED") ? c : null;
    }, { what: "two succeeded runs" }).then((c) => {
      expect(c.edges[1].node.id).toBe(r1); // newest first
      expect(c.statusCounts).toEqual([{ state: "SUCCEEDED", count: 2 }]);
    });
    expect((await job(ok)).stateType).toBe("COMPLETED");
  });

  it("retries a failed batch run per the restart policy, only for the listed exit codes", async () => {
    const id = await submit({
      name: "flaky",
      type: "BATCH",
      command: "exit 7",
      restartPolicy: { policy: "ON_FAILURE", maxRetries: 2, backoff: "100ms", retryExitCodes: [7] },
    });
    const r = await trigger(id);
    await eventually(async () => ((await run(r)).state === "FAILED" ? true : null), { what: "run failed after retries" });
    const attempts = (await executions(id)).map((e) => e.attempt).sort();
    expect(attempts).toEqual([1, 2, 3]);
    // Each retry shows in the run's timeline, after the failure it answers.
    const timeline = (await t.gql(`query($id: ID!) { run(id: $id) { timeline { event message } } }`, { id: r })).data.run.timeline.map((t: any) => t.event);
    expect(timeline.filter((e: string) => e === "retried")).toHaveLength(2);
    expect(timeline.indexOf("failed")).toBeLessThan(timeline.indexOf("retried"));

    const other = await submit({
      name: "not-retried",
      type: "BATCH",
      command: "exit 9",
      restartPolicy: { policy: "ON_FAILURE", maxRetries: 2, backoff: "100ms", retryExitCodes: [7] },
    });
    const r2 = await trigger(other);
    const failed = await eventually(async () => ((await run(r2)).state === "FAILED" ? run(r2) : null));
    expect(failed.message).toContain("not in retryExitCodes");
    expect(await executions(other)).toHaveLength(1);
  });

  it("ends a broadcast with one failing node PARTIAL_FAILURE", async () => {
    const id = await submit({
      name: "patch",
      type: "OPS",
      command: 'echo "{\\"changed\\": true, \\"data\\": {\\"node\\": \\"$DROVER_NODE_ID\\"}}" > "$DROVER_RESULT_FILE"; test "$DROVER_NODE_ID" != node-us-1',
      selector: { matchExpressions: ["tier in (edge,core)"] },
    });
    const r = await trigger(id);
    const done = await eventually(async () => ((await run(r)).state === "PARTIAL_FAILURE" ? run(r) : null), {
      what: "partial failure",
    });
    expect(done.message).toBe("2/3 succeeded");
    const ex = await executions(id);
    expect(ex.map((e) => [e.nodeId, e.computeState.stateType]).sort()).toEqual([
      ["node-eu-1", "COMPLETE"],
      ["node-eu-2", "COMPLETE"],
      ["node-us-1", "FAILED"],
    ]);
    expect(await job(id)).toMatchObject({ stateType: "FAILED", message: "2/3 succeeded" });
    const rolled = await t.gql(`query($id: ID!) { run(id: $id) { hostname changed result } }`, { id: r });
    expect(rolled.data.run).toEqual({ hostname: null, changed: true, result: { "node-eu-1": { node: "node-eu-1" }, "node-eu-2": { node: "node-eu-2" } } });
    const responses = await t.gql(`query($id: ID!) { run(id: $id) { responses { nodeId status data changed error } } }`, { id: r });
    expect(responses.data.run.responses).toEqual([
      { nodeId: "node-eu-1", status: "completed", data: { node: "node-eu-1" }, changed: true, error: null },
      { nodeId: "node-eu-2", status: "completed", data: { node: "node-eu-2" }, changed: true, error: null },
      { nodeId: "node-us-1", status: "failed", data: { node: "node-us-1" }, changed: true, error: expect.stringContaining("exit") },
    ]);

    // A retry covers only the node that failed; the old run names the new one.
    const retried = await t.gql(`mutation($id: ID!) { retryRun(id: $id) { id trigger retryOfRunId nodeIds } }`, { id: r });
    expect(retried.errors).toBeUndefined();
    const retry = retried.data.retryRun;
    expect(retry).toMatchObject({ trigger: "RETRY", retryOfRunId: r, nodeIds: ["node-us-1"] });
    const second = await eventually(async () => ((await run(retry.id)).state === "FAILED" ? run(retry.id) : null), { what: "retry finished" });
    expect(second.message).toBe("0/1 succeeded");
    const old = await t.gql(`query($id: ID!) { run(id: $id) { retriedByRunId timeline { event message } agentStates { nodeId status } } }`, { id: r });
    expect(old.data.run.retriedByRunId).toBe(retry.id);
    expect(old.data.run.timeline).toContainEqual({ event: "retried", message: `retried by ${retry.id}` });
    expect(old.data.run.agentStates.map((a: any) => a.status)).toEqual(["completed", "completed", "failed"]);
    const twice = await t.gql(`mutation($id: ID!) { retryRun(id: $id) { id } }`, { id: r });
    expect(twice.errors?.[0].extensions?.code).toBe("CONFLICT");
  });

  it("queues batch runs when capacity is full and starts them when it frees", async () => {
    // node-eu-1 has capacity 1; the job runs only there.
    const id = await submit({ name: "one-at-a-time", type: "BATCH", command: "sleep 1", selector: { matchIds: ["node-eu-1"] } });
    const first = await trigger(id);
    await eventually(async () => ((await run(first)).state === "RUNNING" ? true : null), { what: "first run running" });
    const forbidden = await t.gql(`mutation($id: ID!) { triggerRun(jobId: $id, overlapPolicy: FORBID) { run { id } } }`, { id });
    expect(forbidden.errors?.[0].extensions).toMatchObject({ code: "INVALID_STATE", field: "overlapPolicy" });
    const keyed = async (overlapPolicy?: string) =>
      t.gql(`mutation($id: ID!, $p: OverlapPolicy) { triggerRun(jobId: $id, idempotencyKey: "k-1", overlapPolicy: $p) { created run { id } } }`, { id, p: overlapPolicy });
    const k1 = await keyed();
    const k2 = await keyed();
    expect(k1.data.triggerRun.created).toBe(true);
    expect(k2.data.triggerRun).toEqual({ created: false, run: k1.data.triggerRun.run });
    expect((await keyed("ALLOW")).errors?.[0].extensions).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });
    await t.gql(`mutation($id: ID!) { cancelRun(id: $id) { state } }`, { id: k1.data.triggerRun.run.id });
    const second = await trigger(id);
    const queued = await eventually(async () => ((await run(second)).state === "QUEUED" ? run(second) : null), { what: "second queued" });
    expect(queued.message).toContain("full");
    await eventually(async () => ((await run(second)).state === "SUCCEEDED" ? true : null), { what: "second succeeded" });
    expect((await run(first)).state).toBe("SUCCEEDED");
  });

  it("wakes another job's queued run when capacity frees, without any node event", async () => {
    // node-eu-1 has capacity 1: the holder's run fills it, the waiter's run queues behind it.
    const holder = await submit({ name: "holder", type: "BATCH", command: "sleep 2", selector: { matchIds: ["node-eu-1"] } });
    const waiter = await submit({ name: "waiter", type: "BATCH", command: "true", priority: 90, selector: { matchIds: ["node-eu-1"] } });
    const held = await trigger(holder);
    await eventually(async () => ((await run(held)).state === "RUNNING" ? true : null), { what: "holder running" });
    const queued = await trigger(waiter);
    await eventually(async () => ((await run(queued)).state === "QUEUED" ? true : null), { what: "waiter queued" });
    await eventually(async () => ((await run(held)).state === "SUCCEEDED" ? true : null), { what: "holder done", timeoutMs: 20_000 });
    // Only the holder's job was evaluated when its run ended; the waiter starts because the freed slot woke it.
    await eventually(async () => ((await run(queued)).state === "SUCCEEDED" ? true : null), { what: "waiter ran", timeoutMs: 20_000 });
    const evals = await t.gql(`query($id: ID) { evaluations(jobId: $id) { edges { node { triggeredBy } } } }`, { id: waiter });
    expect(evals.data.evaluations.edges.map((e: any) => e.node.triggeredBy)).toContain("capacity-freed");
  });

  it("explains a placement that matches no node, naming the filter", async () => {
    const id = await submit({ name: "nowhere", type: "SERVICE", command: "sleep 60", selector: { matchLabels: { region: "mars" } } });
    const state = await eventually(async () => {
      const s = await job(id);
      return s.message.includes("mars") ? s : null;
    });
    expect(state).toMatchObject({ stateType: "PENDING", message: "not placed: 0 of 3 nodes match region=mars" });
    const evals = await t.gql(`query($id: ID) { evaluations(jobId: $id, status: BLOCKED) { edges { node { placement } } } }`, { id });
    const placement = evals.data.evaluations.edges.at(-1).node.placement;
    expect(placement.steps).toContainEqual({ check: "selector", term: "region=mars", filteredOut: 3, remaining: 0 });
  });

  it("enforces executionTimeout (the agent kills it) and queueTimeout", async () => {
    const slow = await submit({ name: "slow", type: "BATCH", command: "sleep 30", timeouts: { executionTimeout: 1 }, restartPolicy: { policy: "NEVER" } });
    const r = await trigger(slow);
    const failed = await eventually(async () => ((await run(r)).state === "FAILED" ? run(r) : null), { what: "execution timeout" });
    expect(failed.error).toContain("execution timeout");
    const [ex] = await executions(slow);
    expect(ex.computeState.details.code).toBe("EXECUTION_TIMEOUT");

    const stuck = await submit({ name: "stuck", type: "BATCH", command: "true", selector: { matchLabels: { region: "mars" } }, timeouts: { queueTimeout: 1 } });
    const r2 = await trigger(stuck);
    const timedOut = await eventually(async () => ((await run(r2)).state === "FAILED" ? run(r2) : null), { what: "queue timeout" });
    expect(timedOut.error).toBe("queue timeout (1s) exceeded");
  });

  it("enforces totalTimeout across retries", async () => {
    const id = await submit({
      name: "forever",
      type: "BATCH",
      command: "sleep 0.3; exit 1",
      timeouts: { totalTimeout: 2 },
      restartPolicy: { policy: "ON_FAILURE", maxRetries: 100, backoff: "100ms", maxBackoff: "100ms" },
    });
    const r = await trigger(id);
    const failed = await eventually(async () => ((await run(r)).state === "FAILED" ? run(r) : null), { what: "total timeout" });
    expect(failed.error).toBe("total timeout (2s) exceeded");
    expect((await executions(id)).length).toBeGreaterThan(1);
  });

  it("drains a node: its service work moves away, and undraining brings it back; node and execution events stream", async () => {
    const id = await submit({ name: "drained", type: "SERVICE", command: "sleep 60", selector: { matchExpressions: ["region in (eu)"] } });
    await eventually(async () => (await executions(id)).filter((e) => e.computeState.stateType === "RUNNING").length === 2, {
      what: "two running",
    });
    const ws = t.ws();
    const nodeEvents = collect(ws, `subscription { nodeEvents(nodeId: "node-eu-2", after: 0) { seq type node { state } } }`, {});
    const execEvents = collect(ws, `subscription($id: ID) { executionEvents(jobId: $id, after: 0) { seq type execution { nodeId computeState { stateType } } } }`, { id });

    const drained = await t.gql(`mutation { drainNode(id: "node-eu-2") { node { state } } }`);
    expect(drained.data.drainNode.node.state).toBe("DRAINING");
    await eventually(async () => {
      const ex = await executions(id);
      return ex.some((e) => e.nodeId === "node-eu-2" && e.computeState.stateType === "STOPPED") ? true : null;
    }, { what: "execution on the drained node stopped" });
    const live = (await executions(id)).filter((e) => e.desiredState.stateType === "RUNNING");
    expect(live.map((e) => e.nodeId)).toEqual(["node-eu-1"]);

    await t.gql(`mutation { drainNode(id: "node-eu-2", drain: false) { node { state } } }`);
    await eventually(async () => {
      const ex = await executions(id);
      return ex.filter((e) => e.nodeId === "node-eu-2" && e.computeState.stateType === "RUNNING").length === 1 ? true : null;
    }, { what: "a new execution on the undrained node" });

    const ne = await nodeEvents.waitFor(4);
    expect(ne.map((e: any) => e.nodeEvents.type)).toEqual(expect.arrayContaining(["NODE_REGISTERED", "NODE_STATE_CHANGED"]));
    expect(ne.map((e: any) => e.nodeEvents.node.state)).toEqual(expect.arrayContaining(["DRAINING", "READY"]));
    const ee = await execEvents.waitFor(6);
    expect(ee.map((e: any) => e.executionEvents.type)).toEqual(
      expect.arrayContaining(["EXECUTION_CREATED", "EXECUTION_STATE_CHANGED", "EXECUTION_DESIRED_CHANGED"]),
    );
    const seqs = ee.map((e: any) => e.executionEvents.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    nodeEvents.stop();
    execEvents.stop();
    await t.gql(`mutation($id: ID) { stopJob(id: $id) { seq } }`, { id });
  });

  it("dry run returns the scheduler's own plan and explanation, writing nothing", async () => {
    const q = `mutation($input: SubmitJobInput!) { submitJob(input: $input) { dryRun job { id } plan { place stop explanation } } }`;
    const eu = await t.gql(q, { input: { name: "preview", type: "SERVICE", command: "sleep 1", selector: { matchLabels: { region: "eu" } }, dryRun: true } });
    expect(eu.errors).toBeUndefined();
    expect(eu.data.submitJob).toMatchObject({ dryRun: true, job: null });
    expect([...eu.data.submitJob.plan.place].sort()).toEqual(["node-eu-1", "node-eu-2"]);
    const mars = await t.gql(q, { input: { name: "preview", type: "BATCH", command: "true", selector: { matchLabels: { region: "mars" } }, dryRun: true } });
    expect(mars.data.submitJob.plan.place).toEqual([]);
    expect(mars.data.submitJob.plan.explanation.sentence).toBe("0 of 3 nodes match region=mars");
    const found = await t.gql(`{ job(name: "preview") { id } }`);
    expect(found.data.job).toBeNull();
  });
});
