import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { request, RemoteError } from "../client/graphql-http.ts";
import { wsUrlOf } from "../client/connection.ts";
import type { AgentAssignmentsSubscription, ExecutionComputeStateType, TypedDocumentString } from "../client/gql/graphql.ts";
import { ProcessRunner, type LogLine, type StateChange } from "./runtime/process-runner.ts";
import { ProcessTreeSampler } from "./runtime/process-tree-metrics.ts";
import { readProcessTable } from "./runtime/procfs.ts";
import { OutboundBuffer, type DroppedRun } from "./runtime/bounded-buffer.ts";
import { detectContainerRuntime, type ContainerRuntimeInfo } from "./runtime/container-runtime.ts";
import { backoffMs } from "./backoff.ts";
import { claimStateDir } from "./state-dir-lock.ts";
import type { PidLock } from "../common/pid-lock.ts";
import { HealthProbe, durationMs } from "./runtime/health-probe.ts";
import { buildChildEnv } from "./runtime/child-env.ts";
import { metaEnvName } from "../common/run-meta-env.ts";
import { endLeftovers, processIdentity, removeRecord, writeRecord, type EndedLeftover } from "./runtime/execution-records.ts";
import { isTerminalCompute } from "../common/states.ts";
import {
  ASSIGNMENTS,
  HEARTBEAT,
  REGISTER_NODE,
  REPORT_LOGS,
  REPORT_METRICS,
  REPORT_STATES,
  type AssignmentPayload,
} from "./documents.ts";

export interface AgentLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface AgentOptions {
  /** The server's GraphQL URL (http://host:port/graphql). */
  serverUrl: string;
  /**
   * Several servers (replicas of one cluster, serverUrl among them or not):
   * a request that cannot reach one goes to the next, and the assignments
   * socket reconnects to the next.
   */
  serverUrls?: string[];
  /** A join or admin token, used to register the node. */
  token: string;
  nodeId: string;
  hostname: string;
  labels: Record<string, string>;
  capacity: number;
  /**
   * What the node has, reported at registration and in every heartbeat so
   * placement can count free room. Default: os.cpus().length and os.totalmem().
   */
  cpuCores?: number;
  memoryBytes?: number;
  /** Keeps the node token across restarts. */
  stateDir: string;
  heartbeatMs?: number;
  flushMs?: number;
  sampleMs?: number;
  /** SIGTERM → SIGKILL grace when an execution is stopped. */
  killGraceMs?: number;
  log?: AgentLogger;
}

interface StateReport {
  executionId: string;
  counter: number;
  computeState: ExecutionComputeStateType;
  message: string;
  exitCode: number | null;
  details: Record<string, string>;
  result?: unknown;
  changed?: boolean | null;
  at: Date;
}

interface Sample {
  executionId: string;
  sampleNo: number;
  at: Date;
  cpuCores: number;
  memoryBytes: number;
}

interface LocalExecution {
  runner: ProcessRunner | null;
  counter: number;
  sampler: ProcessTreeSampler | null;
  sampleNo: number;
  finishedAt: number | null;
  probe: HealthProbe | null;
  /** The write of its record in the state dir; the removal waits for it. */
  record: Promise<void> | null;
  /** The working directory the agent made for it (none when the spec names one): removed when it ends. */
  workDir: string | null;
  /** The last state reported, so a count of dropped lines can be added to it without changing it. */
  last: { assignment: AssignmentPayload; computeState: ExecutionComputeStateType; message: string; details: Record<string, string> } | null;
}

const FINISHED_MEMORY_MS = 10 * 60_000;
/** Buffered lines at which output reading pauses, and below which it resumes (the buffer holds 50,000). */
const PAUSE_OUTPUT_AT = 10_000;
const RESUME_OUTPUT_AT = 4_000;
/** Failing reports for this long means the server is unreachable (one reset connection does not). */
const UNREACHABLE_AFTER_MS = 10_000;
const silent: AgentLogger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * The agent: registers its node, heartbeats, follows its assignments over
 * graphql-ws, runs each execution as a process group, and reports states, log
 * lines and cpu/memory samples. While the server is unreachable it keeps its
 * executions running and buffers reports (bounded); on reconnect it sends what
 * the server has not confirmed, and counters make resends harmless.
 */
