import { existsSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isAlive, record, spec, waitFor } from "./helpers.ts";

const NODE = process.execPath;
const tmp = mkdtempSync(path.join(os.tmpdir(), "drover-runner-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("ProcessRunner: exits and output", () => {
  it("runs a shell string to COMPLETE with exit code 0, reporting STARTING, RUNNING, COMPLETE", async () => {
    const r = record(spec({ command: "echo hello" }));
    const out = await r.runner.start();
    expect(out).toMatchObject({ state: "COMPLETE", exitCode: 0, signal: null });
    expect(r.states.map((s) => s.state)).toEqual(["STARTING", "RUNNING", "COMPLETE"]);
    expect(r.states[2]!.outcome).toEqual(out);
    expect(r.lines).toMatchObject([{ lineNo: 1, stream: "stdout", text: "hello" }]);
  });

  it("reports a non-zero exit as FAILED with the code", async () => {
    const r = record(spec({ command: "echo about to fail; exit 3" }));
    const out = await r.runner.start();
    expect(out).toMatchObject({ state: "FAILED", code: "NONZERO_EXIT", exitCode: 3, message: "exit code 3" });
    expect(r.texts()).toEqual(["about to fail"]);
  });

  it("numbers stdout and stderr lines from 1 across both streams, each stream in order, stamped by now()", async () => {
    let tick = 0;
    const now = () => new Date(Date.UTC(2026, 0, 1) + tick++ * 1000);
    const r = record(spec({ command: "for i in 1 2 3; do echo out$i; echo err$i >&2; done" }), { now });
    await r.runner.start();
    expect(r.lines.map((l) => l.lineNo)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.lines.filter((l) => l.stream === "stdout").map((l) => l.text)).toEqual(["out1", "out2", "out3"]);
    expect(r.lines.filter((l) => l.stream === "stderr").map((l) => l.text)).toEqual(["err1", "err2", "err3"]);
    // Every timestamp came from the injected clock, in emission order.
    const times = r.lines.map((l) => l.at.getTime());
    expect(times.every((t) => t >= Date.UTC(2026, 0, 1))).toBe(true);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(r.lines.every((l) => l.executionId === r.runner.spec.executionId)).toBe(true);
  });

  it("emits a last line that has no trailing newline, on both streams (argv form)", async () => {
    const r = record(
      spec({ args: [NODE, "-e", "process.stdout.write('one\\ntwo'); process.stderr.write('half')"] }),
    );
    const out = await r.runner.start();
    expect(out.state).toBe("COMPLETE");
    expect(r.lines.filter((l) => l.stream === "stdout").map((l) => l.text)).toEqual(["one", "two"]);
    expect(r.lines.filter((l) => l.stream === "stderr").map((l) => l.text)).toEqual(["half"]);
    expect(r.lines.map((l) => l.lineNo).sort()).toEqual([1, 2, 3]);
  });

  it("caps a long line with a truncation marker and carries on with the next", async () => {
    const r = record(spec({ args: [NODE, "-e", "process.stdout.write('x'.repeat(250) + '\\nok\\n')"] }), {
      maxLineBytes: 100,
    });
    await r.runner.start();
    expect(r.texts()).toEqual(["x".repeat(100) + " …[truncated 150 bytes]", "ok"]);
  });
});

describe("ProcessRunner: environment and working directory", () => {
  it("gives the child DROVER_* variables, the job env over a minimal inherited env, and no agent secrets", async () => {
    const script =
      "const e = process.env; console.log(JSON.stringify({cfg: JSON.parse(e.DROVER_CONFIG), ex: e.DROVER_EXECUTION_ID," +
      " job: e.DROVER_JOB_ID, node: e.DROVER_NODE_ID, rf: e.DROVER_RESULT_FILE, greeting: e.GREETING," +
      " token: e.DROVER_TOKEN ?? null, path: !!e.PATH, rfExists: require('fs').existsSync(e.DROVER_RESULT_FILE)}))";
    const s = spec({
      args: [NODE, "-e", script],
      env: { GREETING: "hi there", DROVER_RESULT_FILE: "/etc/passwd" },
      config: { region: "eu", replicas: [1, 2] },
    });
    const r = record(s, { inheritedEnv: { PATH: process.env.PATH, DROVER_TOKEN: "secret-node-token" } });
    const out = await r.runner.start();
    expect(out.state).toBe("COMPLETE");
    const seen = JSON.parse(r.texts()[0]!);
    expect(seen).toMatchObject({
      cfg: { region: "eu", replicas: [1, 2] },
      ex: s.executionId,
      job: "job-test",
      node: "node-test",
      greeting: "hi there",
      token: null,
      path: true,
      rfExists: true,
    });
    // The agent owns DROVER_RESULT_FILE; a job env cannot redirect it. It is removed afterwards.
    expect(seen.rf).not.toBe("/etc/passwd");
    expect(existsSync(seen.rf)).toBe(false);
  });

  it("runs in the working directory", async () => {
    const r = record(spec({ command: "pwd", workingDir: tmp }));
    await r.runner.start();
    expect(realpathSync(r.texts()[0]!)).toBe(realpathSync(tmp));
  });

  it("fails clearly when the working directory does not exist", async () => {
    const missing = path.join(tmp, "no-such-dir");
    const r = record(spec({ command: "pwd", workingDir: missing }));
    const out = await r.runner.start();
    expect(out).toMatchObject({ state: "FAILED", code: "SPAWN_FAILED", message: `working directory ${missing} does not exist` });
    expect(r.states.map((s) => s.state)).toEqual(["STARTING", "FAILED"]);
  });
});

