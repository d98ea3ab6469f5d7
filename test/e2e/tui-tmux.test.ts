import { execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { request } from "../../client/graphql-http.ts";
import { eventually, freePort, startAgent, type AgentProcess } from "../support/agents.ts";
import { spawnServer } from "../support/server-process.ts";
import { hasTmux, TmuxSession } from "../support/tmux.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const available = hasTmux();
if (!available && process.env.CI) throw new Error("tmux is required in CI for the end-to-end TUI test");
if (!available) console.warn("tmux not found: skipping the end-to-end TUI test (install tmux to run it)");

/** The highest "tock N" number on the screen. */
const lastTock = (screen: string) => Math.max(0, ...[...screen.matchAll(/tock (\d+)/g)].map((m) => Number(m[1])));

describe.skipIf(!available)("drover tui in a real terminal (tmux)", () => {
  const agents: AgentProcess[] = [];
  const marker = `drover-e2e-${process.pid}`;
  let server: ChildProcess | null = null;
  let tmux: TmuxSession | null = null;
  let dataDir = "";

  afterAll(async () => {
    tmux?.kill();
    await Promise.all(agents.map((a) => a.stop()));
    server?.kill("SIGKILL");
    try {
      execFileSync("pkill", ["-KILL", "-f", marker]);
    } catch {
      // nothing left
    }
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it("follows a rolling update and a log stream live, and rides out a server restart", async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "drover-e2e-"));
    const port = await freePort();
    server = await spawnServer(port, dataDir);
    const url = `http://127.0.0.1:${port}/graphql`;
    const token = (await fs.readFile(path.join(dataDir, "admin.token"), "utf8")).trim();
    const gql = <T = any>(q: string, v?: Record<string, unknown>) => request<T>(url, token, q, v);
    for (const nodeId of ["node-e2e-a", "node-e2e-b", "node-e2e-c"]) agents.push(await startAgent({ url, token, nodeId, labels: { pool: "e2e" } }));
    await eventually(async () => (await gql(`{ nodes(state: READY) { totalCount } }`)).nodes.totalCount === 3, { what: "three READY nodes", timeoutMs: 30_000 });

    const submit = (word: string) =>
      gql(`mutation($input: SubmitJobInput!) { submitJob(input: $input) { job { id } } }`, {
        input: {
          name: "web",
          type: "SERVICE",
          command: `i=0; while true; do i=$((i+1)); echo "${word} $i"; sleep 0.2; done # ${marker}`,
          selector: { matchLabels: { pool: "e2e" } },
          deployment: { strategy: "ROLLING", maxParallel: 1, healthCheck: { deadline: "60s", minHealthyTime: "5s" } },
        },
      });
    const jobId = (await submit("tick")).submitJob.job.id as string;
    // Jobs to move over, sorted before web by name.
    for (const name of ["a-1", "a-2", "a-3", "a-4"]) await gql(`mutation($input: SubmitJobInput!) { submitJob(input: $input) { job { id } } }`, { input: { name, type: "BATCH", command: "true" } });
    const status = async () => {
      const s = (await gql(`query($id: ID) { job(id: $id) { status { version rollout { state } lastRollout { state } } } }`, { id: jobId })).job.status;
      return { ...s, rollout: s.rollout ?? s.lastRollout };
    };
    await eventually(async () => (await status()).rollout?.state === "SUCCEEDED", { what: "the first rollout", timeoutMs: 60_000 });

    tmux = TmuxSession.start(marker, `node ${path.join(ROOT, "bin", "drover.js")} tui --server ${url} --token ${token}`, {
      width: 100,
      height: 30,
      cwd: dataDir,
      env: { NO_COLOR: "1" },
    });
    // The first start of the binary on a fresh checkout compiles the TUI's sources (tsx): allow for it under load.
    await tmux.waitFor(/web\s+service\s+● RUNNING\s+v1\s+3/, 90_000);
    await tmux.waitFor("● live");
    // Keys that arrive in one chunk (key repeat, a paste, send-keys jjj) each move one row.
    await tmux.waitFor(/▸ a-1\s/);
    tmux.sendChunk("jjj");
    await tmux.waitFor(/▸ a-4\s/);
    tmux.sendChunk("jk");
    await tmux.waitFor(/▸ a-4\s/);
    tmux.sendChunk("G");
    await tmux.waitFor(/▸ web\s/);
    // NO_COLOR: no colour sequences reach the terminal (bold may remain), and the symbols carry the states.
    expect(tmux.capture(true)).not.toMatch(/\u001b\[(3[0-7]|9[0-7]|38;)/);

    // A rolling update, one node per wave: the NODES column counts up while the ROLLOUT bar fills.
    await submit("tock");
    const seen = new Set<string>();
    const done = await tmux.waitFor((screen) => {
      const m = screen.match(/web\s+service\s+\S+ (\w+)\s+v2\s+(\d\/\d)?/);
      if (m?.[2]) seen.add(m[2]);
      // Right after the submit the row is v2 and still RUNNING until the scheduler starts the rollout.
      return seen.size > 0 && /web\s+service\s+● RUNNING\s+v2\s+3/.test(screen);
    }, 60_000);
    expect(done).toContain("web");
    expect(seen.size).toBeGreaterThanOrEqual(2);

    // A smaller terminal: columns give way, no row wraps.
    tmux.resize(80, 24);
    const narrow = await tmux.waitFor((s) => s.includes("web") && !s.includes("ROLLOUT "));
    for (const row of narrow.split("\n")) expect(row.length).toBeLessThanOrEqual(80);
    expect(narrow).toMatch(/web\s+service\s+● RUNNING\s+v2/);

    // The job's detail, then back with Esc to the same list.
    tmux.send("Enter");
    await tmux.waitFor("jobs › web");
    tmux.send("Escape");
    await tmux.waitFor(/─ Jobs 5/);

    // Its merged log stream, following.
    tmux.send("l");
    await tmux.waitFor((s) => s.includes("web › logs") && /tock \d+/.test(s));
    const before = lastTock(await tmux.waitFor((s) => lastTock(s) > 5));

    // The server dies: the banner says so, the screen stays.
    server.kill("SIGKILL");
    await tmux.waitFor(/reconnecting \(attempt \d+\)/);
    expect(tmux.capture()).toContain("web › logs");
    server = await spawnServer(port, dataDir);

    // Back: live again, still on the logs, and the stream continues past where it was.
    await tmux.waitFor("● live", 30_000);
    const after = await tmux.waitFor((s) => lastTock(s) > before + 10, 30_000);
    expect(after).toContain("web › logs");
    const numbers = [...after.matchAll(/e2e-(\w) .*tock (\d+)/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(new Set(numbers).size).toBe(numbers.length);

    tmux.send("Escape");
    await tmux.waitFor(/─ Jobs 5/);
    tmux.send("q");
    await eventually(async () => tmux!.dead(), { what: "the TUI to quit on q" });
    expect(tmux.exitStatus()).toBe(0);
  }, 300_000);

  it("quits with q and exit status 0 while the server is unreachable", async () => {
    const port = await freePort();
    const lonely = TmuxSession.start(`${marker}-q`, `node ${path.join(ROOT, "bin", "drover.js")} tui --server http://127.0.0.1:${port}/graphql --token nobody`, { width: 80, height: 24, env: { NO_COLOR: "1" } });
    try {
      await lonely.waitFor(/unreachable \(attempt \d+\)/, 90_000);
      lonely.send("q");
      await eventually(async () => lonely.dead(), { what: "the TUI to quit on q" });
      expect(lonely.exitStatus()).toBe(0);
      expect(lonely.capture()).not.toContain("ECONNREFUSED");
    } finally {
      lonely.kill();
    }
  }, 120_000);
});
