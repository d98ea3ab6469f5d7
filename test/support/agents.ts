import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "bin", "drover.js");

export interface AgentProcess {
  nodeId: string;
  /** Kept by kill(), so an agent started again with it is the same node's next life. */
  stateDir: string;
  child: ChildProcess;
  output: () => string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL: the agent dies without a word (its executions keep running as orphans until killed). */
  kill(): Promise<void>;
}

/** Starts a real `drover agent` process on loopback. */
export async function startAgent(opts: {
  /** One server URL, or several (the agent fails over between them). */
  url: string | string[];
  /** Passed as --token; null passes none (use env or extraArgs). */
  token: string | null;
  nodeId: string;
  /** Reuse a state dir (a restarted agent); default: a fresh temporary one. */
  stateDir?: string;
  env?: Record<string, string>;
  extraArgs?: string[];
  labels?: Record<string, string>;
  capacity?: number;
  /** What the agent reports its node has (--cpu, --memory); default: the machine's own. */
  cpu?: number;
  memory?: number;
  heartbeatMs?: number;
  sampleMs?: number;
}): Promise<AgentProcess> {
  const stateDir = opts.stateDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), `drover-agent-${opts.nodeId}-`)));
  const labels = Object.entries(opts.labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  const args = [
    BIN,
    "agent",
    ...(Array.isArray(opts.url) ? opts.url : [opts.url]).flatMap((u) => ["--server", u]),
    ...(opts.token === null ? [] : ["--token", opts.token]),
    "--node-id", opts.nodeId,
    "--capacity", String(opts.capacity ?? 4),
    "--state-dir", stateDir,
    "--heartbeat", `${opts.heartbeatMs ?? 250}ms`,
    "--sample-interval", `${opts.sampleMs ?? 500}ms`,
    ...(labels ? ["--labels", labels] : []),
    ...(opts.cpu !== undefined ? ["--cpu", String(opts.cpu)] : []),
    ...(opts.memory !== undefined ? ["--memory", String(opts.memory)] : []),
    ...(opts.extraArgs ?? []),
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, DROVER_LOG_LEVEL: process.env.DROVER_TEST_LOG ?? "warn", ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    nodeId: opts.nodeId,
    stateDir,
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

type AgentSpec = Omit<Parameters<typeof startAgent>[0], "url" | "token">;

/**
 * Starts one real agent per spec against a test server (with its admin
 * token) and waits until the server counts every one of them READY.
 */
export async function startReadyAgents(
  t: { server: { url: string }; token: string; gql(query: string): Promise<{ data?: any }> },
  specs: AgentSpec[],
  { timeoutMs = 15_000 } = {},
): Promise<AgentProcess[]> {
  // allSettled: when one agent fails to start, the others are still stopped below.
  const started = await Promise.allSettled(specs.map((s) => startAgent({ url: t.server.url, token: t.token, ...s })));
  const agents = started.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  let ready = false;
  try {
    const failed = started.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
    await eventually(async () => (await t.gql(`{ nodes(state: READY) { totalCount } }`)).data?.nodes.totalCount === specs.length, {
      what: `${specs.length} READY nodes`,
      timeoutMs,
    });
    ready = true;
    return agents;
  } finally {
    // The caller never gets the agents of a failed start, so they would outlive the test run.
    if (!ready) await Promise.all(agents.map((a) => a.stop()));
  }
}