describe("ProcessRunner: spawn failures and missing commands", () => {
  it("fails a job with neither command nor args with NO_COMMAND", async () => {
    const r = record(spec({ config: { only: "config" } }));
    const out = await r.runner.start();
    expect(out).toMatchObject({ state: "FAILED", code: "NO_COMMAND", exitCode: null });
    expect(r.states.map((s) => s.state)).toEqual(["STARTING", "FAILED"]);
  });

  it("treats an empty command string and empty args as no command", async () => {
    expect((await record(spec({ command: "  ", args: [] })).runner.start()).code).toBe("NO_COMMAND");
  });

  it("fails a missing binary (argv form) as SPAWN_FAILED without ever RUNNING", async () => {
    const r = record(spec({ args: ["drover-no-such-binary-xyz", "--flag"] }));
    const out = await r.runner.start();
    expect(out).toMatchObject({ state: "FAILED", code: "SPAWN_FAILED", message: "command not found: drover-no-such-binary-xyz" });
    expect(r.states.map((s) => s.state)).toEqual(["STARTING", "FAILED"]);
  });

  it("reports a missing binary in a shell string as exit 127 with a hint and the shell's message", async () => {
    const r = record(spec({ command: "drover-no-such-binary-xyz" }));
    const out = await r.runner.start();
    expect(out).toMatchObject({ state: "FAILED", exitCode: 127, message: "exit code 127 (command not found)" });
    expect(r.lines.some((l) => l.stream === "stderr" && /not found/.test(l.text))).toBe(true);
  });
});

describe("ProcessRunner: result file", () => {
  it("parses {changed, data} from DROVER_RESULT_FILE and deletes the file", async () => {
    const r = record(spec({ command: `echo "$DROVER_RESULT_FILE"; printf '{"changed":true,"data":{"pkgs":["a","b"]}}' > "$DROVER_RESULT_FILE"` }));
    const out = await r.runner.start();
    expect(out.state).toBe("COMPLETE");
    expect(out.result).toEqual({ changed: true, data: { pkgs: ["a", "b"] } });
    expect(existsSync(r.texts()[0]!)).toBe(false);
  });

  it("turns invalid JSON into an error in the result, not a crash or a failed execution", async () => {
    const r = record(spec({ command: `printf '{not json' > "$DROVER_RESULT_FILE"` }));
    const out = await r.runner.start();
    expect(out.state).toBe("COMPLETE");
    expect(out.result).toMatchObject({ changed: null, data: null, error: expect.stringMatching(/^invalid JSON in result file/) });
  });

  it("has no result when the job wrote nothing, and still reads one from a failed job", async () => {
    expect((await record(spec({ command: "true" })).runner.start()).result).toBeUndefined();
    const failed = await record(spec({ command: `echo '{"changed":false,"data":"disk full"}' > "$DROVER_RESULT_FILE"; exit 1` })).runner.start();
    expect(failed).toMatchObject({ state: "FAILED", result: { changed: false, data: "disk full" } });
  });
});

