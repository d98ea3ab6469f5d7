import { spawn } from "node:child_process";

export interface ProbeOptions {
  /** A shell command; exit 0 means healthy. */
  command: string;
  intervalMs: number;
  env: Record<string, string>;
  cwd?: string | null;
  /** A probe that takes longer than this counts as failed (default: the interval, at most 10 s). */
  timeoutMs?: number;
  /** Consecutive failures before a healthy execution is reported DEGRADED (default 2: one slow probe is not an outage). */
  failureThreshold?: number;
}

/** Milliseconds of a canonical duration as the server writes it ("10s", "1m30s", "500ms"). */
export function durationMs(text: string): number {
  let ms = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) ms += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "ms" | "s" | "m" | "h"];
  return ms > 0 ? ms : 10_000;
}

export type ProbeVerdict = { healthy: true; message: string } | { healthy: false; message: string };

/**
 * Pure: what a run of probe results means. The first pass makes the execution
 * healthy; `threshold` failures in a row make it unhealthy (before the first
 * pass too, so a probe that never passes is visible rather than stuck in
 * STARTING); a pass after that makes it healthy again. Returns the new verdict,
 * or null when nothing changed.
 */
export function nextVerdict(
  current: boolean | null,
  failuresInARow: number,
  passed: boolean,
  threshold: number,
): boolean | null {
  if (passed) return current === true ? null : true;
  if (failuresInARow >= threshold && current !== false) return false;
  return null;
}

/**
 * Runs a job's health probe beside its process, every interval, and calls
 * `onVerdict` when health changes. The agent holds an execution in STARTING
 * until its first pass, so RUNNING means "healthy" for jobs with a probe, and
 * reports DEGRADED while it fails.
 */
export class HealthProbe {
  private timer: NodeJS.Timeout | null = null;
  private healthy: boolean | null = null;
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly opts: ProbeOptions,
    private readonly onVerdict: (v: ProbeVerdict) => void,
  ) {}

  start(): void {
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const result = await runProbe(this.opts.command, this.opts.env, this.opts.cwd ?? undefined, this.opts.timeoutMs ?? Math.min(this.opts.intervalMs, 10_000));
    if (this.stopped) return;
    this.failures = result.ok ? 0 : this.failures + 1;
    const verdict = nextVerdict(this.healthy, this.failures, result.ok, this.opts.failureThreshold ?? 2);
    if (verdict !== null) {
      this.healthy = verdict;
      this.onVerdict(verdict ? { healthy: true, message: "health probe passed" } : { healthy: false, message: `health probe failing: ${result.message}` });
    }
    this.timer = setTimeout(() => void this.tick(), this.opts.intervalMs);
  }
}

/** One probe run: `sh -c command`, killed after the timeout. */
function runProbe(command: string, env: Record<string, string>, cwd: string | undefined, timeoutMs: number): Promise<{ ok: boolean; message: string }> {
  return new Promise((resolve) => {
    const child = spawn("/bin/sh", ["-c", command], { env, cwd, stdio: ["ignore", "ignore", "pipe"], timeout: timeoutMs, killSignal: "SIGKILL" });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => {
      if (stderr.length < 500) stderr += d.toString("utf8");
    });
    child.on("error", (err) => resolve({ ok: false, message: err.message }));
    child.on("close", (code, signal) => {
      if (code === 0) return resolve({ ok: true, message: "" });
      const tail = stderr.trim().split("\n").pop()?.slice(0, 200) ?? "";
      const how = signal === "SIGKILL" ? `timed out after ${timeoutMs} ms` : `exit ${code ?? signal}`;
      resolve({ ok: false, message: tail ? `${how}: ${tail}` : how });
    });
  });
}