export class Agent {
  private nodeToken: string | null = null;
  private readonly executions = new Map<string, LocalExecution>();
  private readonly buffer = new OutboundBuffer<StateReport, LogLine, Sample>({}, { dropMarker });
  /** Output reading is paused for backpressure (see `regulateOutput`). */
  private outputPaused = false;
  private ws: Client | null = null;
  private timers: NodeJS.Timeout[] = [];
  private flushing: Promise<void> | null = null;
  private flushFailures = 0;
  /** When a report last went through: the server counts as unreachable only after a while without one. */
  private lastReportOkAt = Date.now();
  private soon: NodeJS.Timeout | null = null;
  private nextFlushAt = 0;
  private registering: Promise<void> | null = null;
  private stopped = false;
  private lock: PidLock | null = null;
  private runtime: Promise<ContainerRuntimeInfo> | null = null;
  /** Processes a previous life of this agent left running, ended at start, by execution id. */
  private readonly leftovers = new Map<string, EndedLeftover>();
  private readonly log: AgentLogger;
  private readonly opts: Required<Omit<AgentOptions, "log" | "serverUrls">>;
  private readonly servers: ServerList;
  /** Resolves once the first assignment batch arrived (tests and the quickstart wait on it). */
  readonly ready: Promise<void>;
  private markReady!: () => void;

  constructor(opts: AgentOptions) {
    this.opts = {
      heartbeatMs: 2000,
      flushMs: 200,
      sampleMs: 2000,
      killGraceMs: 10_000,
      ...opts,
      cpuCores: opts.cpuCores ?? os.cpus().length,
      memoryBytes: opts.memoryBytes ?? os.totalmem(),
    } as Required<
      Omit<AgentOptions, "log" | "serverUrls">
    >;
    this.servers = new ServerList(opts.serverUrls?.length ? opts.serverUrls : [opts.serverUrl]);
    this.log = opts.log ?? silent;
    this.ready = new Promise((r) => (this.markReady = r));
  }

  get nodeId(): string {
    return this.opts.nodeId;
  }

  async start(): Promise<void> {
    await fs.mkdir(this.opts.stateDir, { recursive: true, mode: 0o700 });
    // mkdir's mode applies only to a directory it creates; one made by hand keeps its own.
    await fs.chmod(this.opts.stateDir, 0o700);
    // One agent per state dir: a second one would take the first's node token and end its processes as leftovers.
    this.lock = claimStateDir(this.opts.stateDir, this.opts.nodeId);
    // Before taking any assignment: what a previous life started runs unsupervised (its output
    // pipes died with it), so it is ended, and reported when its assignment arrives.
    for (const e of await endLeftovers(this.opts.stateDir, this.opts.killGraceMs)) {
      this.leftovers.set(e.record.executionId, e);
      this.log.warn({ executionId: e.record.executionId, pid: e.record.pid, ended: e.ended }, "ended a process a previous agent left running");
    }
    // Nothing runs yet, so every working directory left here belongs to a previous life.
    await fs.rm(path.join(this.opts.stateDir, "work"), { recursive: true, force: true });
    this.runtime = detectContainerRuntime();
    await this.register();
    this.subscribe();
    this.every(this.opts.heartbeatMs, () => this.heartbeat());
    this.every(this.opts.flushMs, () => this.flush());
    this.every(this.opts.sampleMs, () => this.sample());
  }