describe("ProcessRunner: stop, timeout and the process group", () => {
  it("stop(): a child that traps SIGTERM exits cleanly within the grace period and is STOPPED", async () => {
    const r = record(spec({ command: "trap 'echo got-term; exit 0' TERM; echo ready; sleep 30 & wait" }));
    const done = r.runner.start();
    expect(await r.waitLine(/^ready$/)).toBe(true);
    const t0 = Date.now();
    const out = await r.runner.stop(3000);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(await done).toBe(out);
    expect(out).toMatchObject({ state: "STOPPED", exitCode: 0, signal: null });
    expect(r.texts()).toContain("got-term");
    expect(r.states.at(-1)!.state).toBe("STOPPED");
  });

  it("stop(): a child ignoring SIGTERM is SIGKILLed after the grace period, with its whole group", async () => {
    // `trap '' TERM` is inherited by the background sleep: both ignore SIGTERM.
    const r = record(spec({ command: "trap '' TERM; sleep 30 & echo \"grandchild $!\"; wait" }));
    void r.runner.start();
    expect(await r.waitLine(/^grandchild \d+$/)).toBe(true);
    const shellPid = r.runner.pid!;
    const sleepPid = Number(r.texts()[0]!.split(" ")[1]);
    expect(isAlive(shellPid) && isAlive(sleepPid)).toBe(true);
    const t0 = Date.now();
    const out = await r.runner.stop(300);
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(2500);
    expect(out).toMatchObject({ state: "STOPPED", signal: "SIGKILL", message: "stopped (killed after the grace period)" });
    expect(isAlive(shellPid)).toBe(false);
    expect(await waitFor(() => !isAlive(sleepPid), 1000)).toBe(true);
  });

  it("fails an execution past its timeout, killed the same way, with a clear message", async () => {
    const r = record(spec({ command: "echo started; sleep 30", executionTimeoutMs: 300 }), { killGraceMs: 200 });
    const t0 = Date.now();
    const out = await r.runner.start();
    expect(Date.now() - t0).toBeLessThan(2500);
    expect(out).toMatchObject({ state: "FAILED", code: "EXECUTION_TIMEOUT", message: "execution timeout (0.3s) exceeded" });
    expect(r.texts()).toEqual(["started"]);
  });

  it("kills what the main process left running in its group when it exits", async () => {
    const r = record(spec({ command: "sleep 30 & echo $!" }));
    const t0 = Date.now();
    const out = await r.runner.start();
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(out.state).toBe("COMPLETE");
    expect(await waitFor(() => !isAlive(Number(r.texts()[0])), 1000)).toBe(true);
  });

  it("stop() before start() finishes STOPPED without spawning", async () => {
    const r = record(spec({ command: "echo never" }));
    const out = await r.runner.stop(100);
    expect(out.state).toBe("STOPPED");
    expect(await r.runner.start()).toBe(out);
    expect(r.lines).toEqual([]);
    expect(r.runner.pid).toBeUndefined();
  });

  it("stop() after the process exited returns its own outcome", async () => {
    const r = record(spec({ command: "exit 0" }));
    const out = await r.runner.start();
    expect(await r.runner.stop(100)).toBe(out);
    expect(out.state).toBe("COMPLETE");
  });
});

describe("ProcessRunner: backpressure", () => {
  it("while output is paused the process blocks on its pipe, and every line is read once resumed, even after it exited", async () => {
    const r = record(spec({ command: "seq 1 100000; echo done >&2" }), { exitDrainMs: 100 });
    r.runner.pauseOutput();
    void r.runner.start();
    await waitFor(() => r.states.some((s) => s.state === "RUNNING"));
    await new Promise((res) => setTimeout(res, 600));
    // Paused: at most what was in flight before the pause, and the process cannot finish its writes.
    expect(r.lines.length).toBeLessThan(100_000);
    expect(r.runner.state).toBe("RUNNING");
    r.runner.resumeOutput();
    const out = await r.runner.done;
    expect(out.state).toBe("COMPLETE");
    const stdout = r.lines.filter((l) => l.stream === "stdout").map((l) => l.text);
    expect(stdout).toHaveLength(100_000);
    expect(stdout.every((t, i) => t === String(i + 1))).toBe(true);
  });

  it("what a process left in its pipes when it exited is still read after a pause longer than the exit drain", async () => {
    // About 24 KiB: fits in the pipe, so the process exits while nothing is read.
    const r = record(spec({ command: "seq 1 5000" }), { exitDrainMs: 100 });
    r.runner.pauseOutput();
    void r.runner.start();
    await waitFor(() => r.states.some((s) => s.state === "RUNNING"));
    await new Promise((res) => setTimeout(res, 800));
    r.runner.resumeOutput();
    const out = await r.runner.done;
    expect(out.state).toBe("COMPLETE");
    expect(r.lines.map((l) => l.text)).toEqual(Array.from({ length: 5000 }, (_, i) => String(i + 1)));
  });
});
