import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  MetricsUnavailableError,
  ProcessTreeSampler,
  processMetricsSupport,
} from "../../agent/runtime/process-tree-metrics.ts";
import { clockTicksPerSecond, parseStat, processTree, readProcessTable } from "../../agent/runtime/procfs.ts";
import { sleep, waitFor } from "./helpers.ts";

const MiB = 1024 * 1024;
const NODE = process.execPath;
const SPIN = "for(;;){}";
const HOLD_200_MIB =
  "const b = Buffer.alloc(200 * 1024 * 1024); b.fill(7); console.log('ready'); setInterval(() => b[0]++, 1000)";

const started: ChildProcess[] = [];
afterEach(() => {
  for (const c of started.splice(0)) {
    try {
      process.kill(-c.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }
});

/**
 * `sh -c "<node>; exit"`: the trailing command stops the shell from exec'ing
 * node in its place, so node is a grandchild of this test, a child of the root.
 */
function shellWithNode(script: string): ChildProcess {
  const quoted = `'${script.replace(/'/g, `'\\''`)}'`;
  const c = spawn("/bin/sh", ["-c", `"${NODE}" -e ${quoted}; exit 0`], { detached: true, stdio: ["ignore", "pipe", "inherit"] });
  started.push(c);
  return c;
}

/** Polls until the tree has `size` processes (the shell has started node). */
async function treeOf(sampler: ProcessTreeSampler, size: number): Promise<number[]> {
  let pids: number[] = [];
  for (let i = 0; i < 100 && pids.length < size; i++) {
    pids = (await sampler.sample()).pids;
    if (pids.length < size) await sleep(20);
  }
  return pids;
}

describe("ProcessTreeSampler (truth tests on real processes)", () => {
  it("reads a grandchild spinning one core as 0.7-1.2 cores", async () => {
    const root = shellWithNode(SPIN);
    const sampler = new ProcessTreeSampler(root.pid!);
    const pids = await treeOf(sampler, 2);
    expect(pids[0]).toBe(root.pid);
    expect(pids.length).toBe(2); // sh and the node it started
    await sleep(300); // let node finish starting
    await sampler.sample();
    await sleep(1000);
    const s = await sampler.sample();
    expect(s.alive).toBe(true);
    expect(s.cpuCores).toBeGreaterThanOrEqual(0.7);
    expect(s.cpuCores).toBeLessThanOrEqual(1.2);
  });

  it("reads a grandchild holding 200 MiB as at least 200 MiB", async () => {
    const root = shellWithNode(HOLD_200_MIB);
    let out = "";
    root.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    expect(await waitFor(() => out.includes("ready"), 10_000)).toBe(true);
    const s = await new ProcessTreeSampler(root.pid!).sample();
    expect(s.pids.length).toBe(2);
    expect(s.memoryBytes).toBeGreaterThanOrEqual(200 * MiB);
    expect(s.memoryBytes).toBeLessThan(400 * MiB);
  });

  it("counts cpu of short-lived children the shell has already reaped", async () => {
    // Each child spins ~150 ms and exits; at most one is alive at any sample.
    const busy = `"${NODE}" -e 'const t = Date.now(); while (Date.now() - t < 150) {}'`;
    const root = spawn("/bin/sh", ["-c", `while true; do ${busy}; done`], { detached: true, stdio: "ignore" });
    started.push(root);
    const sampler = new ProcessTreeSampler(root.pid!);
    await sleep(300);
    await sampler.sample();
    await sleep(1200);
    const s = await sampler.sample();
    expect(s.cpuCores).toBeGreaterThanOrEqual(0.6);
    expect(s.cpuCores).toBeLessThanOrEqual(1.2);
  });

  it("counts each tick once when grandchildren exit between samples (a shell per command, one core busy at a time)", async () => {
    // root sh → sh → node: each node spins ~300 ms; its shell reaps it and exits,
    // and the root reaps the shell, so the grandchild's time lands in the root's
    // cutime by way of the shell's. Truth is at most one core at any time.
    const busy = `"${NODE}" -e "const t = Date.now(); while (Date.now() - t < 300) {}"`;
    const done = path.join(mkdtempSync(path.join(os.tmpdir(), "tree-")), "done");
    const script = `i=0; while [ $i -lt 6 ]; do sh -c '${busy}; exit 0'; i=$((i+1)); done; : > ${done}; exec sleep 30`; // exec: the root keeps its pid and its children's times
    const root = spawn("/bin/sh", ["-c", script], { detached: true, stdio: "ignore" });
    started.push(root);
    const sampler = new ProcessTreeSampler(root.pid!);
    const treeTicks = (table: Awaited<ReturnType<typeof readProcessTable>>) =>
      processTree(root.pid!, table).reduce((n, p) => n + p.utime + p.stime + p.cutime + p.cstime, 0);

    let table = await readProcessTable();
    const baseline = treeTicks(table);
    await sampler.sample(new Date(), table);
    let last = process.hrtime.bigint();
    const readings: number[] = [];
    let integrated = 0; // core-seconds the sampler reported
    let sawChildren = false;
    for (let i = 0; i < 200; i++) {
      await sleep(250);
      table = await readProcessTable();
      const s = await sampler.sample(new Date(), table);
      const now = process.hrtime.bigint();
      integrated += s.cpuCores * (Number(now - last) / 1e9);
      last = now;
      readings.push(s.cpuCores);
      if (s.pids.length > 1) sawChildren = true;
      else if (sawChildren && existsSync(done)) break; // every child reaped: only the root's sleep is left
    }
    expect(sawChildren).toBe(true);
    const truth = (treeTicks(table) - baseline) / clockTicksPerSecond();
    expect(truth).toBeGreaterThan(0.5);
    // Below 1 only by what a loaded machine delays between the last reading and the truth's table.
    expect(integrated / truth).toBeGreaterThanOrEqual(0.7);
    expect(integrated / truth).toBeLessThanOrEqual(1.1);
    // One reading may overshoot a little: ticks are 10 ms and a loaded machine delays a sample
    // against the clock it is divided by. The double count this guards against read 1.4-1.7x.
    for (const r of readings) expect(r).toBeLessThanOrEqual(1.3);
  }, 30_000);

  it("reads an idle process as near zero cpu, some memory; a gone root as not alive", async () => {
    const root = spawn("sleep", ["30"], { detached: true, stdio: "ignore" });
    started.push(root);
    await sleep(50);
    const sampler = new ProcessTreeSampler(root.pid!);
    const first = await sampler.sample(new Date("2026-01-01T00:00:00Z"));
    // The first sample is the average since the root started.
    expect(first.cpuCores).toBeGreaterThanOrEqual(0);
    expect(first.at.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    await sleep(300);
    const s = await sampler.sample();
    expect(s.cpuCores).toBeLessThan(0.1);
    expect(s.memoryBytes).toBeGreaterThan(0);
    expect(s.pids).toEqual([root.pid]);
    process.kill(root.pid!, "SIGKILL");
    await new Promise((r) => root.once("exit", r));
    expect(await sampler.sample()).toMatchObject({ alive: false, pids: [], cpuCores: 0, memoryBytes: 0 });
  });
});

/** A /proc of our own making: uptime and one stat file per process, rewritten at will. */
function fakeProc() {
  const root = mkdtempSync(path.join(os.tmpdir(), "fake-proc-"));
  mkdirSync(path.join(root, "self"));
  writeFileSync(path.join(root, "self", "stat"), "");
  return {
    root,
    uptime(seconds: number) {
      writeFileSync(path.join(root, "uptime"), `${seconds.toFixed(2)} 0.00\n`);
    },
    proc(pid: number, ppid: number, ticks: number, starttime: number) {
      mkdirSync(path.join(root, String(pid)), { recursive: true });
      // fields 3..24: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime prio nice threads itreal starttime vsize rss
      const f = ["S", ppid, pid, pid, 0, -1, 0, 0, 0, 0, 0, ticks, 0, 0, 0, 20, 0, 1, 0, starttime, 0, 100];
      writeFileSync(path.join(root, String(pid), "stat"), `${pid} (fake) ${f.join(" ")}`);
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

describe("ProcessTreeSampler with a shared table (as the agent samples every execution from one scan)", () => {
  it("counts in full a child that started after the scan but before the sampler read its clocks", async () => {
    const proc = fakeProc();
    try {
      const tck = clockTicksPerSecond();
      proc.uptime(100);
      proc.proc(10, 1, 0, 50 * tck);
      const sampler = new ProcessTreeSampler(10, { procRoot: proc.root });
      const first = await readProcessTable(proc.root);
      // The child starts after the scan; the clock moves on before the sampler sees the table.
      proc.proc(11, 10, 0, 100 * tck + 2);
      proc.uptime(100.05);
      await sampler.sample(new Date(), first);
      // By the next scan the child has run 30 ticks; it was never in a scan before, so all are new.
      proc.proc(11, 10, 30, 100 * tck + 2);
      proc.uptime(100.3);
      const second = await readProcessTable(proc.root);
      expect(second.get(11)?.utime).toBe(30);
      const s = await sampler.sample(new Date(), second);
      expect(s.pids).toEqual([10, 11]);
      const elapsed = Number(second.monotonic - first.monotonic) / 1e9;
      expect(s.cpuCores * elapsed).toBeCloseTo(30 / tck, 2);
    } finally {
      proc.remove();
    }
  });
});

describe("procfs parsing and support", () => {
  it("parses a stat line whose command name holds spaces and parentheses", () => {
    const line = "4242 (my (odd) name) S 17 4242 4242 0 -1 4194560 100 0 0 0 250 30 5 6 20 0 1 0 98765 12345678 2560 18446744073709551615";
    expect(parseStat(line)).toEqual({
      pid: 4242,
      state: "S",
      ppid: 17,
      pgrp: 4242,
      session: 4242,
      utime: 250,
      stime: 30,
      cutime: 5,
      cstime: 6,
      starttime: 98765,
      rssPages: 2560,
    });
    expect(parseStat("garbage")).toBeNull();
  });

  it("says clearly when there is no /proc, and sample() refuses with that reason", async () => {
    const support = processMetricsSupport("/nonexistent-proc");
    expect(support.supported).toBe(false);
    expect(support.reason).toMatch(/Linux \/proc/);
    const sampler = new ProcessTreeSampler(process.pid, { procRoot: "/nonexistent-proc" });
    await expect(sampler.sample()).rejects.toBeInstanceOf(MetricsUnavailableError);
    expect(processMetricsSupport()).toEqual({ supported: true, reason: null });
  });
});