  /** Stops following the server; with `stopExecutions` (default) also stops every local process. */
  async stop({ stopExecutions = true }: { stopExecutions?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    await this.ws?.dispose();
    if (stopExecutions) {
      const running = [...this.executions.values()].filter((e) => e.runner && e.finishedAt === null);
      await Promise.all(running.map((e) => e.runner!.stop(Math.min(this.opts.killGraceMs, 5000))));
    }
    // One last attempt to deliver what is buffered, bounded so shutdown cannot hang.
    await Promise.race([this.flush(true), new Promise((r) => setTimeout(r, 2000))]);
    this.lock?.release();
  }

  private every(ms: number, fn: () => Promise<unknown>): void {
    const t = setInterval(() => {
      if (!this.stopped) fn().catch((err) => this.log.warn({ err }, "agent task failed"));
    }, ms);
    t.unref();
    this.timers.push(t);
  }

  // ---- registration and liveness ----

  private tokenFile(): string {
    return path.join(this.opts.stateDir, "node.json");
  }

  /** Registers (retrying with backoff while the server is unreachable) and keeps the node token. */
  private register(): Promise<void> {
    this.registering ??= (async () => {
      const runtime = await this.runtime!;
      for (let attempt = 0; !this.stopped; attempt++) {
        try {
          const data = await this.servers.request(this.opts.token, REGISTER_NODE, {
            input: {
              nodeId: this.opts.nodeId,
              hostname: this.opts.hostname,
              labels: this.opts.labels,
              capacity: this.opts.capacity,
              cpuCores: this.opts.cpuCores,
              memoryBytes: this.opts.memoryBytes,
              runtimes: { container: runtime },
              agentVersion: "drover-agent/0.1",
            },
          });
          this.nodeToken = data.registerNode.token;
          await fs.writeFile(this.tokenFile(), JSON.stringify({ nodeId: this.opts.nodeId, token: this.nodeToken }) + "\n", {
            mode: 0o600,
          });
          // The mode applies only to a file writeFile creates: an older, looser one is tightened.
          await fs.chmod(this.tokenFile(), 0o600);
          this.log.info({ nodeId: this.opts.nodeId }, "node registered");
          return;
        } catch (err) {
          if (err instanceof RemoteError && !err.retryable) {
            // The bootstrap token was refused; a node token kept from an earlier run may still work.
            const kept = await this.keptToken();
            if (kept) {
              this.nodeToken = kept;
              return;
            }
            throw err;
          }
          const wait = backoffMs(attempt, 250, 5000);
          this.log.warn({ err: (err as Error).message, retryInMs: wait }, "cannot register yet");
          await new Promise((r) => setTimeout(r, wait));
        }
      }
    })().finally(() => {
      this.registering = null;
    });
    return this.registering;
  }

  private async keptToken(): Promise<string | null> {
    try {
      const saved = JSON.parse(await fs.readFile(this.tokenFile(), "utf8")) as { nodeId: string; token: string };
      return saved.nodeId === this.opts.nodeId ? saved.token : null;
    } catch {
      return null;
    }
  }

  private async heartbeat(): Promise<void> {
    try {
      await this.call(HEARTBEAT, { nodeId: this.opts.nodeId, cpuCores: this.opts.cpuCores, memoryBytes: this.opts.memoryBytes });
    } catch (err) {
      this.log.debug({ err: (err as Error).message }, "heartbeat failed");
    }
  }

  /** A request with the node token; a refused token (new database, revoked) triggers re-registration. */
  private async call<R, V>(query: TypedDocumentString<R, V>, variables: V): Promise<R> {
    try {
      return await this.servers.request(this.nodeToken, query, variables);
    } catch (err) {
      if (err instanceof RemoteError && (err.code === "UNAUTHENTICATED" || err.status === 401)) {
        await this.register();
      }
      throw err;
    }
  }

  // ---- assignments ----

  private subscribe(): void {
    this.ws = createClient({
      // Asked at every (re)connect: after a drop the socket tries the next server.
      url: () => wsUrlOf(this.servers.forSocket()),
      webSocketImpl: WebSocket,
      connectionParams: () => ({ authorization: `Bearer ${this.nodeToken}` }),
      lazy: false,
      keepAlive: 10_000,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => !this.stopped,
      retryWait: (retries) => new Promise((r) => setTimeout(r, backoffMs(retries, 200, 5000))),
      on: {
        connected: () => this.servers.socketConnected(),
        closed: (event) => {
          const code = (event as { code?: number }).code;
          if (code === 4403 && !this.stopped) void this.register().catch(() => {});
        },
      },
    });
    this.ws.subscribe<AgentAssignmentsSubscription>(
      { query: String(ASSIGNMENTS), variables: { nodeId: this.opts.nodeId } },
      {
        next: (msg) => {
          const batch = msg.data?.assignments;
          if (!batch) return;
          this.onBatch(batch.full, batch.assignments);
          this.markReady();
        },
        error: (err) => this.log.error({ err }, "assignment stream ended with an error"),
        complete: () => {},
      },
    );
  }

  private onBatch(full: boolean, assignments: AssignmentPayload[]): void {
    const seen = new Set<string>();
    for (const a of assignments) {
      seen.add(a.executionId);
      void this.apply(a).catch((err) => this.log.error({ err, executionId: a.executionId }, "cannot apply assignment"));
    }
    if (full) {
      // The full set is the truth: anything running here that it does not list must stop.
      for (const [id, local] of this.executions) {
        if (!seen.has(id) && local.runner && local.finishedAt === null) void local.runner.stop(this.opts.killGraceMs);
      }
    }
    this.prune();
  }

  private async apply(a: AssignmentPayload): Promise<void> {
    const local = this.executions.get(a.executionId);
    if (a.desiredState === "STOPPED") {
      if (local?.runner && local.finishedAt === null) await local.runner.stop(this.opts.killGraceMs);
      else if (!local && !isTerminalCompute(a.computeState) && a.computeState !== "PENDING") {
        const leftover = this.leftovers.get(a.executionId);
        this.leftovers.delete(a.executionId);
        this.report(a, leftover ? { computeState: "STOPPED", ...restartedReport(leftover) } : { computeState: "STOPPED", message: "stopped: not running on this agent" });
      } else if (!local && a.computeState === "PENDING") {
        this.report(a, { computeState: "STOPPED", message: "stopped before it started" });
      }
      return;
    }
    if (local || isTerminalCompute(a.computeState)) return;
    if (a.computeState !== "PENDING") {
      // It ran under an earlier agent process that is gone. LOST, not FAILED: the job did not
      // fail, its supervisor did; the scheduler places a replacement without counting a retry.
      this.report(a, { computeState: "LOST", ...restartedReport(this.leftovers.get(a.executionId)) });
      this.leftovers.delete(a.executionId);
      return;
    }
    await this.launch(a);
  }

  private async launch(a: AssignmentPayload): Promise<void> {
    const local: LocalExecution = { runner: null, counter: a.reportCounter, sampler: null, sampleNo: 0, finishedAt: null, probe: null, record: null, last: null, workDir: null };
    this.executions.set(a.executionId, local);
    let { command, args } = a.spec;
    if (a.spec.image) {
      const runtime = await this.runtime!;
      if (!runtime.available || !runtime.name) {
        local.finishedAt = Date.now();
        this.report(a, {
          computeState: "FAILED",
          message: `image ${a.spec.image} needs a container runtime, and this node has none (${runtime.error ?? "not found"})`,
          details: { code: "NO_CONTAINER_RUNTIME", skipped: "true" },
        });
        return;
      }
      args = containerArgs(runtime.name, a, command, args);
      command = null;
    }
    let workingDir = a.spec.workingDir || null;
    if (!workingDir) {
      try {
        workingDir = local.workDir = await this.makeWorkDir(a.executionId);
      } catch (err) {
        local.finishedAt = Date.now();
        this.report(a, { computeState: "FAILED", message: `cannot make the working directory: ${(err as Error).message}`, details: { code: "SPAWN_FAILED" } });
        return;
      }
    }
    const runner = new ProcessRunner(
      {
        executionId: a.executionId,
        jobId: a.jobId,
        nodeId: this.opts.nodeId,
        command,
        args,
        env: a.spec.env,
        workingDir,
        config: a.spec.config,
        executionTimeoutMs: a.spec.timeouts.executionTimeout * 1000,
        meta: a.runValues?.meta,
        payload: a.runValues?.payload,
      },
      {
        killGraceMs: this.opts.killGraceMs,
        onLine: (line) => {
          this.buffer.pushLog(line);
          if (this.buffer.size.logLines >= PAUSE_OUTPUT_AT) this.regulateOutput();
          this.flushSoon();
        },
        onState: (change) => this.onState(a, local, change),
      },
    );
    local.runner = runner;
    if (this.outputPaused) runner.pauseOutput();
    void runner.start();
  }

  private onState(a: AssignmentPayload, local: LocalExecution, change: StateChange): void {
    if (change.state === "RUNNING" && change.pid) {
      local.sampler = new ProcessTreeSampler(change.pid);
      local.record = this.keepRecord(a.executionId, change.pid, change.at);
    }
    const probe = a.spec.deployment.healthCheck?.probe;
    if (change.state === "RUNNING" && probe) {
      // With a probe, RUNNING means healthy: the execution stays STARTING until the first pass.
      local.probe = new HealthProbe(
        { command: probe.command, intervalMs: durationMs(probe.interval), env: probeEnv(a, this.opts.nodeId), cwd: a.spec.workingDir || local.workDir || undefined },
        (v) => {
          if (local.finishedAt === null) this.pushState(a, local, { computeState: v.healthy ? "RUNNING" : "DEGRADED", message: v.message, at: new Date() });
        },
      );
      local.probe.start();
      return;
    }
    const outcome = change.outcome;
    if (outcome) {
      local.sampler = null;
      local.finishedAt = Date.now();
      local.probe?.stop();
      if (local.workDir) {
        const dir = local.workDir;
        local.workDir = null;
        void fs.rm(dir, { recursive: true, force: true }).catch((err) => this.log.warn({ err, dir }, "cannot remove the working directory"));
      }
      const written = local.record;
      local.record = null;
      void (written ?? Promise.resolve())
        .then(() => removeRecord(this.opts.stateDir, a.executionId))
        .catch((err) => this.log.warn({ err, executionId: a.executionId }, "cannot remove the execution's record"));
    }
    this.pushState(a, local, {
      computeState: change.state,
      message: change.message,
      exitCode: outcome?.exitCode ?? null,
      // The code says what ended it; the signal, when one did (the exit code travels on its own).
      details: { ...(outcome?.code ? { code: outcome.code } : {}), ...(outcome?.signal ? { signal: outcome.signal } : {}) },
      result: outcome?.result?.data,
      changed: outcome?.result?.changed ?? null,
      at: change.at,
    });
  }

  /**
   * Each execution gets a directory of its own, readable by this user only,
   * instead of sharing the agent's (the quickstart's is the repository).
   */
  private async makeWorkDir(executionId: string): Promise<string> {
    const dir = path.join(this.opts.stateDir, "work", executionId);
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    await fs.chmod(dir, 0o700);
    return dir;
  }

  /** Records the started process in the state dir, so a restarted agent can end it if this one dies. */
  private async keepRecord(executionId: string, pid: number, at: Date): Promise<void> {
    const id = processIdentity(pid);
    if (!id) return; // already gone: nothing to leave behind
    try {
      await writeRecord(this.opts.stateDir, { executionId, pid, pgid: pid, startTime: id.startTime, bootId: id.bootId, startedAt: at.toISOString() });
    } catch (err) {
      this.log.warn({ err, executionId }, "cannot record the execution in the state dir");
    }
  }

  /** Queues a state change of a running execution and flushes soon: state changes go out first. */
  private pushState(
    a: AssignmentPayload,
    local: LocalExecution,
    r: Pick<StateReport, "computeState" | "message" | "at"> & Partial<Pick<StateReport, "exitCode" | "details" | "result" | "changed">>,
  ): void {
    local.counter += 1;
    const details = { ...(r.details ?? {}) };
    const dropped = this.buffer.droppedLines(a.executionId);
    if (dropped > 0) details.droppedLogLines = String(dropped);
    local.last = { assignment: a, computeState: r.computeState, message: r.message, details };
    this.buffer.pushState({ executionId: a.executionId, counter: local.counter, exitCode: null, ...r, details });
    this.nextFlushAt = 0;
    this.flushSoon();
  }

  /**
   * After the server is back: a running execution that lost lines meanwhile
   * says so on the execution too (details.droppedLogLines), in a report of
   * the state it is already in.
   */
  private reportDrops(): void {
    for (const [id, local] of this.executions) {
      const dropped = this.buffer.droppedLines(id);
      if (dropped === 0 || local.finishedAt !== null || !local.last) continue;
      if (local.last.details.droppedLogLines === String(dropped)) continue;
      const { assignment, computeState, message, details } = local.last;
      this.pushState(assignment, local, { computeState, message, details, at: new Date() });
    }
  }

  /** Reports a state for an execution this agent does not run (it never started, or was lost). */
  private report(a: AssignmentPayload, r: { computeState: ExecutionComputeStateType; message: string; details?: Record<string, string> }): void {
    const local = this.executions.get(a.executionId);
    const counter = Math.max(local?.counter ?? 0, a.reportCounter) + 1;
    if (local) local.counter = counter;
    this.buffer.pushState({
      executionId: a.executionId,
      counter,
      computeState: r.computeState,
      message: r.message,
      exitCode: null,
      details: r.details ?? {},
      at: new Date(),
    });
  }

  private prune(): void {
    const cutoff = Date.now() - FINISHED_MEMORY_MS;
    for (const [id, e] of this.executions) {
      if (e.finishedAt !== null && e.finishedAt < cutoff) {
        this.executions.delete(id);
        this.buffer.forget(id);
      }
    }
  }

  // ---- reporting ----

  private async sample(): Promise<void> {
    const sampled = [...this.executions.entries()].filter(([, e]) => e.sampler);
    if (sampled.length === 0) return;
    const table = await readProcessTable();
    const now = new Date();
    for (const [executionId, e] of sampled) {
      try {
        const s = await e.sampler!.sample(now, table);
        if (!s.alive) continue;
        e.sampleNo += 1;
        this.buffer.pushSample({ executionId, sampleNo: e.sampleNo, at: now, cpuCores: s.cpuCores, memoryBytes: s.memoryBytes });
      } catch (err) {
        this.log.debug({ err, executionId }, "sampling failed");
      }
    }
  }

  /**
   * Runs one report request. A refusal (the server answered, and said no to
   * this input: a validation error, a 4xx) is returned rather than thrown:
   * sending the same batch again would be refused again, and everything
   * queued behind it (the next execution's states, its logs) would wait
   * forever. Network errors, 5xx, 429, internal errors (a busy database) and
   * a refused token (re-registration follows) throw: those are waited out.
   */
  private async refusable(send: () => Promise<unknown>): Promise<RemoteError | null> {
    try {
      await send();
      return null;
    } catch (err) {
      if (!(err instanceof RemoteError)) throw err;
      const refused =
        err.code === "VALIDATION_FAILED" || err.code === "FORBIDDEN" || err.code === "NOT_FOUND" || (err.status >= 400 && err.status < 500 && err.status !== 401 && err.status !== 429);
      if (!refused || err.code === "UNAUTHENTICATED") throw err;
      return err;
    }
  }

  /**
   * States go out together; when the server refuses the batch, each is sent
   * alone so that one refused report (say, a transition it does not allow)
   * does not take the others with it.
   */
  private async sendStates(states: StateReport[]): Promise<void> {
    const send = async (list: StateReport[]) => {
      const res = await this.call(REPORT_STATES, {
        nodeId: this.opts.nodeId,
        reports: list.map((st) => ({ ...st, at: st.at.toISOString(), result: st.result ?? null })),
      });
      for (const o of res.reportExecutionStates) {
        const local = this.executions.get(o.executionId);
        if (o.desiredState === "STOPPED" && local?.runner && local.finishedAt === null) void local.runner.stop(this.opts.killGraceMs);
      }
    };
    const refused = await this.refusable(() => send(states));
    if (!refused) return;
    for (const st of states) {
      const alone = states.length === 1 ? refused : await this.refusable(() => send([st]));
      if (alone) this.log.warn({ err: alone.message, executionId: st.executionId, computeState: st.computeState }, "the server refused a state report; dropped");
    }
  }

  /**
   * Backpressure. While the server takes reports, a process that prints
   * faster than its lines can be delivered is slowed down, not truncated:
   * past PAUSE_OUTPUT_AT buffered lines the agent stops reading every
   * execution's output (the pipes fill and the writers block) and reads on
   * below RESUME_OUTPUT_AT. While the server is unreachable (reports failing
   * for UNREACHABLE_AFTER_MS, re-checked at each retry) nothing would
   * drain, and holding a service's writes for an outage would hang it, so
   * output is read on and the bounded buffer drops the oldest lines, leaving
   * a marker line and a count on the execution.
   */
  private regulateOutput(): void {
    const held = this.buffer.size.logLines;
    const reachable = this.flushFailures === 0 || Date.now() - this.lastReportOkAt < UNREACHABLE_AFTER_MS;
    const pause = reachable && (held >= PAUSE_OUTPUT_AT || (this.outputPaused && held > RESUME_OUTPUT_AT));
    if (pause === this.outputPaused) return;
    this.outputPaused = pause;
    for (const e of this.executions.values()) {
      if (pause) e.runner?.pauseOutput();
      else e.runner?.resumeOutput();
    }
  }

  /**
   * Output goes out within a few milliseconds instead of waiting for the flush
   * interval, while a burst of lines still travels as one batch.
   */
  private flushSoon(): void {
    if (this.soon || this.stopped) return;
    this.soon = setTimeout(() => {
      this.soon = null;
      void this.flush();
    }, 5);
  }

  /** Sends buffered reports: lines and samples first, so a terminal state never overtakes its output. */
  flush(force = false): Promise<void> {
    if (this.flushing) return this.flushing;
    if (!force && Date.now() < this.nextFlushAt) return Promise.resolve();
    if (this.buffer.isEmpty) return Promise.resolve();
    const flushing = (async () => {
      try {
        while (!this.buffer.isEmpty) {
          const batch = this.buffer.nextBatch({ logLines: 2000 });
          if (batch.logLines.length) {
            const refused = await this.refusable(() => this.call(REPORT_LOGS, { nodeId: this.opts.nodeId, batches: logBatches(batch.logLines) }));
            if (refused) {
              this.log.warn({ err: refused.message, lines: batch.logLines.length }, "the server refused a batch of log lines; dropped with a marker");
              this.buffer.rejectLines(batch.logLines, refused.message);
            }
          }
          if (batch.samples.length) {
            const refused = await this.refusable(() =>
              this.call(REPORT_METRICS, { nodeId: this.opts.nodeId, samples: batch.samples.map((m) => ({ ...m, at: m.at.toISOString() })) }),
            );
            if (refused) this.log.warn({ err: refused.message, samples: batch.samples.length }, "the server refused metric samples; dropped");
          }
          if (batch.states.length) await this.sendStates(batch.states);
          this.buffer.ack(batch);
          this.flushFailures = 0;
          this.lastReportOkAt = Date.now();
          this.regulateOutput();
          if (batch.logLines.length + batch.samples.length + batch.states.length === 0) break;
        }
        this.flushFailures = 0;
        this.nextFlushAt = 0;
        this.reportDrops();
      } catch (err) {
        this.flushFailures += 1;
        this.nextFlushAt = Date.now() + backoffMs(this.flushFailures, 200, 5000);
        this.regulateOutput();
        this.log.debug({ err: (err as Error).message, buffered: this.buffer.size }, "cannot report yet; buffering");
      }
    })();
    // Cleared after assignment: a body that finished synchronously must not leave a stale promise behind.
    this.flushing = flushing.finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }
}

/** The line left in an execution's log where the buffer dropped lines. */
function dropMarker(run: DroppedRun): LogLine {
  const n = `${run.lines.toLocaleString("en-US")} line${run.lines === 1 ? "" : "s"}`;
  const range = run.firstLineNo === run.lastLineNo ? `line ${run.firstLineNo}` : `lines ${run.firstLineNo}-${run.lastLineNo}`;
  // The server's reason is cut short: a marker must itself be a line the server accepts.
  const why = run.rejected ? `refused by the server (${range}): ${run.rejected.slice(0, 300)}` : `dropped while the server was unreachable (${range})`;
  return { executionId: run.executionId, lineNo: run.lastLineNo, stream: "stderr", at: run.lastAt ?? new Date(), text: `[drover] ${n} ${why}` };
}

/**
 * The servers an agent may talk to, tried in turn. A request goes to the
 * server that answered last; one that cannot be reached (network error, 5xx)
 * hands the request to the next, so a dead replica costs one failed
 * connection, not an outage. An answer that refuses the request (4xx, a
 * GraphQL error) is the cluster's answer and is not retried elsewhere.
 */
class ServerList {
  private current = 0;
  private socketIndex = -1;
  private socketUp = false;

