/**
 * What the agent has started, kept in its state dir so that an agent that
 * was killed (SIGKILL, OOM, a crash) and starts again knows which processes
 * a previous life left running. Those processes run in their own process
 * group and outlive the agent (reparented to pid 1), but their output pipes
 * died with it: nobody reads their logs or reports their exit. Adopting them
 * would be dishonest, so a restarted agent ends them and tells the server,
 * which places replacements.
 *
 * A record names the process by pid, process group and the start time from
 * /proc/<pid>/stat (with the boot id): a pid reused by an unrelated process
 * after a reboot or a wrap-around is never mistaken for ours.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { readFileSync } from "node:fs";
import { parseStat, readProcessTable, type ProcessTable } from "./procfs.ts";
import { signalGroup } from "./process-group.ts";

export interface ExecutionRecord {
  executionId: string;
  pid: number;
  /** The process group the execution runs in (pgid = pid: spawned detached). */
  pgid: number;
  /** Field 22 of /proc/<pid>/stat: clock ticks since boot. */
  startTime: number;
  /** /proc/sys/kernel/random/boot_id: start times restart at every boot. */
  bootId: string;
  startedAt: string;
}

/** What became of a process a previous agent left behind. */
export interface EndedLeftover {
  record: ExecutionRecord;
  /** SIGTERM: it ended within the grace; SIGKILL: it had to be killed; gone: nothing of it was left running. */
  ended: "SIGTERM" | "SIGKILL" | "gone";
}

export function recordsDir(stateDir: string): string {
  return path.join(stateDir, "executions");
}

/** The identity of a live process, or null when it is gone (or a zombie). */
export function processIdentity(pid: number, procRoot = "/proc"): { startTime: number; bootId: string } | null {
  try {
    const st = parseStat(readFileSync(path.join(procRoot, String(pid), "stat"), "utf8"));
    if (!st || st.state === "Z" || st.state === "X") return null;
    return { startTime: st.starttime, bootId: readBootId(procRoot) };
  } catch {
    return null;
  }
}

function readBootId(procRoot: string): string {
  try {
    return readFileSync(path.join(procRoot, "sys", "kernel", "random", "boot_id"), "utf8").trim();
  } catch {
    return "";
  }
}

/**
 * Writes the record atomically (a temporary file renamed over the final
 * name, so a crash mid-write never leaves half a record), mode 0600.
 */
export async function writeRecord(stateDir: string, rec: ExecutionRecord): Promise<void> {
  const dir = recordsDir(stateDir);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${rec.executionId}.json`);
  const tmp = `${file}.${process.pid}.tmp`;
  const fh = await fs.open(tmp, "w", 0o600);
  try {
    await fh.writeFile(JSON.stringify(rec) + "\n");
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.rename(tmp, file);
}

export async function removeRecord(stateDir: string, executionId: string): Promise<void> {
  await fs.rm(path.join(recordsDir(stateDir), `${executionId}.json`), { force: true });
}

/** Every record a previous life left; unreadable ones (and stray temporary files) are removed. */
export async function readRecords(stateDir: string): Promise<ExecutionRecord[]> {
  const dir = recordsDir(stateDir);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const out: ExecutionRecord[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    if (!name.endsWith(".json")) {
      await fs.rm(file, { force: true });
      continue;
    }
    try {
      const rec = JSON.parse(await fs.readFile(file, "utf8")) as ExecutionRecord;
      if (typeof rec.executionId === "string" && Number.isInteger(rec.pid) && Number.isInteger(rec.pgid)) out.push(rec);
      else await fs.rm(file, { force: true });
    } catch {
      await fs.rm(file, { force: true });
    }
  }
  return out;
}

/**
 * The live processes of the record's group that are provably its own: the
 * leader with the recorded start time, and members of that group. When the
 * leader is gone, members are ours only if none started before the leader
 * did (a group id is not reused while a process of it lives, but a later
 * group may have taken the number once ours had emptied).
 */
export function survivorsOf(rec: ExecutionRecord, table: ProcessTable, bootId: string): number[] {
  if (rec.bootId && bootId && rec.bootId !== bootId) return []; // the machine rebooted: nothing survived
  const live = (pid: number) => {
    const st = table.get(pid);
    return st && st.state !== "Z" && st.state !== "X" ? st : null;
  };
  const leader = live(rec.pid);
  if (leader && leader.starttime !== rec.startTime) return []; // the pid belongs to someone else now
  const members = [...table.values()].filter((st) => st.pgrp === rec.pgid && st.state !== "Z" && st.state !== "X");
  if (!leader && members.some((st) => st.starttime < rec.startTime)) return [];
  return members.map((st) => st.pid);
}

/**
 * Ends what each record names: SIGTERM to the group, then SIGKILL after
 * `graceMs` to whatever is left, and removes the records. Returns what was
 * found and how it ended.
 */
export async function endLeftovers(stateDir: string, graceMs: number, procRoot = "/proc"): Promise<EndedLeftover[]> {
  const records = await readRecords(stateDir);
  if (records.length === 0) return [];
  const bootId = readBootId(procRoot);
  const table = await readProcessTable(procRoot);
  const ended: EndedLeftover[] = [];
  const pending: ExecutionRecord[] = [];
  for (const rec of records) {
    if (survivorsOf(rec, table, bootId).length === 0) ended.push({ record: rec, ended: "gone" });
    else {
      signalGroup(rec.pgid, "SIGTERM");
      pending.push(rec);
    }
  }
  const deadline = Date.now() + graceMs;
  let left = pending;
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    const now = await readProcessTable(procRoot);
    const still: ExecutionRecord[] = [];
    for (const rec of left) {
      if (survivorsOf(rec, now, bootId).length === 0) ended.push({ record: rec, ended: "SIGTERM" });
      else still.push(rec);
    }
    left = still;
  }
  for (const rec of left) {
    signalGroup(rec.pgid, "SIGKILL");
    ended.push({ record: rec, ended: "SIGKILL" });
  }
  if (left.length > 0) {
    // SIGKILL cannot be refused; wait (briefly) until the kernel has taken them away.
    const until = Date.now() + 2000;
    while (Date.now() < until && left.some((rec) => processIdentity(rec.pid, procRoot)?.startTime === rec.startTime)) {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  for (const rec of records) await removeRecord(stateDir, rec.executionId);
  return ended;
}
