import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, startTestServer, type TestServer } from "../support/server.ts";
import { eventually, startAgent, type AgentProcess } from "../support/agents.ts";

describe("the agent's API and what agents report", () => {
  let t: TestServer;
  const agents: AgentProcess[] = [];

  beforeAll(async () => {
    t = await startTestServer("sqlite", { heartbeatTtlMs: 5000 });
  });

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await t?.stop();
  });

  it("refuses a compact log batch whose lists differ in length, naming the batch, and stores nothing", async () => {
    const token = (await t.gql(`mutation { registerNode(input: { nodeId: "node-batch-a", hostname: "h", capacity: 1 }) { token } }`)).data.registerNode.token;
    const r = await t.gql(
      `mutation($b: [LogBatchInput!]!) { reportLogs(nodeId: "node-batch-a", batches: $b) }`,
      { b: [{ executionId: "exec-none", lineNos: [1, 2], streams: ["stdout"], at: [new Date().toISOString()], texts: ["a", "b"] }] },
      { token },
    );
    expect(r.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "batches.0" });
    expect(await t.services().db.prisma.logLine.count({ where: { executionId: "exec-none" } })).toBe(0);
  });

  it("binds a node token to its node: it may report only for that node, and nothing else", async () => {
    const reg = async (nodeId: string) =>
      (await t.gql(`mutation($id: String!) { registerNode(input: { nodeId: $id, hostname: "h", capacity: 1 }) { token } }`, { id: nodeId }))
        .data.registerNode.token as string;
    const a = await reg("node-token-a");
    await reg("node-token-b");
    const own = await t.gql(`mutation { heartbeat(nodeId: "node-token-a") { node { state } } }`, undefined, { token: a });
    expect(own.errors).toBeUndefined();
    const other = await t.gql(`mutation { heartbeat(nodeId: "node-token-b") { node { state } } }`, undefined, { token: a });
    expect(other.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const read = await t.gql(`{ jobs { totalCount } }`, undefined, { token: a });
    expect(read.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const register = await t.gql(`mutation { registerNode(input: { nodeId: "node-token-c", hostname: "h", capacity: 1 }) { token } }`, undefined, { token: a });
    expect(register.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const badId = await t.gql(`mutation { registerNode(input: { nodeId: "worker-1", hostname: "h", capacity: 1 }) { token } }`);
    expect(badId.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "nodeId" });
  });

  it("lets a join token register nodes up to its limit", async () => {
    const join = await t.gql(`mutation { createJoinToken(name: "ci", maxUses: 1) { token } }`);
    const token = join.data.createJoinToken.token;
    const first = await t.gql(`mutation { registerNode(input: { nodeId: "node-join-1", hostname: "h", capacity: 1 }) { node { id } } }`, undefined, { token });
    expect(first.errors).toBeUndefined();
    const second = await t.gql(`mutation { registerNode(input: { nodeId: "node-join-2", hostname: "h", capacity: 1 }) { node { id } } }`, undefined, { token });
    expect(second.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });

  it("gives a late-joining matching node its own execution of a running service", async () => {
    const sub = await t.gql(`mutation { submitJob(input: { name: "everywhere", type: SERVICE, command: "sleep 60", selector: { matchLabels: { role: "web" } } }) { job { id } } }`);
    const id = sub.data.submitJob.job.id;
    agents.push(await startAgent({ url: t.server.url, token: t.token, nodeId: "node-web-1", labels: { role: "web" } }));
    const running = (n: number) =>
      eventually(async () => {
        const r = await t.gql(`query($id: ID) { executions(jobId: $id, state: RUNNING) { edges { node { nodeId } } } }`, { id });
        return r.data.executions.edges.length === n ? r.data.executions.edges.map((e: any) => e.node.nodeId) : null;
      }, { what: `${n} running` });
    expect(await running(1)).toEqual(["node-web-1"]);
    agents.push(await startAgent({ url: t.server.url, token: t.token, nodeId: "node-web-2", labels: { role: "web" } }));
    expect((await running(2)).sort()).toEqual(["node-web-1", "node-web-2"]);
    await t.gql(`mutation($id: ID) { stopJob(id: $id) { seq } }`, { id });
  });

  it("fails a job with an image on a node without a container runtime, saying so", async () => {
    const sub = await t.gql(`mutation { submitJob(input: { name: "boxed", type: BATCH, image: "alpine:3", command: "true", restartPolicy: { policy: NEVER }, selector: { matchIds: ["node-web-1"] } }) { job { id } } }`);
    const id = sub.data.submitJob.job.id;
    const run = await t.gql(`mutation($id: ID!) { triggerRun(jobId: $id) { run { id } } }`, { id });
    const runId = run.data.triggerRun.run.id;
    const failed = await eventually(async () => {
      const r = await t.gql(`query($id: ID!) { run(id: $id) { state error } }`, { id: runId });
      return r.data.run.state === "FAILED" ? r.data.run : null;
    });
    expect(failed.error).toMatch(/image alpine:3 needs a container runtime/);
    const ex = await t.gql(`query($id: ID) { executions(jobId: $id) { edges { node { computeState { details } } } } }`, { id });
    expect(ex.data.executions.edges[0].node.computeState.details.code).toBe("NO_CONTAINER_RUNTIME");
  });

  it("stores cpu and memory samples of a busy process and follows its log live", async () => {
    const sub = await t.gql(
      `mutation { submitJob(input: { name: "busy", type: BATCH, selector: { matchIds: ["node-web-2"] },
        command: "node -e 'const b=Buffer.alloc(64*1024*1024,1); const end=Date.now()+2500; let i=0; while(Date.now()<end){i++; if(i%5e6===0) console.log(\\"tick\\", i)} console.log(b[0])'" }) { job { id } } }`,
    );
    expect(sub.errors).toBeUndefined();
    const id = sub.data.submitJob.job.id;
    const run = await t.gql(`mutation($id: ID!) { triggerRun(jobId: $id) { run { id } } }`, { id });
    const runId = run.data.triggerRun.run.id;
    const ex = await eventually(async () => {
      const r = await t.gql(`query($id: ID) { executions(jobId: $id) { edges { node { id } } } }`, { id });
      return r.data.executions.edges[0]?.node.id;
    });
    const follower = collect(t.ws(), `subscription($id: ID!) { logLines(executionId: $id) { lines { lineNo text } } }`, { id: ex });
    await eventually(async () => {
      const r = await t.gql(`query($id: ID!) { run(id: $id) { state } }`, { id: runId });
      return r.data.run.state === "SUCCEEDED";
    }, { what: "busy run to finish" });
    const samples = await t.services().db.prisma.metricSample.findMany({ where: { executionId: ex }, orderBy: { sampleNo: "asc" } });
    expect(samples.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...samples.map((m) => m.cpuCores))).toBeGreaterThan(0.5);
    expect(Math.max(...samples.map((m) => m.memoryBytes))).toBeGreaterThanOrEqual(64 * 1024 * 1024);
    const metrics = await t.gql(
      `query($id: ID) { metrics(jobId: $id, names: ["cpu_usage", "memory_usage", "disk_usage"], since: "5m", step: "1s") { name status error unit points { at value } } }`,
      { id },
    );
    const [cpu, mem, disk] = metrics.data.metrics;
    expect(cpu).toMatchObject({ name: "cpu_usage", status: "success", unit: "cores" });
    expect(Math.max(...cpu.points.map((p: any) => p.value))).toBeGreaterThan(0.5);
    expect(mem).toMatchObject({ name: "memory_usage", status: "success", unit: "bytes" });
    expect(Math.max(...mem.points.map((p: any) => p.value))).toBeGreaterThanOrEqual(64 * 1024 * 1024);
    expect(disk).toMatchObject({ name: "disk_usage", status: "error", points: [] });
    const batches = await follower.waitFor(1);
    await eventually(async () => {
      const all = follower.items.flatMap((b: any) => b.logLines.lines);
      return all.length > 0 && all[all.length - 1].text === "1";
    }, { what: "the last line through logLines" });
    const lines = follower.items.flatMap((b: any) => b.logLines.lines);
    expect(lines.map((l: any) => l.lineNo)).toEqual(lines.map((_: unknown, i: number) => i + 1));
    expect(batches.length).toBeGreaterThan(0);
    follower.stop();
  });

  it("cancels a running run, killing its process; cancelling a finished run is INVALID_STATE", async () => {
    const marker = `drover-cancel-${process.pid}`;
    const sub = await t.gql(`mutation { submitJob(input: { name: "cancellable", type: BATCH, command: "sleep 30 # ${marker}", selector: { matchIds: ["node-web-1"] } }) { job { id } } }`);
    const id = sub.data.submitJob.job.id;
    const events = collect(t.ws(), `subscription($id: ID) { runEvents(jobId: $id, after: 0) { seq type run { state } } }`, { id });
    const runId = (await t.gql(`mutation($id: ID!) { triggerRun(jobId: $id) { run { id } } }`, { id })).data.triggerRun.run.id;
    await eventually(async () => (await t.gql(`query($id: ID!) { run(id: $id) { state } }`, { id: runId })).data.run.state === "RUNNING", { what: "running" });
    const pgrep = () => {
      try {
        return execFileSync("pgrep", ["-f", marker]).toString().trim();
      } catch {
        return "";
      }
    };
    expect(pgrep()).not.toBe("");
    const cancelled = await t.gql(`mutation($id: ID!) { cancelRun(id: $id, reason: "no longer needed") { state message } }`, { id: runId });
    expect(cancelled.data.cancelRun).toEqual({ state: "CANCELLED", message: "no longer needed" });
    await eventually(async () => pgrep() === "", { what: "the process to be killed" });
    const ex = await eventually(async () => {
      const r = await t.gql(`query($id: ID) { executions(jobId: $id) { edges { node { computeState { stateType } } } } }`, { id });
      return r.data.executions.edges[0].node.computeState.stateType === "STOPPED" ? true : null;
    });
    expect(ex).toBe(true);
    const again = await t.gql(`mutation($id: ID!) { cancelRun(id: $id) { state } }`, { id: runId });
    expect(again.errors?.[0].extensions).toMatchObject({ code: "INVALID_STATE", field: "id" });
    const seen = await events.waitFor(3);
    expect(seen.map((e: any) => [e.runEvents.type, e.runEvents.run.state])).toEqual(
      expect.arrayContaining([["RUN_CREATED", "PENDING"], ["RUN_STATE_CHANGED", "CANCELLED"]]),
    );
    events.stop();
  });

  it("merges a job's logs from every execution, labelled, with substring and regular-expression filters", async () => {
    const sub = await t.gql(`mutation { submitJob(input: { name: "chatty", type: OPS, command: "echo hello from $DROVER_NODE_ID; echo error: boom >&2", selector: { matchLabels: { role: "web" } } }) { job { id } } }`);
    const id = sub.data.submitJob.job.id;
    const follower = collect(t.ws(), `subscription($id: ID) { logLines(jobId: $id) { lines { nodeId executionId lineNo text } } }`, { id });
    await new Promise((r) => setTimeout(r, 200));
    const runId = (await t.gql(`mutation($id: ID!) { triggerRun(jobId: $id) { run { id } } }`, { id })).data.triggerRun.run.id;
    await eventually(async () => (await t.gql(`query($id: ID!) { run(id: $id) { state } }`, { id: runId })).data.run.state === "SUCCEEDED", { what: "broadcast done" });
    await eventually(async () => follower.items.flatMap((b: any) => b.logLines.lines).length >= 4, { what: "four followed lines" });
    const followed = follower.items.flatMap((b: any) => b.logLines.lines);
    follower.stop();
    expect(followed).toHaveLength(4);
    expect(new Set(followed.map((l: any) => `${l.executionId}:${l.lineNo}`)).size).toBe(4);
    expect(followed.filter((l: any) => l.text.startsWith("hello")).map((l: any) => l.text.replace("hello from ", "")).sort()).toEqual(
      followed.filter((l: any) => l.text.startsWith("hello")).map((l: any) => l.nodeId).sort(),
    );
    const logs = (vars: Record<string, unknown>) =>
      t.gql(`query($id: ID, $filter: String, $since: String, $order: LogOrder) { logs(jobId: $id, filter: $filter, since: $since, order: $order) { nodeId executionId stream text } }`, { id, ...vars });
    const all = await eventually(async () => {
      const r = await logs({});
      return r.data.logs.length === 4 ? r.data.logs : null;
    }, { what: "four lines" });
    expect(all.map((l: any) => l.text).sort()).toEqual(["error: boom", "error: boom", "hello from node-web-1", "hello from node-web-2"]);
    expect(new Set(all.map((l: any) => l.nodeId))).toEqual(new Set(["node-web-1", "node-web-2"]));
    expect(new Set(all.map((l: any) => l.executionId)).size).toBe(2);
    expect((await logs({ filter: "error" })).data.logs.map((l: any) => l.stream)).toEqual(["stderr", "stderr"]);
    expect((await logs({ filter: "/^hello from node-web-1$/" })).data.logs.map((l: any) => l.nodeId)).toEqual(["node-web-1"]);
    expect((await logs({ since: "10m" })).data.logs).toHaveLength(4);
    const bad = await logs({ filter: "/(/" });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "filter" });
    const badSince = await logs({ since: "five minutes" });
    expect(badSince.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "since" });
    const byRun = await t.gql(`query($id: ID!) { run(id: $id) { responses { nodeId status } timeline { event nodeId } } }`, { id: runId });
    expect(byRun.data.run.responses.map((r: any) => r.status)).toEqual(["completed", "completed"]);
    expect(byRun.data.run.timeline[0].event).toBe("submitted");
    expect(byRun.data.run.timeline.map((e: any) => e.event)).toEqual(expect.arrayContaining(["acknowledged", "started", "completed"]));
  });
});
