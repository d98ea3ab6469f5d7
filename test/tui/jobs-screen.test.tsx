import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { KEY, renderTui, submitJob, type TuiHarness } from "./helpers.tsx";

describe("TUI jobs screen", () => {
  let t: TestServer;
  let ui: TuiHarness;

  beforeAll(async () => {
    // No control loops: job states stay where the API puts them, so the frame is predictable.
    t = await startTestServer("sqlite", { controlLoops: false });
    await submitJob(t, { name: "log-processor", type: "SERVICE", command: "sleep 60" });
    await submitJob(t, { name: "nightly-backup", type: "BATCH", command: "true", schedule: "0 2 * * *" });
    await submitJob(t, { name: "edge-config", namespace: "edge", type: "CONFIG", command: "true" });
    ui = renderTui(t);
  });
  afterAll(async () => {
    await ui?.close();
    await t?.stop();
  });

  it("lists every job with its type, state and version, in 80 columns", async () => {
    const frame = await ui.waitFor("nightly-backup");
    expect(frame).toContain("log-processor");
    expect(frame).toContain("edge-config");
    expect(frame).toMatch(/Jobs 3/);
    expect(frame).toMatch(/default\s+nightly-backup\s+batch\s+◐ PENDING\s+v1/);
    for (const line of frame.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
    expect(frame.split("\n").length).toBeLessThanOrEqual(24);
  });

  it("shows a job submitted after it opened, live", async () => {
    await submitJob(t, { name: "late-arrival", type: "BATCH", command: "true" });
    await ui.waitFor("late-arrival");
    expect(ui.frame()).toMatch(/Jobs 4/);
  });

  it("filters with / and keeps the filter in the title", async () => {
    await ui.press("/");
    await ui.type("night");
    const frame = await ui.waitFor((f) => !f.includes("log-processor"));
    expect(frame).toContain("nightly-backup");
    expect(frame).toMatch(/Jobs 1 of 4/);
    expect(frame).toContain("/night");
    await ui.press("/");
    await ui.type("");
    await ui.waitFor("log-processor");
  });

  it("moves the selection with j/k and arrows, and sorts with o", async () => {
    // Sorted by namespace, then name: default/late-arrival is first, edge/edge-config last.
    await ui.press("G");
    await ui.waitFor(/▸ edge\s+edge-config/);
    await ui.press("g");
    await ui.waitFor(/▸ default\s+late-arrival/);
    await ui.press("j");
    await ui.waitFor(/▸ default\s+log-processor/);
    await ui.press(KEY.down, "k");
    await ui.waitFor(/▸ default\s+log-processor/);
    await ui.press(KEY.up);
    await ui.waitFor(/▸ default\s+late-arrival/);
    await ui.press("o");
    await ui.waitFor("sort:state");
  });

  it("handles every key of a chunk (key repeat, paste), and clears the status line after a while", async () => {
    // From sort:state, three o's in one chunk step through type and updated back to name.
    await ui.press("ooo");
    await ui.waitFor("sort:name");
    expect(ui.frame()).toContain("sorted by name");
    await ui.press("g");
    await ui.waitFor(/▸ default\s+late-arrival/);
    await ui.press("jjj");
    await ui.waitFor(/▸ edge\s+edge-config/);
    await ui.press("kk");
    await ui.waitFor(/▸ default\s+log-processor/);
    await ui.waitFor((f) => !f.includes("sorted by name"), 8000);
  });

  it("filters with smartcase: lower case ignores case, a capital makes it exact", async () => {
    await ui.press("/");
    await ui.type("/NIGHT/");
    await ui.waitFor('no job matches "/NIGHT/"');
    await ui.press("/");
    await ui.type("/night|EDGE-c/i");
    const frame = await ui.waitFor((f) => f.includes("nightly-backup") && f.includes("edge-config") && !f.includes("log-processor"));
    expect(frame).toMatch(/Jobs 2 of 4/);
    await ui.press("/");
    await ui.type("");
    await ui.waitFor("log-processor");
  });

  it("keeps the selection on its job when rows re-sort around it", async () => {
    const other = renderTui(t);
    try {
      // Nothing pressed yet: the first row is selected, and stays selected when a job sorts before it.
      await other.waitFor(/▸ default\s+late-arrival/);
      await submitJob(t, { name: "a-early", type: "BATCH", command: "true" });
      const frame = await other.waitFor("a-early");
      expect(frame).toMatch(/▸ default\s+late-arrival/);
      expect(frame).toMatch(/  default\s+a-early/);
    } finally {
      await other.close();
    }
  });

  it("switches namespace with n through a picker of the namespaces that have jobs", async () => {
    await ui.press("n");
    const picker = await ui.waitFor((f) => f.includes("Namespaces") && /edge\s+1/.test(f));
    expect(picker).toMatch(/▸\s+● all\s+5/);
    expect(picker).toMatch(/default\s+4/);
    await ui.press("G", KEY.enter);
    const frame = await ui.waitFor((f) => f.includes("ns:edge") && !f.includes("nightly-backup"));
    expect(frame).toContain("edge-config");
    await ui.press("n");
    await ui.waitFor((f) => f.includes("Namespaces") && /● edge\s+1/.test(f));
    await ui.press("g", KEY.enter);
    await ui.waitFor((f) => f.includes("nightly-backup") && !f.includes("ns:edge"));
  });

  it("shows a job as YAML with y", async () => {
    await ui.press("/");
    await ui.type("nightly");
    await ui.waitFor((f) => !f.includes("log-processor"));
    await ui.press("y");
    const yaml = await ui.waitFor((f) => f.includes("Describe nightly-backup") && f.includes("name: nightly-backup"));
    expect(yaml).toMatch(/^\s+spec:$/m);
    expect(yaml).toMatch(/^\s+name: nightly-backup$/m);
    expect(yaml).not.toContain("__typename");
    await ui.press("G");
    await ui.waitFor(/^\s+runningExecutions: 0$/m);
    await ui.press(KEY.escape);
    await ui.waitFor("Jobs 1 of");
  });

  it("triggers a run after a confirmation and reports it in the status line", async () => {
    await ui.press("/");
    await ui.type("nightly");
    await ui.waitFor((f) => !f.includes("log-processor"));
    await ui.press("t");
    await ui.waitFor("Trigger a run of nightly-backup? y/N");
    await ui.press("y");
    const frame = await ui.waitFor(/✓ run run-\w+ of nightly-backup/);
    expect(frame).toMatch(/pending|queued/);
    const runs = await t.gql<{ runs: { totalCount: number } }>(`query($j: ID!) { runs(jobId: $j) { totalCount } }`, {
      j: (await t.gql<{ job: { id: string } }>(`{ job(name: "nightly-backup") { id } }`)).data!.job.id,
    });
    expect(runs.data!.runs.totalCount).toBe(1);
  });

  it("declines an action on anything but y, and refuses to trigger a service", async () => {
    await ui.press("t");
    await ui.waitFor("y/N");
    await ui.press("n");
    await ui.waitFor("cancelled: Trigger a run of nightly-backup?");
    await ui.press("/");
    await ui.type("log-proc");
    await ui.waitFor((f) => !/nightly-backup\s+batch/.test(f));
    await ui.press("t");
    await ui.waitFor("only batch and broadcast jobs have runs");
  });

  it("stops a job after a confirmation", async () => {
    await ui.press("s");
    await ui.waitFor("Stop log-processor? y/N");
    await ui.press("y");
    await ui.waitFor(/✓ log-processor is stopped/);
    await ui.waitFor(/log-processor\s+service\s+○ STOPPED/);
    await ui.press("/");
    await ui.type("");
  });

  it("deletes a job with ctrl-d after a confirmation", async () => {
    await ui.press("/");
    await ui.type("a-early");
    await ui.waitFor((f) => f.includes("a-early") && !f.includes("log-processor"));
    await ui.press("\u0004");
    await ui.waitFor("Delete default/a-early with its executions, runs, logs and events? y/N");
    await ui.press("y");
    await ui.waitFor("✓ a-early deleted");
    await ui.waitFor('no job matches "a-early"');
    expect((await t.gql(`{ job(name: "a-early") { id } }`)).data.job).toBeNull();
    await ui.press("/");
    await ui.type("");
  });

  it("lists every key of the screen with ?", async () => {
    await ui.press("?");
    const frame = await ui.waitFor("Keys: jobs");
    for (const label of ["trigger a run", "filter by name", "pick a namespace", "as YAML", "delete the job", "sort by name", "go back one level"]) expect(frame).toContain(label);
    await ui.press(KEY.escape);
    await ui.waitFor((f) => !f.includes("Keys: jobs"));
  });
});
