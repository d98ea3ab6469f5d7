/**
 * Runs one execution as a local child process and reports what happens to it:
 * state changes, numbered log lines, exit code or signal, and the answer the
 * job left in DROVER_RESULT_FILE. It knows nothing of GraphQL or the server;
 * the agent turns its callbacks into reports.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import { buildChildEnv } from "./child-env.ts";
import { DEFAULT_MAX_LINE_BYTES, LineSplitter } from "./line-splitter.ts";
import { signalGroup } from "./process-group.ts";
import { storableLogText } from "../../common/log-text.ts";
import {
  createResultFile,
  readResultFile,
  removeResultFile,
  writePayloadFile,
  type ExecutionResult,
  type ResultFile,
} from "./result-file.ts";

/** The server's compute-state spelling, for the states a local process can be in. */
export type ExecutionState = "STARTING" | "RUNNING" | "COMPLETE" | "FAILED" | "STOPPED";
export type TerminalState = "COMPLETE" | "FAILED" | "STOPPED";

/** Why an execution failed, for machines (the message is for people). */
export type FailureCode =
  | "NO_COMMAND"
  | "INVALID_COMMAND"
  | "SPAWN_FAILED"
  | "EXECUTION_TIMEOUT"
  | "NONZERO_EXIT"
  | "SIGNALED";

export interface ExecutionSpec {
  executionId: string;
  jobId: string;
  nodeId: string;
  /** A shell string, run with `/bin/sh -c`. */
  command?: string | null;
  /** An argv list, run without a shell; args[0] is looked up on PATH. */
  args?: string[] | null;
  env?: Record<string, string> | null;
  workingDir?: string | null;
  /** The job's config, handed over as DROVER_CONFIG (JSON). */
  config?: unknown;
  /** 0 or absent: no limit. */
  executionTimeoutMs?: number | null;
  /** The run's meta values, as DROVER_META_<KEY>. */
  meta?: Record<string, string> | null;
  /** The run's payload, written to the file DROVER_PAYLOAD_FILE names. */
  payload?: string | null;
}

export type StreamName = "stdout" | "stderr";

export interface LogLine {
  executionId: string;
  /** From 1, shared by both streams, in the order the agent read the lines. */
  lineNo: number;
  stream: StreamName;
  at: Date;
  text: string;
}

export interface ExecutionOutcome {
  state: TerminalState;
  message: string;
  code?: FailureCode;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** What the job wrote to DROVER_RESULT_FILE; absent when it wrote nothing. */
  result?: ExecutionResult;
  startedAt: Date | null;
  finishedAt: Date;
}

export interface StateChange {
  executionId: string;
  state: ExecutionState;
  at: Date;
  message: string;
  pid?: number;
  /** Set on the terminal change only. */
  outcome?: ExecutionOutcome;
}

export interface ProcessRunnerOptions {
  now?: () => Date;
  /** Callbacks run synchronously inside stream handlers; they must not throw. */
  onLine?: (line: LogLine) => void;
  onState?: (change: StateChange) => void;
  maxLineBytes?: number;
  /** Where DROVER_RESULT_FILE's private directory is made (default: os.tmpdir()). */
  tmpDir?: string;
  /** The agent's environment the allow-list is taken from (default: process.env). */
  inheritedEnv?: NodeJS.ProcessEnv;
  /** SIGTERM → SIGKILL grace when the execution timeout fires, and stop()'s default. */
  killGraceMs?: number;
  /**
   * After the main process exits, how long to wait for its output pipes to
   * close. Something that left the process group may hold them open forever.
   */
  exitDrainMs?: number;
}

const DEFAULT_KILL_GRACE_MS = 10_000;
const DEFAULT_EXIT_DRAIN_MS = 2_000;

type Cause = "stop" | "timeout";

