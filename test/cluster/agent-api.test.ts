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
});
