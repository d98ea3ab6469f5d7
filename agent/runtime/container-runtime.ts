/**
 * Whether this node can run container images. We ask the runtime itself
 * (`docker info`, then `podman info`) instead of looking for the binary: a
 * docker client without a reachable engine is common (this very machine), and
 * a node that advertised images there would accept work it can only fail.
 */
import { spawn } from "node:child_process";
import { signalGroup } from "./process-group.ts";

export interface ContainerRuntimeInfo {
  /** The runtime that answered, or null when none did. */
  name: "docker" | "podman" | (string & {}) | null;
  available: boolean;
  /** Why none is available: one reason per runtime tried. Null when one answered. */
  error: string | null;
  /** The engine's version when it answered. */
  version?: string;
}

export interface RuntimeCandidate {
  name: string;
  /** Program to run; `<command> info` must succeed for the runtime to count. */
  command: string;
}

export interface DetectOptions {
  /** Per runtime. A hung daemon socket must not hold up agent start for long. */
  timeoutMs?: number;
  /** Ignore the cached answer and ask again. */
  refresh?: boolean;
  /** Tried in order (default docker, then podman); mainly for tests. Bypasses the cache. */
  candidates?: RuntimeCandidate[];
}

export const DEFAULT_CANDIDATES: readonly RuntimeCandidate[] = [
  { name: "docker", command: "docker" },
  { name: "podman", command: "podman" },
];

const DEFAULT_TIMEOUT_MS = 3_000;

let cached: Promise<ContainerRuntimeInfo> | null = null;

/**
 * Detects once per process and caches the answer (the agent registers with it
 * and the executor consults it per job); concurrent callers share one probe.
 */
export function detectContainerRuntime(opts: DetectOptions = {}): Promise<ContainerRuntimeInfo> {
  if (opts.candidates) return probeAll(opts.candidates, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  if (!cached || opts.refresh) cached = probeAll(DEFAULT_CANDIDATES, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  return cached;
}

/** Forget the cached answer (e.g. after the operator starts the engine). */
export function resetContainerRuntimeCache(): void {
  cached = null;
}

async function probeAll(candidates: readonly RuntimeCandidate[], timeoutMs: number): Promise<ContainerRuntimeInfo> {
  const reasons: string[] = [];
  for (const c of candidates) {
    const r = await probe(c, timeoutMs);
    if (r.ok) return { name: c.name, available: true, error: null, ...(r.version ? { version: r.version } : {}) };
    reasons.push(`${c.name}: ${r.reason}`);
  }
  return { name: null, available: false, error: reasons.join("; ") || "no container runtime configured" };
}

type ProbeResult = { ok: true; version: string } | { ok: false; reason: string };

function probe(c: RuntimeCandidate, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let stdout = "";
    let stderr = "";
    let settled = false;
    const settle = (r: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    // `--format` keeps the output to the version line; both docker and podman accept it.
    const format = c.name === "podman" ? "{{.Version.Version}}" : "{{.ServerVersion}}";
    const child = spawn(c.command, ["info", "--format", format], {
      stdio: ["ignore", "pipe", "pipe"],
      // Own group so a timeout can kill helpers the CLI started (credential helpers, ssh).
      detached: true,
    });
    const timer = setTimeout(() => {
      if (child.pid) signalGroup(child.pid, "SIGKILL");
      settle({ ok: false, reason: `\`${c.command} info\` did not answer within ${timeoutMs}ms` });
    }, timeoutMs);
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (err) => {
      const code = (err as NodeJS.ErrnoException).code;
      settle({ ok: false, reason: code === "ENOENT" ? "not installed" : err.message });
    });
    child.on("close", (code) => {
      if (code === 0) return settle({ ok: true, version: stdout.trim() });
      settle({ ok: false, reason: firstLine(stderr) || firstLine(stdout) || `\`${c.command} info\` exited with ${code}` });
    });
  });
}

function firstLine(s: string): string {
  return s.split("\n").map((l) => l.trim()).find((l) => l.length > 0) ?? "";
}