export class ProcessRunner {
  private readonly now: () => Date;
  private readonly killGraceMs: number;
  private current: ExecutionState | null = null;
  private child: ChildProcess | null = null;
  private started = false;
  private spawned = false;
  private exited = false;
  private finished = false;
  /** Set when the final read of the result file has begun; later exit paths do nothing. */
  private cleanupStarted = false;
  private exitCode: number | null = null;
  private exitSignal: NodeJS.Signals | null = null;
  private startedAt: Date | null = null;
  private cause: Cause | null = null;
  private killDeadline = Infinity;
  private killTimer: NodeJS.Timeout | null = null;
  private timeoutTimer: NodeJS.Timeout | null = null;
  private drainTimer: NodeJS.Timeout | null = null;
  private resultFile: ResultFile | null = null;
  private lineNo = 0;
  private outputPaused = false;
  private readonly splitters: LineSplitter[] = [];
  private resolveDone!: (o: ExecutionOutcome) => void;
  /** Settles once, with the terminal outcome. */
  readonly done: Promise<ExecutionOutcome>;

  constructor(
    readonly spec: ExecutionSpec,
    private readonly opts: ProcessRunnerOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date());
    this.killGraceMs = opts.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  /** The process (and process group) id once spawned. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get state(): ExecutionState | null {
    return this.current;
  }

  /** Starts the execution; returns `done`. Calling it again does nothing more. */
  start(): Promise<ExecutionOutcome> {
    if (!this.started && !this.finished) {
      this.started = true;
      void this.launch();
    }
    return this.done;
  }

  /**
   * SIGTERM to the whole process group, SIGKILL after `graceMs`; the outcome
   * is STOPPED (unless the process had already exited, or the timeout had
   * already fired: the first cause wins). A second call with a shorter grace
   * brings the SIGKILL forward.
   */
  stop(graceMs: number = this.killGraceMs): Promise<ExecutionOutcome> {
    if (this.finished || this.exited) return this.done;
    this.cause ??= "stop";
    if (!this.started) {
      // Never launched: nothing to kill.
      this.started = true;
      this.setState("STARTING", "");
      this.finish({ state: "STOPPED", message: "stopped before start", exitCode: null, signal: null });
    } else if (this.spawned) {
      this.terminate(graceMs);
    }
    // Still spawning: the 'spawn' handler sees `cause` and terminates then.
    return this.done;
  }

  /**
   * Stops reading the process's output: once the pipes fill, its writes
   * block, which slows it to the pace its lines can be delivered at instead
   * of losing them. Nothing is lost while paused; the exit drain waits too.
   */
  pauseOutput(): void {
    if (this.outputPaused) return;
    this.outputPaused = true;
    for (const s of [this.child?.stdout, this.child?.stderr]) s?.pause();
  }

  resumeOutput(): void {
    if (!this.outputPaused) return;
    this.outputPaused = false;
    for (const s of [this.child?.stdout, this.child?.stderr]) s?.resume();
  }

  get outputIsPaused(): boolean {
    return this.outputPaused;
  }

