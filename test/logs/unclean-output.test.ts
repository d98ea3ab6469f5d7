import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { eventually, startAgent, type AgentProcess } from "../support/agents.ts";
import { databaseProviders } from "../support/database.ts";
import { storableLogText } from "../../common/log-text.ts";

const providers = await databaseProviders();

describe("storableLogText", () => {
  it("replaces NUL and unpaired surrogates with U+FFFD and leaves everything else alone", () => {
    expect(storableLogText("plain ascii")).toBe("plain ascii");
    expect(storableLogText("a\u0000b")).toBe("a\uFFFDb");
    expect(storableLogText("x\uD800y\uDC00z")).toBe("x\uFFFDy\uFFFDz");
    expect(storableLogText("emoji \uD83D\uDE00 kept")).toBe("emoji \uD83D\uDE00 kept");
    expect(storableLogText("é ü 日本")).toBe("é ü 日本");
  });
});

/**
 * A process may print any bytes. On PostgreSQL a NUL used to fail the insert
 * of the whole batch; the agent sent it again forever, its execution stayed
 * STARTING and the next job on the node never started.
 */
describe.each(providers)("output that is not clean text, on %s", (provider) => {
  let t: TestServer;
  let agent: AgentProcess;

  beforeAll(async () => {
    t = await startTestServer(provider);
    agent = await startAgent({ url: t.server.url, token: t.token, nodeId: "node-bytes" });
    await eventually(async () => (await t.gql(`{ nodes(state: READY) { totalCount } }`)).data?.nodes.totalCount === 1, { timeoutMs: 60_000, what: "node READY" });
  });
  afterAll(async () => {
    await agent?.stop();
    await t?.stop();
  });

  const runToEnd = async (name: string, command: string) => {
    const sub = await t.gql(`mutation($name: String!, $cmd: String!) { submitJob(input: { name: $name, type: BATCH, command: $cmd }) { job { id } } }`, { name, cmd: command });
    const jobId = sub.data.submitJob.job.id;
    const run = await t.gql(`mutation($id: ID!) { triggerRun(jobId: $id) { run { id } } }`, { id: jobId });
    const runId = run.data.triggerRun.run.id;
    return eventually(
      async () => {
        const r = await t.gql(`query($id: ID!) { run(id: $id) { state } executions(runId: $id) { edges { node { id } } } }`, { id: runId });
        return ["SUCCEEDED", "FAILED"].includes(r.data?.run.state) ? { state: r.data.run.state, executionId: r.data.executions.edges[0].node.id } : null;
      },
      { timeoutMs: 20_000, what: `run of ${name} to end` },
    );
  };

  it("stores NUL bytes and invalid UTF-8 as U+FFFD, and the node goes on to run the next job", async () => {
    // \0 inside a line; \377\376 is not UTF-8; \303 alone is a truncated two-byte sequence.
    const first = await runToEnd("bytes", String.raw`printf 'a\000b\n\377\376bad\nhalf \303\nok\n'`);
    expect(first.state).toBe("SUCCEEDED");
    const r = await t.gql(`query($id: ID!) { logs(executionId: $id) { lineNo text } }`, { id: first.executionId });
    expect(r.errors).toBeUndefined();
    expect(r.data.logs).toEqual([
      { lineNo: 1, text: "a\uFFFDb" },
      { lineNo: 2, text: "\uFFFD\uFFFDbad" },
      { lineNo: 3, text: "half \uFFFD" },
      { lineNo: 4, text: "ok" },
    ]);
    const next = await runToEnd("after", "echo next");
    expect(next.state).toBe("SUCCEEDED");
  });

  it("stores a NUL that reaches ingestion directly (an agent that did not clean it)", async () => {
    const job = await runToEnd("direct", "sleep 0.2");
    // The node token the agent keeps in its state dir.
    const { token } = JSON.parse(await fs.readFile(path.join(agent.stateDir, "node.json"), "utf8"));
    const at = new Date().toISOString();
    const r = await t.gql(
      `mutation($b: [LogBatchInput!]) { reportLogs(nodeId: "node-bytes", batches: $b) }`,
      { b: [{ executionId: job.executionId, lineNos: [100, 101], streams: ["stdout", "stdout"], at: [at, at], texts: ["nul \u0000 here", "lone \uD800 surrogate"] }] },
      { token },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.reportLogs).toBe(2);
    const logs = await t.gql(`query($id: ID!) { logs(executionId: $id) { lineNo text } }`, { id: job.executionId });
    expect(logs.data.logs.filter((l: any) => l.lineNo >= 100)).toEqual([
      { lineNo: 100, text: "nul \uFFFD here" },
      { lineNo: 101, text: "lone \uFFFD surrogate" },
    ]);
  });
});
