import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { eventually, startAgent, type AgentProcess } from "../support/agents.ts";

/** What a job can see of the agent and of other jobs on its node, looked at on the machine. */
describe("isolation of executions on a node", () => {
  let t: TestServer;
  let agent: AgentProcess;

  beforeAll(async () => {
    t = await startTestServer("sqlite");
    // A state dir made by hand, too open, with a stale world-readable token file: the agent tightens both.
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "drover-iso-"));
    fs.chmodSync(stateDir, 0o755);
    fs.writeFileSync(path.join(stateDir, "node.json"), JSON.stringify({ nodeId: "node-other", token: "stale" }), { mode: 0o644 });
    // The bootstrap token in the agent's environment, as DROVER_TOKEN: no job may see it.
    agent = await startAgent({ url: t.server.url, token: null, nodeId: "node-iso", stateDir, env: { DROVER_TOKEN: t.token } });
    await eventually(async () => (await t.gql(`{ nodes(state: READY) { totalCount } }`)).data?.nodes.totalCount === 1, { timeoutMs: 60_000, what: "node READY" });
  });
  afterAll(async () => {
    await agent?.stop();
    await t?.stop();
  });

  const run = async (name: string, input: string) => {
    const sub = await t.gql(`mutation { submitJob(input: { name: "${name}", type: BATCH, ${input} }) { job { id } } }`);
    expect(sub.errors).toBeUndefined();
    const jobId = sub.data.submitJob.job.id;
    const r = await t.gql(`mutation($id: ID!) { triggerRun(jobId: $id) { run { id } } }`, { id: jobId });
    const runId = r.data.triggerRun.run.id;
    const done = await eventually(
      async () => {
        const q = await t.gql(`query($id: ID!) { run(id: $id) { state } executions(runId: $id) { edges { node { id } } } }`, { id: runId });
        return ["SUCCEEDED", "FAILED"].includes(q.data?.run.state) ? q.data : null;
      },
      { timeoutMs: 20_000, what: `${name} to end` },
    );
    const executionId = done.executions.edges[0].node.id;
    const logs = await t.gql(`query($id: ID!) { logs(executionId: $id) { text } }`, { id: executionId });
    return { state: done.run.state, executionId, lines: logs.data.logs.map((l: any) => l.text) as string[] };
  };

  it("keeps the state dir and the node token private to the agent's user", () => {
    expect(fs.statSync(agent.stateDir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(agent.stateDir, "node.json")).mode & 0o777).toBe(0o600);
  });

  it("runs each execution in a directory of its own, mode 0700, removed when it ends", async () => {
    const r = await run("where", `command: "pwd; stat -c %a .; touch mine"`);
    expect(r.state).toBe("SUCCEEDED");
    const dir = path.join(agent.stateDir, "work", r.executionId);
    expect(r.lines).toEqual([fs.realpathSync(path.dirname(dir)) + "/" + r.executionId, "700"]);
    expect(fs.existsSync(dir)).toBe(false);
    // Not the agent's (or the server's) working directory.
    expect(r.lines[0]).not.toBe(process.cwd());
  });

  it("uses the spec's workingDir when it names one", async () => {
    const r = await run("there", `command: "pwd", workingDir: "/tmp"`);
    expect(r.lines).toEqual(["/tmp"]);
  });

  it("gives a job no Drover token: not in its environment, whatever the agent's holds", async () => {
    const r = await run("env", `command: "env"`);
    expect(r.state).toBe("SUCCEEDED");
    expect(r.lines.some((l) => l.includes(t.token))).toBe(false);
    expect(r.lines.filter((l) => l.startsWith("DROVER_")).map((l) => l.split("=")[0]).sort()).toEqual([
      "DROVER_CONFIG",
      "DROVER_EXECUTION_ID",
      "DROVER_JOB_ID",
      "DROVER_NODE_ID",
      "DROVER_RESULT_FILE",
    ]);
    const nodeToken = JSON.parse(fs.readFileSync(path.join(agent.stateDir, "node.json"), "utf8")).token;
    expect(r.lines.some((l) => l.includes(nodeToken))).toBe(false);
  });
});