  private async launch(): Promise<void> {
    const { spec } = this;
    this.setState("STARTING", "");
    const invocation = resolveInvocation(spec);
    if ("code" in invocation) {
      this.finish({ state: "FAILED", code: invocation.code, message: invocation.message, exitCode: null, signal: null });
      return;
    }
    const cwdProblem = spec.workingDir ? await checkDirectory(spec.workingDir) : null;
    if (cwdProblem) {
      this.finish({ state: "FAILED", code: "SPAWN_FAILED", message: cwdProblem, exitCode: null, signal: null });
      return;
    }
    if (this.cause === "stop") {
      this.finish({ state: "STOPPED", message: "stopped before start", exitCode: null, signal: null });
      return;
    }
    let payloadFile: string | null = null;
    try {
      this.resultFile = await createResultFile(this.opts.tmpDir);
      if (spec.payload != null) payloadFile = await writePayloadFile(this.resultFile, spec.payload);
    } catch (err) {
      if (this.resultFile) await removeResultFile(this.resultFile).catch(() => undefined);
      this.finish({
        state: "FAILED",
        code: "SPAWN_FAILED",
        message: `cannot create the result or payload file: ${(err as Error).message}`,
        exitCode: null,
        signal: null,
      });
      return;
    }
    const env = buildChildEnv(
      spec.env,
      {
        executionId: spec.executionId,
        jobId: spec.jobId,
        nodeId: spec.nodeId,
        config: spec.config,
        resultFile: this.resultFile.path,
        meta: spec.meta,
        payloadFile,
      },
      this.opts.inheritedEnv,
    );
    let child: ChildProcess;
    try {
      child = spawn(invocation.file, invocation.argv, {
        cwd: spec.workingDir || undefined,
        env,
        // Own session and process group (pgid = pid), so stop and timeout can
        // signal everything the job started, and a Ctrl-C aimed at the agent's
        // terminal does not reach the jobs.
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (err) {
      // Synchronous refusals, e.g. a NUL byte in an argument.
      void this.finishAfterCleanup({ state: "FAILED", code: "SPAWN_FAILED", message: spawnMessage(invocation.file, err), exitCode: null, signal: null });
      return;
    }
    this.child = child;
    if (this.outputPaused) for (const st of [child.stdout, child.stderr]) st?.pause();
    this.capture(child.stdout!, "stdout");
    this.capture(child.stderr!, "stderr");
    child.once("spawn", () => this.onSpawn());
    child.on("error", (err) => {
      // After a successful spawn, 'error' means a failed kill(); the exit path still runs.
      if (this.spawned) return;
      for (const s of [child.stdout, child.stderr]) s?.destroy();
      void this.finishAfterCleanup({ state: "FAILED", code: "SPAWN_FAILED", message: spawnMessage(invocation.file, err), exitCode: null, signal: null });
    });
    child.once("exit", (code, signal) => this.onExit(code, signal));
    child.once("close", () => void this.finishAfterCleanup(this.exitOutcome()));
  }

  private onSpawn(): void {
    this.spawned = true;
    this.startedAt = this.now();
    this.setState("RUNNING", "");
    const limit = this.spec.executionTimeoutMs ?? 0;
    if (limit > 0) {
      this.timeoutTimer = setTimeout(() => {
        if (this.exited || this.cause) return;
        this.cause = "timeout";
        this.terminate(this.killGraceMs);
      }, limit);
    }
    if (this.cause === "stop") this.terminate(this.killGraceMs);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exited = true;
    this.exitCode = code;
    this.exitSignal = signal;
    this.clearTimers();
    // The main process is the execution: whatever it left running in its group
    // (a background `sleep &`) goes with it, rather than living on unaccounted
    // on the node. Data already in the pipes is still read.
    if (this.child?.pid) signalGroup(this.child.pid, "SIGKILL");
    this.armDrain();
  }

  /** The wait for the pipes to close counts only while output is read: paused, what is left in them is not lost. */
  private armDrain(): void {
    this.drainTimer = setTimeout(() => {
      if (this.outputPaused) {
        this.armDrain();
        return;
      }
      for (const s of [this.child?.stdout, this.child?.stderr]) s?.destroy();
      void this.finishAfterCleanup(this.exitOutcome());
    }, this.opts.exitDrainMs ?? DEFAULT_EXIT_DRAIN_MS);
  }

  private terminate(graceMs: number): void {
    const pid = this.child?.pid;
    if (!pid || this.exited) return;
    signalGroup(pid, "SIGTERM");
    const deadline = Date.now() + Math.max(0, graceMs);
    if (deadline >= this.killDeadline) return;
    this.killDeadline = deadline;
    if (this.killTimer) clearTimeout(this.killTimer);
    this.killTimer = setTimeout(() => {
      if (!this.exited) signalGroup(pid, "SIGKILL");
    }, Math.max(0, graceMs));
  }

  private capture(stream: NodeJS.ReadableStream, name: StreamName): void {
    const splitter = new LineSplitter((text) => this.emitLine(name, text), this.opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
    this.splitters.push(splitter);
    stream.on("data", (chunk: Buffer) => splitter.push(chunk));
    stream.on("end", () => splitter.flush());
    stream.on("error", () => splitter.flush());
  }

  private emitLine(stream: StreamName, text: string): void {
    this.lineNo += 1;
    this.opts.onLine?.({ executionId: this.spec.executionId, lineNo: this.lineNo, stream, at: this.now(), text: storableLogText(text) });
  }

  private exitOutcome(): Omit<ExecutionOutcome, "startedAt" | "finishedAt"> {
    const exitCode = this.exitCode;
    const signal = this.exitSignal;
    if (this.cause === "stop") {
      const how = signal === "SIGKILL" ? " (killed after the grace period)" : "";
      return { state: "STOPPED", message: `stopped${how}`, exitCode, signal };
    }
    if (this.cause === "timeout") {
      const seconds = (this.spec.executionTimeoutMs ?? 0) / 1000;
      return { state: "FAILED", code: "EXECUTION_TIMEOUT", message: `execution timeout (${seconds}s) exceeded`, exitCode, signal };
    }
    if (exitCode === 0) return { state: "COMPLETE", message: "exit code 0", exitCode, signal };
    if (exitCode !== null) {
      const hint = exitCode === 127 ? " (command not found)" : exitCode === 126 ? " (not executable)" : "";
      return { state: "FAILED", code: "NONZERO_EXIT", message: `exit code ${exitCode}${hint}`, exitCode, signal };
    }
    return { state: "FAILED", code: "SIGNALED", message: `killed by signal ${signal ?? "unknown"}`, exitCode, signal };
  }

  /** Reads and removes the result file, then finishes. Runs its body once. */
  private async finishAfterCleanup(outcome: Omit<ExecutionOutcome, "startedAt" | "finishedAt">): Promise<void> {
    if (this.cleanupStarted || this.finished) return;
    this.cleanupStarted = true;
    this.clearTimers();
    if (this.drainTimer) clearTimeout(this.drainTimer);
    for (const s of this.splitters) s.flush();
    let result: ExecutionResult | undefined;
    if (this.resultFile) {
      // Read even for failed or stopped executions: a broadcast node's error
      // details are most useful exactly then.
      result = await readResultFile(this.resultFile.path);
      await removeResultFile(this.resultFile).catch(() => undefined);
    }
    this.finish(result === undefined ? outcome : { ...outcome, result });
  }

  private finish(outcome: Omit<ExecutionOutcome, "startedAt" | "finishedAt">): void {
    if (this.finished) return;
    this.finished = true;
    this.clearTimers();
    const full: ExecutionOutcome = { ...outcome, startedAt: this.startedAt, finishedAt: this.now() };
    this.setState(full.state, full.message, full);
    this.resolveDone(full);
  }

  private setState(state: ExecutionState, message: string, outcome?: ExecutionOutcome): void {
    this.current = state;
    const change: StateChange = { executionId: this.spec.executionId, state, at: outcome?.finishedAt ?? this.now(), message };
    if (this.child?.pid) change.pid = this.child.pid;
    if (outcome) change.outcome = outcome;
    this.opts.onState?.(change);
  }

  private clearTimers(): void {
    if (this.timeoutTimer) clearTimeout(this.timeoutTimer);
    if (this.killTimer) clearTimeout(this.killTimer);
    this.timeoutTimer = this.killTimer = null;
  }
}

/** Convenience: construct and start in one call. */
export function runExecution(spec: ExecutionSpec, opts?: ProcessRunnerOptions): ProcessRunner {
  const runner = new ProcessRunner(spec, opts);
  void runner.start();
  return runner;
}

type Invocation = { file: string; argv: string[] } | { code: FailureCode; message: string };

function resolveInvocation(spec: ExecutionSpec): Invocation {
  const command = spec.command?.trim() ? spec.command : null;
  const args = spec.args && spec.args.length > 0 ? spec.args : null;
  if (command && args) {
    // The server rejects this at submit time; refuse rather than guess which one was meant.
    return { code: "INVALID_COMMAND", message: "give command (a shell string) or args (an argv list), not both" };
  }
  if (command) return { file: "/bin/sh", argv: ["-c", command] };
  if (args) {
    if (!args[0]) return { code: "INVALID_COMMAND", message: "args[0] (the program) is empty" };
    return { file: args[0], argv: args.slice(1) };
  }
  return { code: "NO_COMMAND", message: "the job has neither command nor args to run" };
}

/**
 * Node reports a missing cwd as `spawn /bin/sh ENOENT`, blaming the program;
 * checking first gives a message that names the real problem.
 */
async function checkDirectory(dir: string): Promise<string | null> {
  try {
    const st = await fs.stat(dir);
    return st.isDirectory() ? null : `working directory ${dir} is not a directory`;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return `working directory ${dir} does not exist`;
    return `working directory ${dir} is not usable: ${(err as Error).message}`;
  }
}

function spawnMessage(file: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return `command not found: ${file}`;
  if (code === "EACCES") return `permission denied: ${file}`;
  return `cannot start ${file}: ${(err as Error).message}`;
}
