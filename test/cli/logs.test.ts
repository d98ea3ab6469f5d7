import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { eventually, startAgent, type AgentProcess } from "../support/agents.ts";
import { drover } from "./helpers.ts";

/** `drover logs` over a real server and a real agent: tail semantics, and -f that ends with what it follows. */
let t: TestServer;
let agent: AgentProcess;
let conn: string[];

async function submit(input: Record<string, unknown>): Promise<string> {
  const r = await t.gql(`mutation($input: SubmitJobInput!) { submitJob(input: $input) { job { id } } }`, { input });
  expect(r.errors).toBeUndefined();
  return r.data.submitJob.job.id;
}

async function trigger(jobId: string): Promise<string> {
  const r = await t.gql(`mutation($id: ID!) { triggerRun(jobId: $id) { run { id } } }`, { id: jobId });
  expect(r.errors).toBeUndefined();
  return r.data.triggerRun.run.id;
}

const runState = async (id: string) => (await t.gql(`query($id: ID!) { run(id: $id) { state } }`, { id })).data.run.state;

beforeAll(async () => {
  t = await startTestServer("sqlite", { heartbeatTtlMs: 5000 });
  conn = ["--server", t.server.url, "--token", t.token];
  agent = await startAgent({ url: t.server.url, token: t.token, nodeId: "node-logs-a" });
  await eventually(async () => (await t.gql(`{ nodes(state: READY) { totalCount } }`)).data?.nodes.totalCount === 1);
}, 60_000);
afterAll(async () => {
  await agent?.stop();
  await t?.stop();
});

describe("drover logs", () => {
  it("shows the newest lines by default and says on stderr that older ones were left out", async () => {
    const id = await submit({ name: "counter", type: "BATCH", command: "seq 1 1500" });
    const run = await trigger(id);
    await eventually(async () => (await runState(run)) === "SUCCEEDED", { what: "run" });
    await eventually(async () => (await t.gql(`query($id: ID) { logs(jobId: $id, limit: 1, order: DESC) { lineNo } }`, { id })).data.logs[0]?.lineNo === 1500);
    const [all, tail, short] = await Promise.all([
      drover(["logs", "counter", ...conn]),
      drover(["logs", "--run", run, "--tail", "3", ...conn]),
      drover(["logs", "--run", run, "--tail", "2000", ...conn]),
    ]);
    expect(all.code).toBe(0);
    const lines = all.stdout.trimEnd().split("\n").map((l) => l.split("│ ")[1]);
    expect(lines.length).toBe(1000);
    expect(lines[0]).toBe("501");
    expect(lines.at(-1)).toBe("1500");
    expect(all.stderr).toMatch(/older lines left out: the newest 1000 shown/);
    expect(tail.stderr).toBe("");
    expect(tail.stdout.trimEnd().split("\n").map((l) => l.split("│ ")[1])).toEqual(["1498", "1499", "1500"]);
    expect(short.stdout.trimEnd().split("\n").length).toBe(1500);
    expect(short.stderr).toBe("");
  }, 60_000);

  it("--run ID -f exits 0 once the run has finished, with every line", async () => {
    const id = await submit({ name: "ticker", type: "BATCH", command: "for i in 1 2 3 4; do echo tick $i; sleep 0.4; done" });
    const run = await trigger(id);
    const r = await drover(["logs", "--run", run, "-f", ...conn]);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split("\n").map((l) => l.split("│ ")[1])).toEqual(["tick 1", "tick 2", "tick 3", "tick 4"]);
    expect(r.stderr).toMatch(new RegExp(`run ${run} ended SUCCEEDED`));
  }, 30_000);

  it("JOB -f exits 0 when the job is stopped, and when it is deleted", async () => {
    for (const end of ["stop", "delete"] as const) {
      const name = `svc-${end}`;
      const id = await submit({ name, type: "SERVICE", command: "while true; do echo alive; sleep 0.2; done" });
      await eventually(async () => (await t.gql(`query($id: ID) { logs(jobId: $id, limit: 1) { lineNo } }`, { id })).data.logs.length > 0, { what: "output" });
      const following = drover(["logs", name, "-f", ...conn]);
      await new Promise((r) => setTimeout(r, 1500));
      const mutation = end === "stop" ? `mutation($id: ID) { stopJob(id: $id) { seq } }` : `mutation($id: ID) { deleteJob(id: $id) { seq } }`;
      expect((await t.gql(mutation, { id })).errors).toBeUndefined();
      const r = await following;
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain("alive");
      expect(r.stderr).toContain(end === "stop" ? `job default/${name} stopped` : `job default/${name} was deleted`);
    }
  }, 60_000);
});
