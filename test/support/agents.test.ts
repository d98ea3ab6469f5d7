// startReadyAgents must not leave agent processes behind when its wait fails:
// the caller never receives them, so nothing else would stop them.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startReadyAgents } from "./agents.ts";
import { startTestServer, type TestServer } from "./server.ts";

/** Pids of live processes whose command line names this node id. */
function agentPids(nodeId: string): number[] {
  const out = execFileSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" });
  return out
    .split("\n")
    .filter((l) => l.includes(` agent `) && l.includes(`--node-id ${nodeId}`))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

describe("startReadyAgents", () => {
  let t: TestServer;
  const nodeId = `node-leak-${process.pid}`;

  beforeAll(async () => {
    t = await startTestServer("sqlite");
  });

  afterAll(async () => {
    // Without the clean-up under test, stop what it left so the run does not leak.
    for (const pid of agentPids(nodeId)) process.kill(pid, "SIGKILL");
    await t?.stop();
  });

  it("stops the agents it started when they never become READY", async () => {
    // The agent dials a port nobody listens on, so it keeps retrying and never registers.
    const dead = `http://127.0.0.1:${await freePort()}/graphql`;
    await expect(startReadyAgents({ server: { url: dead }, token: t.token, gql: t.gql }, [{ nodeId }], { timeoutMs: 2000 })).rejects.toThrow(
      /timed out waiting for 1 READY nodes/,
    );
    expect(agentPids(nodeId)).toEqual([]);
  });
});
