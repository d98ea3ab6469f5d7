/**
 * cpu_usage (cores) and memory_usage (bytes) of one execution, measured over
 * its whole process tree: a job is usually a shell that starts the real work,
 * so the root pid alone would read near zero.
 *
 * CPU. Each process's cumulative ticks are counted as utime + stime + cutime +
 * cstime: a child that exits and is reaped by a parent in the tree moves its
 * time into the parent's cutime, so short-lived children (a build running a
 * compiler per file) are still counted. Per process (pid + starttime) we take
 * the delta since the previous sample; a process that appeared since then
 * counts in full; a process that vanished while its parent is still in the tree
 * is subtracted at its last-seen total, because that total now reappears in the
 * parent's cutime and was already counted. The same holds through a chain: a
 * grandchild reaped by a shell that was then reaped by the root lands in the
 * root's cutime (by way of the shell's), so each tick is counted once. Rate = ticks / CLK_TCK / elapsed
 * seconds on the monotonic clock, both clocks read when the /proc scan began.
 *
 * First sample: there is no previous sample, so it reports the average since
 * the root process started (tree ticks / root's age), not 0, so a chart has
 * a meaningful first point.
 *
 * Memory: the sum of RSS over the tree. Pages shared between processes (forked
 * children, shared libraries) count once per process, so it can read a little
 * high; that errs on the side the node's capacity planning wants.
 */
import {
  clockTicksPerSecond,
  pageSizeBytes,
  processTree,
  procfsAvailable,
  readProcessTable,
  type ProcessTable,
  type ProcStat,
} from "./procfs.ts";

export interface TreeSample {
  at: Date;
  cpuCores: number;
  memoryBytes: number;
  /** The pids measured, root first; empty once the root has gone. */
  pids: number[];
  /** False once the root process is gone (or its pid was reused). */
  alive: boolean;
}

/** Thrown where there is no Linux /proc; check `processMetricsSupport()` first. */
export class MetricsUnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "MetricsUnavailableError";
  }
}

export function processMetricsSupport(procRoot = "/proc"): { supported: boolean; reason: string | null } {
  if (procfsAvailable(procRoot)) return { supported: true, reason: null };
  return {
    supported: false,
    reason: `process metrics read Linux /proc, which this system (${process.platform}) does not have; cpu_usage and memory_usage will not be reported`,
  };
}

interface Seen {
  pid: number;
  ticks: number;
  ppid: number;
}

/**
 * True when a vanished process's ticks ended up in a process still in the
 * tree: its parent is live, or its parent vanished too and (recursively) was
 * reaped into the tree. A parent that is neither (the process was adopted
 * outside the tree) means its time left with it.
 */
function reapedIntoTree(seen: Seen, vanished: Map<number, Seen>, livePids: Set<number>): boolean {
  let ppid = seen.ppid;
  for (let hops = 0; hops <= vanished.size; hops++) {
    if (livePids.has(ppid)) return true;
    const parent = vanished.get(ppid);
    if (!parent) return false;
    ppid = parent.ppid;
  }
  return false;
}

export interface SamplerOptions {
  procRoot?: string;
}

export class ProcessTreeSampler {
  private readonly procRoot: string;
  private readonly tck: number;
  private rootStart: number | null = null;
  private prev: Map<string, Seen> | null = null;
  private prevMono = 0n;
  private prevUptimeTicks = 0;

  constructor(
    readonly rootPid: number,
    opts: SamplerOptions = {},
  ) {
    this.procRoot = opts.procRoot ?? "/proc";
    this.tck = clockTicksPerSecond();
  }

  /**
   * Measures the tree now. `now` only labels the sample; the cpu rate uses the
   * monotonic clock, so a wall-clock step or an injected fake clock cannot
   * distort it. Pass `table` to share one /proc scan across many samplers.
   */
  async sample(now: Date = new Date(), table?: ProcessTable): Promise<TreeSample> {
    const support = processMetricsSupport(this.procRoot);
    if (!support.supported) throw new MetricsUnavailableError(support.reason!);
    const procs = table ?? (await readProcessTable(this.procRoot));
    // The scan's own moment, also when the table was read for many samplers a while ago.
    const uptimeTicks = procs.uptimeSeconds * this.tck;
    const mono = procs.monotonic;
    const tree = processTree(this.rootPid, procs);
    const root = tree[0];
    this.rootStart ??= root?.starttime ?? null;
    if (!root || root.starttime !== this.rootStart) {
      this.prev = new Map();
      return { at: now, cpuCores: 0, memoryBytes: 0, pids: [], alive: false };
    }

    const current = new Map<string, Seen>();
    for (const p of tree) current.set(key(p), { pid: p.pid, ticks: totalTicks(p), ppid: p.ppid });
    const memoryBytes = tree.reduce((sum, p) => sum + p.rssPages, 0) * pageSizeBytes();

    let cpuCores: number;
    if (this.prev === null) {
      const ageSeconds = (uptimeTicks - root.starttime) / this.tck;
      const ticks = tree.reduce((sum, p) => sum + totalTicks(p), 0);
      cpuCores = ageSeconds > 0.01 ? ticks / this.tck / ageSeconds : 0;
    } else {
      cpuCores = this.rate(tree, current, mono);
    }

    this.prev = current;
    this.prevMono = mono;
    this.prevUptimeTicks = uptimeTicks;
    return { at: now, cpuCores: round(cpuCores, 3), memoryBytes, pids: tree.map((p) => p.pid), alive: true };
  }

  private rate(tree: ProcStat[], current: Map<string, Seen>, mono: bigint): number {
    const prev = this.prev!;
    let delta = 0;
    for (const p of tree) {
      const before = prev.get(key(p));
      if (before) delta += totalTicks(p) - before.ticks;
      // New since the last sample: all of its time falls in this interval.
      else if (p.starttime >= Math.floor(this.prevUptimeTicks)) delta += totalTicks(p);
      // Older but new to the tree (adopted): its history is not ours; count from now.
    }
    const livePids = new Set(tree.map((p) => p.pid));
    const vanished = new Map<number, Seen>();
    for (const [k, seen] of prev) if (!current.has(k)) vanished.set(seen.pid, seen);
    for (const seen of vanished.values()) {
      // Reaped inside the tree: its total reappears in the cutime of its nearest
      // live ancestor, also when its own parent has since been reaped in turn
      // (a shell that ran one command and exited), so it is taken back once.
      if (reapedIntoTree(seen, vanished, livePids)) delta -= seen.ticks;
    }
    const elapsed = Number(mono - this.prevMono) / 1e9;
    if (elapsed <= 0) return 0;
    return Math.max(0, delta) / this.tck / elapsed;
  }
}

function key(p: ProcStat): string {
  return `${p.pid}:${p.starttime}`;
}

function totalTicks(p: ProcStat): number {
  return p.utime + p.stime + p.cutime + p.cstime;
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
