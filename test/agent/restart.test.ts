import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { eventually, startAgent, type AgentProcess } from "../support/agents.ts";
import { isAlive } from "../agent-runtime/helpers.ts";
import { parseStat } from "../../agent/runtime/procfs.ts";

/** Live processes whose command line carries `marker`, with their process group. */
function processesWith(marker: string): { pid: number; pgrp: number; ppid: number }[] {
  const out: { pid: number; pgrp: number; ppid: number }[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${name}/cmdline`, "utf8");
      if (!cmd.includes(marker)) continue;
      const st = parseStat(fs.readFileSync(`/proc/${name}/stat`, "utf8"));
      if (st && st.state !== "Z") out.push({ pid: st.pid, pgrp: st.pgrp, ppid: st.ppid });
    } catch {
      // exited while we looked
    }
  }
  return out;
}

function readRecord(stateDir: string, executionId: string): { pid: number; pgid: number; startTime: number } | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(stateDir, "executions", `${executionId}.json`), "utf8"));
  } catch {
    return null;
  }
}

describe("an agent killed and started again with the same state dir", () => {
  let t: TestServer;
  const agents: AgentProcess[] = [];
  const marker = `drover-restart-${process.pid}`;

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    // Whatever a failed assertion left behind, by pid (never by name).
    for (const p of processesWith(marker)) {
      try {
        process.kill(-p.pgrp, "SIGKILL");
      } catch {
        // gone
      }
    }
    await t?.stop();
  });

  it("ends what its previous life left running, reports it LOST, and runs exactly one copy of the replacement", async () => {
    t = await startTestServer("sqlite");
    const nodeId = "node-restart";
    const first = await startAgent({ url: t.server.url, token: t.token, nodeId });
    agents.push(first);
    await eventually(async () => (await t.gql(`{ nodes(state: READY) { totalCount } }`)).data?.nodes.totalCount === 1, { timeoutMs: 60_000, what: "node READY" });

    const sub = await t.gql(`mutation { submitJob(input: { name: "svc", type: SERVICE, command: "sleep 300 & wait # ${marker}" }) { job { id } } }`);
    const jobId = sub.data.submitJob.job.id;
    const execs = async () =>
      (await t.gql(`query($id: ID) { executions(jobId: $id) { edges { node { id computeState { stateType message details } } } } }`, { id: jobId })).data
        .executions.edges.map((e: any) => e.node);
    const running = await eventually(async () => (await execs()).find((e: any) => e.computeState.stateType === "RUNNING"), { what: "RUNNING" });

    // The agent recorded what it started, privately.
    const rec = await eventually(async () => readRecord(first.stateDir, running.id), { what: "the execution's record" });
    const recFile = path.join(first.stateDir, "executions", `${running.id}.json`);
    expect(fs.statSync(recFile).mode & 0o777).toBe(0o600);
    expect(processesWith(marker).map((p) => p.pid)).toEqual([rec.pid]);
    expect(rec.pgid).toBe(rec.pid);

    await first.kill();
    agents.splice(agents.indexOf(first), 1);
    // Killed without a word, the agent leaves its process group running as an orphan.
    expect(isAlive(rec.pid)).toBe(true);

    const second = await startAgent({ url: t.server.url, token: t.token, nodeId, stateDir: first.stateDir });
    agents.push(second);

    const after = await eventually(
      async () => {
        const all = await execs();
        const old = all.find((e: any) => e.id === running.id && e.computeState.stateType === "LOST");
        const replacement = all.find((e: any) => e.id !== running.id && e.computeState.stateType === "RUNNING");
        return old && replacement ? { old, replacement } : null;
      },
      { what: "the old execution LOST and a replacement RUNNING" },
    );
    expect(after.old.computeState.message).toMatch(/^agent restarted; the previous process \(pid \d+\) was ended/);
    expect(after.old.computeState.details).toMatchObject({ code: "AGENT_RESTARTED", previousPid: String(rec.pid), ended: "SIGTERM" });

    // On the machine: the old group is gone, and exactly one process carries the job's command, the replacement's.
    expect(isAlive(rec.pid)).toBe(false);
    const next = await eventually(async () => readRecord(second.stateDir, after.replacement.id), { what: "the replacement's record" });
    const live = processesWith(marker);
    expect(live.map((p) => p.pid)).toEqual([next.pid]);
    expect(live[0]!.pgrp).toBe(next.pid);
    expect(readRecord(second.stateDir, running.id)).toBeNull();
    // Its working directory went with it; the replacement has its own.
    expect(fs.existsSync(path.join(second.stateDir, "work", running.id))).toBe(false);
    expect(fs.existsSync(path.join(second.stateDir, "work", after.replacement.id))).toBe(true);

    // Stays that way: no second copy turns up later.
    await new Promise((r) => setTimeout(r, 1500));
    expect(processesWith(marker).map((p) => p.pid)).toEqual([next.pid]);
    const final = await execs();
    expect(final.filter((e: any) => e.computeState.stateType === "RUNNING")).toHaveLength(1);
  });
});
