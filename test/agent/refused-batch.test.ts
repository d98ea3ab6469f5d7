import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { eventually, startAgent, type AgentProcess } from "../support/agents.ts";
import { databaseProviders } from "../support/database.ts";
import { startManglingProxy } from "../support/mangling-proxy.ts";

const providers = await databaseProviders();

/**
 * A batch of log lines the server refuses used to be sent again forever: the
 * execution stayed STARTING and the next job on the node stayed PENDING. Now
 * it is dropped with a marker line and the reports behind it go on.
 */
describe.each(providers)("a log batch the server refuses, on %s", (provider) => {
  let t: TestServer;
  let agent: AgentProcess;
  let proxy: Awaited<ReturnType<typeof startManglingProxy>>;
  let mangled = 0;

  beforeAll(async () => {
    t = await startTestServer(provider);
    // The first log batch carrying "poison" arrives with a stream the server does not know.
    proxy = await startManglingProxy(t.server.url, (body) => {
      if (mangled > 0 || !body.includes("AgentReportLogs") || !body.includes("poison")) return body;
      mangled++;
      return body.replace('"streams":["stdout"', '"streams":["stdmud"');
    });
    agent = await startAgent({ url: proxy.url, token: t.token, nodeId: "node-refused" });
    await eventually(async () => (await t.gql(`{ nodes(state: READY) { totalCount } }`)).data?.nodes.totalCount === 1, { timeoutMs: 60_000, what: "node READY" });
  });
  afterAll(async () => {
    await agent?.stop();
    await proxy?.close();
    await t?.stop();
  });

  const runToEnd = async (name: string, command: string) => {
    const sub = await t.gql(`mutation($n: String!, $c: String!) { submitJob(input: { name: $n, type: BATCH, command: $c }) { job { id } } }`, { n: name, c: command });
    const run = await t.gql(`mutation($id: ID!) { triggerRun(jobId: $id) { run { id } } }`, { id: sub.data.submitJob.job.id });
    const runId = run.data.triggerRun.run.id;
    return eventually(
      async () => {
        const r = await t.gql(`query($id: ID!) { run(id: $id) { state } executions(runId: $id) { edges { node { id } } } }`, { id: runId });
        return ["SUCCEEDED", "FAILED"].includes(r.data?.run.state) ? { state: r.data.run.state, executionId: r.data.executions.edges[0].node.id } : null;
      },
      { timeoutMs: 20_000, what: `${name} to end` },
    );
  };

  it("drops the refused lines with a marker saying why, finishes the execution, and runs the next job", async () => {
    const first = await runToEnd("poisoned", "echo poison; sleep 0.5; echo after");
    expect(first.state).toBe("SUCCEEDED");
    expect(mangled).toBe(1);
    const logs = await t.gql(`query($id: ID!) { logs(executionId: $id) { lineNo text } }`, { id: first.executionId });
    expect(logs.data.logs).toEqual([
      { lineNo: 1, text: expect.stringMatching(/^\[drover\] 1 line refused by the server \(line 1\): batches\.0\.streams\.0: must be stdout or stderr/) },
      { lineNo: 2, text: "after" },
    ]);
    const next = await runToEnd("next", "echo next");
    expect(next.state).toBe("SUCCEEDED");
  });
});