  constructor(private readonly urls: string[]) {}

  async request<R, V>(token: string | null, query: TypedDocumentString<R, V>, variables: V): Promise<R> {
    let last: unknown;
    for (let tried = 0; tried < this.urls.length; tried++) {
      const i = (this.current + tried) % this.urls.length;
      try {
        const data = await request(this.urls[i]!, token, query, variables);
        this.current = i;
        return data;
      } catch (err) {
        if (!(err instanceof RemoteError) || !err.retryable) throw err;
        last = err;
      }
    }
    throw last;
  }

  /** The URL for the next socket connection: the same after a clean session, the next after a failure. */
  forSocket(): string {
    if (!this.socketUp || this.socketIndex < 0) this.socketIndex = this.socketIndex < 0 ? this.current : (this.socketIndex + 1) % this.urls.length;
    this.socketUp = false;
    return this.urls[this.socketIndex]!;
  }

  socketConnected(): void {
    this.socketUp = true;
  }
}

/** How a restarted agent reports an execution its previous life ran. */
function restartedReport(leftover: EndedLeftover | undefined): { message: string; details: Record<string, string> } {
  if (!leftover) {
    return { message: "agent restarted; the previous process was not found on this node", details: { code: "AGENT_RESTARTED" } };
  }
  const { record, ended } = leftover;
  const how = ended === "gone" ? "had already exited" : ended === "SIGTERM" ? "was ended (SIGTERM)" : "was killed (SIGKILL after the grace period)";
  return {
    message: `agent restarted; the previous process (pid ${record.pid}) ${how}`,
    details: { code: "AGENT_RESTARTED", previousPid: String(record.pid), ended, previousStartedAt: record.startedAt },
  };
}

/** `docker run` (or podman) for a job with an image: the command runs inside it. */
function containerArgs(runtime: string, a: AssignmentPayload, command: string | null, args: string[] | null): string[] {
  const meta = Object.entries(a.runValues?.meta ?? {}).map(([k, v]) => [metaEnvName(k), v] as const);
  const env = [...Object.entries(a.spec.env ?? {}), ...meta].flatMap(([k, v]) => ["-e", `${k}=${v}`]);
  const inner = command ? ["/bin/sh", "-c", command] : (args ?? []);
  return [runtime, "run", "--rm", "--name", `drover-${a.executionId}`, ...env, a.spec.image!, ...inner];
}

/** What a health probe sees: the execution's own environment, without a result file. */
function probeEnv(a: AssignmentPayload, nodeId: string): Record<string, string> {
  return buildChildEnv(a.spec.env, { executionId: a.executionId, jobId: a.jobId, nodeId, config: a.spec.config, resultFile: "/dev/null", meta: a.runValues?.meta });
}

/** Lines grouped per execution as parallel lists: the server coerces one object per execution, not per line. */
function logBatches(lines: readonly LogLine[]): { executionId: string; lineNos: number[]; streams: string[]; at: string[]; texts: string[] }[] {
  const byExecution = new Map<string, { executionId: string; lineNos: number[]; streams: string[]; at: string[]; texts: string[] }>();
  for (const l of lines) {
    let b = byExecution.get(l.executionId);
    if (!b) byExecution.set(l.executionId, (b = { executionId: l.executionId, lineNos: [], streams: [], at: [], texts: [] }));
    b.lineNos.push(l.lineNo);
    b.streams.push(l.stream);
    b.at.push(l.at.toISOString());
    b.texts.push(l.text);
  }
  return [...byExecution.values()];
}
