// Every server and load generator of the suite runs in its own process so that
// the figures of one are not paid by another: the parent talks to each over
// IPC (ready, calls, CPU and RSS readings, stop).
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

type Message =
  | { type: "ready"; info: unknown }
  | { type: "reply"; id: number; value?: unknown; error?: string }
  | { type: "call"; id: number; method: string; args: unknown }
  | { type: "stop" };

export interface Usage {
  /** user + system CPU of the process so far, in ms. */
  cpuMs: number;
  rssMb: number;
}

export interface Child<Info> {
  pid: number;
  info: Info;
  call<T>(method: string, args?: unknown): Promise<T>;
  usage(): Promise<Usage>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  env?: Record<string, string | undefined>;
  /** Write a V8 CPU profile into this directory when the child exits. */
  cpuProfileDir?: string;
  /** How long to wait for "ready". */
  readyTimeoutMs?: number;
  /**
   * Run the script built as `npm run build` builds Drover (scripts/build.ts)
   * rather than through tsx: what an operator's server runs, without the
   * loader's thread and caches in its memory.
   */
  built?: boolean;
}

/** bench/lib/<script> built into one file under .scratch/ (inside the install folder, which Drover finds from its code). */
async function buildScript(script: string): Promise<string> {
  const { BUILD_OPTIONS } = await import("../../scripts/build.ts");
  const esbuild = await import("esbuild");
  const outfile = path.join(here, "..", "..", ".scratch", "bench-built", script.replace(/\.ts$/, ".mjs"));
  await esbuild.build({ ...BUILD_OPTIONS, entryPoints: [path.join(here, script)], outfile });
  return outfile;
}

/** Starts bench/lib/<script> (TypeScript, through tsx) and waits for it to say it is ready. */
export async function spawnChild<Info>(script: string, opts: SpawnOptions = {}): Promise<Child<Info>> {
  const execArgv = opts.built ? [] : ["--import", "tsx"];
  if (opts.cpuProfileDir) execArgv.unshift("--cpu-prof", `--cpu-prof-dir=${opts.cpuProfileDir}`);
  const proc: ChildProcess = fork(opts.built ? await buildScript(script) : path.join(here, script), [], {
    execArgv,
    env: { ...process.env, NODE_ENV: "production", ...opts.env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const info = await new Promise<Info>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within ${opts.readyTimeoutMs ?? 120_000} ms`)), opts.readyTimeoutMs ?? 120_000);
    proc.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready`));
    });
    proc.on("message", (m: Message) => {
      if (m.type === "ready") {
        clearTimeout(timer);
        resolve(m.info as Info);
      } else if (m.type === "reply") {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (m.error) p?.reject(new Error(`${script}: ${m.error}`));
        else p?.resolve(m.value);
      }
    });
  });
  proc.once("exit", (code) => {
    for (const p of pending.values()) p.reject(new Error(`${script} exited with ${code}`));
    pending.clear();
  });
  const call = <T>(method: string, args?: unknown) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      proc.send({ type: "call", id, method, args } satisfies Message);
    });
  return {
    pid: proc.pid!,
    info,
    call,
    usage: () => call<Usage>("usage"),
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.send({ type: "stop" } satisfies Message);
      const timer = setTimeout(() => proc.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export type Handlers = Record<string, (args: any) => unknown>;

/**
 * The child side: answers calls (and "usage") until told to stop, then runs
 * `onStop` and exits normally, so --cpu-prof gets to write its profile.
 * A child whose parent went away exits too.
 */
export function serveParent(info: unknown, handlers: Handlers, onStop: () => Promise<void> = async () => {}): void {
  const all: Handlers = {
    usage: () => {
      const u = process.cpuUsage();
      return { cpuMs: (u.user + u.system) / 1000, rssMb: process.memoryUsage.rss() / 1_048_576 } satisfies Usage;
    },
    // The clock V8's CPU profile stamps its samples with (microseconds), to mark where a measurement starts.
    hrtimeUs: () => Number(process.hrtime.bigint() / 1000n),
    ...handlers,
  };
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await onStop();
    } finally {
      process.exit(0);
    }
  };
  process.on("message", async (m: Message) => {
    if (m.type === "stop") return stop();
    if (m.type !== "call") return;
    try {
      const handler = all[m.method];
      if (!handler) throw new Error(`no method ${m.method}`);
      const value = await handler(m.args);
      process.send!({ type: "reply", id: m.id, value } satisfies Message);
    } catch (err) {
      process.send!({ type: "reply", id: m.id, error: (err as Error).stack ?? String(err) } satisfies Message);
    }
  });
  process.on("disconnect", () => void stop());
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
  process.send!({ type: "ready", info } satisfies Message);
}
