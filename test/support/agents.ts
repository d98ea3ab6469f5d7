import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "bin", "drover.js");

export interface AgentProcess {
  nodeId: string;
  child: ChildProcess;
  output: () => string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL: the agent dies without a word (its executions keep running as orphans until killed). */
  kill(): Promise<void>;
}

/** Starts a real `drover agent` process on loopback. */
export async function startAgent(opts: {
  url: string;
  token: string;
  nodeId: string;
  labels?: Record<string, string>;
  capacity?: number;
  heartbeatMs?: number;
  sampleMs?: number;
}): Promise<AgentProcess> {
  const stateDir = await fs.mkdtemp(path.join(os.tmpdir(), `drover-agent-${opts.nodeId}-`));
  const labels = Object.entries(opts.labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  const args = [
    BIN,
    "agent",
    "--server", opts.url,
    "--token", opts.token,
    "--node-id", opts.nodeId,
    "--capacity", String(opts.capacity ?? 4),
    "--state-dir", stateDir,
    "--heartbeat", `${opts.heartbeatMs ?? 250}ms`,
    "--sample-interval", `${opts.sampleMs ?? 500}ms`,
    ...(labels ? ["--labels", labels] : []),
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, DROVER_LOG_LEVEL: process.env.DROVER_TEST_LOG ?? "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    nodeId: opts.nodeId,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      await fs.rm(stateDir, { recursive: true, force: true });
    },
    async kill() {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** Polls `fn` until it returns a truthy value, or fails with the last value seen. */
export async function eventually<T>(fn: () => Promise<T>, { timeoutMs = 15_000, intervalMs = 100, what = "condition" } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

/** A port free on loopback right now, for a server that must come back on the same one. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}
