/**
 * Linux /proc reading for process-tree metrics. We read /proc directly rather
 * than depend on a package (pidusage and friends shell out to `ps` or read the
 * same files, and look at one pid, not a tree).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";

/** The fields of /proc/<pid>/stat we use (see proc(5)); times are in clock ticks. */
export interface ProcStat {
  pid: number;
  /** R, S, D, Z (zombie), T, ... */
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
  utime: number;
  stime: number;
  /** CPU of children this process has waited for (and their waited-for children). */
  cutime: number;
  cstime: number;
  /** Since boot, in clock ticks; with pid it names a process uniquely (pids are reused). */
  starttime: number;
  rssPages: number;
}

/** Parses one /proc/<pid>/stat line; null when it is not one. */
export function parseStat(text: string): ProcStat | null {
  // comm (field 2) is in parentheses and may itself hold spaces and ')'.
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  // rest[0] is field 3 (state), so field n is rest[n - 3].
  const rest = text.slice(close + 2).trim().split(/\s+/);
  if (!Number.isInteger(pid) || rest.length < 22) return null;
  const f = (n: number) => Number(rest[n - 3]);
  return {
    pid,
    state: rest[0]!,
    ppid: f(4),
    pgrp: f(5),
    session: f(6),
    utime: f(14),
    stime: f(15),
    cutime: f(16),
    cstime: f(17),
    starttime: f(22),
    rssPages: f(24),
  };
}

/**
 * The processes of one /proc scan by pid, with the moment the scan began: the
 * system uptime (ticks since boot are how /proc dates a process's start) and
 * the monotonic clock. A process missing from the scan started after that
 * moment or had already exited, so a later sample can tell a newcomer (count
 * all of its time) from one adopted into the tree (count from then on) only
 * against the scan's own moment, not against a clock read after it.
 */
export class ProcessTable extends Map<number, ProcStat> {
  constructor(
    readonly uptimeSeconds: number,
    readonly monotonic: bigint,
  ) {
    super();
  }
}

/**
 * One pass over /proc/[0-9]*\/stat. Processes that exit mid-scan are skipped.
 * (/proc/<pid>/task/<tid>/children would avoid the full scan but needs
 * CONFIG_PROC_CHILDREN, which is missing on some kernels, this one included.)
 */
export async function readProcessTable(procRoot = "/proc"): Promise<ProcessTable> {
  // Clocks first: every process started before them is alive at readdir (or gone).
  const uptime = await readUptimeSeconds(procRoot);
  const table = new ProcessTable(uptime, process.hrtime.bigint());
  const names = await fs.readdir(procRoot);
  await Promise.all(
    names
      .filter((n) => /^\d+$/.test(n))
      .map(async (n) => {
        try {
          const st = parseStat(await fs.readFile(path.join(procRoot, n, "stat"), "utf-8"));
          if (st) table.set(st.pid, st);
        } catch {
          // Gone between readdir and read: not part of anything any more.
        }
      }),
  );
  return table;
}

/** The root and all its descendants by ppid links, root first. Empty when the root is absent. */
export function processTree(rootPid: number, table: ProcessTable): ProcStat[] {
  const root = table.get(rootPid);
  if (!root) return [];
  const children = new Map<number, ProcStat[]>();
  for (const st of table.values()) {
    const list = children.get(st.ppid);
    if (list) list.push(st);
    else children.set(st.ppid, [st]);
  }
  const out: ProcStat[] = [];
  const seen = new Set<number>();
  const queue = [root];
  while (queue.length > 0) {
    const st = queue.shift()!;
    if (seen.has(st.pid)) continue; // ppid links cannot loop, but a racy scan should not hang us
    seen.add(st.pid);
    out.push(st);
    for (const c of children.get(st.pid) ?? []) queue.push(c);
  }
  return out;
}

/** Seconds since boot, the clock starttime is measured on. */
export async function readUptimeSeconds(procRoot = "/proc"): Promise<number> {
  const text = await fs.readFile(path.join(procRoot, "uptime"), "utf-8");
  return Number(text.split(/\s+/)[0]);
}

let clkTck: number | undefined;
let pageBytes: number | undefined;

/** USER_HZ, asked once. 100 is the value on every mainstream Linux build. */
export function clockTicksPerSecond(): number {
  clkTck ??= getconf("CLK_TCK", 100);
  return clkTck;
}

/** Page size for RSS (stat reports pages), asked once; 4096 when getconf is missing. */
export function pageSizeBytes(): number {
  pageBytes ??= getconf("PAGESIZE", 4096);
  return pageBytes;
}

function getconf(name: string, fallback: number): number {
  try {
    const v = Number(execFileSync("getconf", [name], { encoding: "utf-8", timeout: 2000, stdio: ["ignore", "pipe", "ignore"] }).trim());
    return Number.isFinite(v) && v > 0 ? v : fallback;
  } catch {
    return fallback;
  }
}

/** Whether this system has a Linux-style /proc. */
export function procfsAvailable(procRoot = "/proc"): boolean {
  return existsSync(path.join(procRoot, "self", "stat")) && existsSync(path.join(procRoot, "uptime"));
}
