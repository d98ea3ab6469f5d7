// npm run bench:large-db — Drover on a large database (100,000 jobs, 10,000
// nodes, 1,000,000 log lines) against the same server on a small one (1/100 of
// it), built fast through the driver (better-sqlite3 or pg, bulk inserts in
// transactions, after the server's own migrations). Reports:
// - start: a real `drover server` process until /health answers (then a node
//   registers, as the quickstart's local agent does), and until the scheduler has no evaluation pending
//   (1 % of the nodes stopped heartbeating, so the liveness loop flips them:
//   a settled start is one after those flips too; the others carry a heartbeat
//   beyond the bench's end, as the bench runs no agents for them);
// - idle CPU % of that process over 20 s, and its RSS;
// - each list's latency, large vs small, interleaved rounds (small, large, ...),
//   the small database being the reference (target: within 1.3x).
// DROVER_BENCH_DB=sqlite|postgresql; BENCH_QUICK=1 divides every size by 10;
// BENCH_OUT=<file.json> writes the result in the suite's shape.
import { spawn, execSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { applyMigrations } from "../server/db/migrate.ts";
import { openDatabase } from "../server/db/client.ts";
import { foldListCounts } from "../server/db/list-counts.ts";
import { createThrowawayDatabase } from "../server/db/postgres-admin.ts";
import { normalizeSpec } from "../server/spec/normalize.ts";
import { newId } from "../server/ids.ts";
import type { BenchRow } from "./lib/types.ts";
import { median, percentile } from "./lib/stats.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(ROOT, "bin", "drover.js");
const DB = (process.env.DROVER_BENCH_DB ?? "sqlite") as "sqlite" | "postgresql";
const QUICK = process.env.BENCH_QUICK === "1";
const SCALE = QUICK ? 10 : 1;
const LARGE = { jobs: 100_000 / SCALE, nodes: 10_000 / SCALE, lines: 1_000_000 / SCALE };
const SMALL = { jobs: LARGE.jobs / 100, nodes: LARGE.nodes / 100, lines: LARGE.lines / 100 };
const LINES_PER_EXECUTION = 1000;
const SETTLE_CAP_MS = Number(process.env.BENCH_SETTLE_CAP_MS ?? 120_000);
const IDLE_MS = 20_000;
const HEARTBEAT_TTL_MS = 15_000;
const ROUNDS = 5;
const REQUESTS_PER_ROUND = 10;

type Size = typeof LARGE;
type Row = Record<string, unknown>;

const say = (s: string) => process.stderr.write(s + "\n");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const p99 = (xs: number[]) => percentile(xs, 99);
const round1 = (x: number) => Math.round(x * 10) / 10;

// ---------------------------------------------------------------- bulk writer

/** Evaluations due or being worked on, node changes not yet expanded, and whether the local agent registered. */
const BACKLOG_SQL = `SELECT (SELECT count(*) FROM "Evaluation" WHERE "status" IN ('PENDING','RUNNING') AND "waitUntil" IS NULL) + (SELECT count(*) FROM "NodeChange") AS n,
  (SELECT count(*) FROM "Node" WHERE "agentVersion" IS NULL OR "agentVersion" <> 'bench') AS agent`;

interface Writer {
  insert(table: string, rows: Row[]): Promise<void>;
  /** The backlog, or -1 while the local agent has not registered (the start is not over). */
  backlog(): Promise<number>;
  close(): Promise<void>;
}

function sqliteValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().replace("Z", "+00:00");
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v !== null && typeof v === "object") return JSON.stringify(v);
  return v;
}

function sqliteWriter(file: string): Writer {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 10000");
  const statements = new Map<string, Database.Statement>();
  return {
    async insert(table, rows) {
      if (!rows.length) return;
      const cols = Object.keys(rows[0]);
      const key = `${table}:${cols.join(",")}`;
      let stmt = statements.get(key);
      if (!stmt) {
        stmt = db.prepare(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(",")}) VALUES (${cols.map(() => "?").join(",")})`);
        statements.set(key, stmt);
      }
      const s = stmt;
      db.transaction(() => {
        for (const r of rows) s.run(...cols.map((c) => sqliteValue(r[c])));
      })();
    },
    async backlog() {
      const r = db.prepare(BACKLOG_SQL).get() as { n: number; agent: number };
      return r.agent === 0 ? -1 : r.n;
    },
    async close() {
      db.close();
    },
  };
}

async function pgWriter(url: string): Promise<Writer> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const types = new Map<string, Map<string, string>>();
  async function columnTypes(table: string) {
    let t = types.get(table);
    if (!t) {
      const r = await client.query(`SELECT column_name, udt_name FROM information_schema.columns WHERE table_name = $1`, [table]);
      t = new Map(r.rows.map((x) => [x.column_name as string, x.udt_name as string]));
      types.set(table, t);
    }
    return t;
  }
  const text = (v: unknown): string | null => {
    if (v === null || v === undefined) return null;
    if (v instanceof Date) return v.toISOString();
    if (typeof v === "object") return JSON.stringify(v);
    return String(v);
  };
  return {
    // One statement per 5,000 rows: every column goes as one text array, cast to its type (enums included) in SQL.
    async insert(table, rows) {
      if (!rows.length) return;
      const cols = Object.keys(rows[0]);
      const t = await columnTypes(table);
      await client.query("BEGIN");
      for (let i = 0; i < rows.length; i += 5000) {
        const chunk = rows.slice(i, i + 5000);
        const arrays = cols.map((c) => chunk.map((r) => text(r[c])));
        const select = cols.map((c, j) => `u.c${j}::"${t.get(c)}"`).join(", ");
        const unnest = cols.map((_, j) => `$${j + 1}::text[]`).join(", ");
        const alias = cols.map((_, j) => `c${j}`).join(", ");
        await client.query(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(",")}) SELECT ${select} FROM unnest(${unnest}) AS u(${alias})`, arrays);
      }
      await client.query("COMMIT");
    },
    async backlog() {
      const r = await client.query(BACKLOG_SQL);
      return Number(r.rows[0].agent) === 0 ? -1 : Number(r.rows[0].n);
    },
    async close() {
      await client.end();
    },
  };
}

/**
 * The build's inserts left one ListCount delta per job and run. A running
 * server folds deltas as they come, and autovacuum clears the rows a fold
 * deletes: start from that state, not from 190,000 deltas a day of writes
 * never leaves behind.
 */
async function settleListCounts(url: string): Promise<void> {
  const db = await openDatabase(url);
  try {
    await foldListCounts(db);
    if (db.provider === "postgresql") await db.prisma.$executeRawUnsafe(`VACUUM ANALYZE "ListCount"`);
  } finally {
    await db.close();
  }
}

// ---------------------------------------------------------------- the data

/** Nodes whose id ends with this stop heartbeating: 1 in 100. */
const STALE = "-stale";

/**
 * 90 % batch jobs that completed (a run, an execution, 1 % on a cron schedule),
 * 10 % services, each pinned to one node by a label and running there. Log
 * lines belong to the first batch executions, 1,000 each.
 */
async function build(w: Writer, size: Size, tag: string): Promise<{ jobId: string; executionId: string }> {
  const t0 = performance.now();
  const now = new Date();
  const past = new Date(now.getTime() - 3_600_000);
  // The bench runs no agents for these nodes: a live one carries a heartbeat beyond the bench's end.
  const alive = new Date(now.getTime() + 3_600_000);
  const nodeIds: string[] = [];
  const nodes: Row[] = [];
  const labels: Row[] = [];
  for (let i = 0; i < size.nodes; i++) {
    const stale = i % 100 === 99;
    const id = `node-${tag}-${i}${stale ? STALE : ""}`;
    nodeIds.push(id);
    const l = { pool: `p${i % 100}`, zone: `z${i % 8}`, slot: `s${i}` };
    nodes.push({ id, hostname: `${tag}-${i}`, capacity: 8, state: "READY", labels: l, runtimes: {}, agentVersion: "bench", lastHeartbeatAt: stale ? past : alive, registeredAt: past, updatedAt: past, revision: 1 });
    for (const [key, value] of Object.entries(l)) labels.push({ nodeId: id, key, value });
  }
  await w.insert("Node", nodes);
  await w.insert("NodeLabel", labels);
  const services = Math.floor(size.jobs / 10);
  // Normalised once: a spec differs from the template only in its name and selector.
  const batchSpec = normalizeSpec({ name: "x", namespace: "bench", type: "batch", command: "true" });
  const serviceSpec = normalizeSpec({ name: "x", namespace: "bench", type: "service", command: "sleep 3600", selector: { matchLabels: { slot: "s0" } } });
  let logTarget: { jobId: string; executionId: string } | null = null;
  let logExecutions = Math.ceil(size.lines / LINES_PER_EXECUTION);
  const CHUNK = 10_000;
  for (let start = 0; start < size.jobs; start += CHUNK) {
    const jobs: Row[] = [];
    const versions: Row[] = [];
    const runs: Row[] = [];
    const executions: Row[] = [];
    const lines: Row[] = [];
    const rollouts: Row[] = [];
    for (let i = start; i < Math.min(size.jobs, start + CHUNK); i++) {
      const at = new Date(past.getTime() + i);
      const jobId = newId("job", at);
      const nodeId = nodeIds[i % nodeIds.length];
      const service = i < services;
      const cron = !service && i % 100 === 0;
      const name = `${service ? "svc" : "batch"}-${i}`;
      const spec = service
        ? { ...serviceSpec, name, selector: { ...serviceSpec.selector, matchLabels: { slot: `s${i % nodeIds.length}` } } }
        : { ...batchSpec, name, ...(cron ? { schedule: "0 3 * * *" } : {}) };
      const nextFireAt = cron ? nextThreeOClock(now) : null;
      // A running service was deployed by a rollout that succeeded; without it, its next look would start one.
      const rolloutId = service ? newId("rollout", at) : null;
      if (rolloutId) rollouts.push({ id: rolloutId, jobId, type: "CREATE", state: "SUCCEEDED", strategy: "rolling", fromVersion: 0, toVersion: 1, currentWave: 1, totalWaves: 1, totalNodes: 1, updatedNodes: 1, failedNodes: 0, canaryNodes: [], canaryPromoted: false, rollbackToVersion: 0, plan: { waves: [[nodeId]] }, message: "deployed", startedAt: at, completedAt: at, updatedAt: at });
      jobs.push({ id: jobId, namespace: "bench", name, type: service ? "service" : "batch", priority: 50, spec, version: 1, revision: 2, state: service ? "RUNNING" : "COMPLETED", stateMessage: "", stateDetails: {}, deploymentId: rolloutId, nextFireAt, restartRequestedAt: null, deleteRequestedAt: null, createdAt: at, updatedAt: at });
      versions.push({ id: newId("version", at), jobId, version: 1, spec, sourceVersion: null, createdAt: at });
      const runId = service ? null : newId("run", at);
      if (runId) {
        runs.push({ id: runId, jobId, namespace: "bench", jobVersion: 1, state: "SUCCEEDED", trigger: cron ? "CRON" : "MANUAL", scheduledAt: null, idempotencyKey: null, requestHash: null, operation: {}, result: null, changed: null, hostname: null, exitCode: 0, error: null, message: "succeeded", retryOfRunId: null, retriedByRunId: null, nodeIds: null, createdAt: at, startedAt: at, finishedAt: at, updatedAt: at });
      }
      const executionId = newId("execution", at);
      executions.push({ id: executionId, jobId, namespace: "bench", nodeId, jobType: service ? "service" : "batch", jobVersion: 1, runId, evalId: null, deploymentId: rolloutId, desiredState: service ? "RUNNING" : "STOPPED", desiredMessage: "placed", computeState: service ? "RUNNING" : "COMPLETE", computeMessage: "", computeDetails: {}, details: {}, previousExecutionId: null, nextExecutionId: null, revision: 3, attempt: 1, exitCode: service ? null : 0, reportCounter: 3, startedAt: at, finishedAt: service ? null : at, stableAt: service ? at : null, createdAt: at, updatedAt: at });
      if (!service && logExecutions > 0) {
        logExecutions--;
        logTarget ??= { jobId, executionId };
        for (let n = 1; n <= LINES_PER_EXECUTION; n++) {
          lines.push({ executionId, lineNo: n, jobId, runId, nodeId, stream: n % 10 === 0 ? "stderr" : "stdout", at: new Date(at.getTime() + n), text: `line ${n} of ${name}: the quick brown fox jumps over the lazy dog` });
        }
      }
    }
    await w.insert("Job", jobs);
    await w.insert("JobVersion", versions);
    await w.insert("Run", runs);
    await w.insert("Rollout", rollouts);
    await w.insert("Execution", executions);
    for (let i = 0; i < lines.length; i += 50_000) await w.insert("LogLine", lines.slice(i, i + 50_000));
    process.stderr.write(`\r  ${tag}: ${Math.min(size.jobs, start + CHUNK).toLocaleString("en-US")}/${size.jobs.toLocaleString("en-US")} jobs`);
  }
  say(`\n  ${tag}: built in ${Math.round(performance.now() - t0)} ms`);
  return logTarget!;
}

function nextThreeOClock(now: Date): Date {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 3));
  if (d <= now) d.setUTCDate(d.getUTCDate() + 1);
  return d;
}

// ---------------------------------------------------------------- the server

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

interface Running {
  child: ChildProcess;
  url: string;
  token: string;
  healthMs: number;
}

async function startDrover(dataDir: string, databaseUrl: string): Promise<Running> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, "server", "--no-local-agent", "--port", String(port), "--data-dir", dataDir, "--database-url", databaseUrl], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", DROVER_LOG_LEVEL: "warn", DROVER_HEARTBEAT_TTL_MS: String(HEARTBEAT_TTL_MS) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`drover server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  const healthMs = performance.now() - t0;
  const token = fs.readFileSync(path.join(dataDir, "admin.token"), "utf8").trim();
  const r = { child, url, token, healthMs };
  // What the quickstart's local agent does first (it runs in the server's process, whose
  // crash under load would end the run): a node registers.
  await gql(r, `mutation($input: RegisterNodeInput!) { registerNode(input: $input) { node { id } } }`, {
    input: { nodeId: `node-local-${port}`, hostname: "local", capacity: 2, labels: { "drover.io/local": "true" } },
  });
  return r;
}

async function stopDrover(r: Running): Promise<void> {
  if (r.child.exitCode !== null) return;
  const exited = new Promise((res) => r.child.once("exit", res));
  r.child.kill("SIGTERM");
  await Promise.race([exited, sleep(15_000)]);
  if (r.child.exitCode === null) r.child.kill("SIGKILL");
}

function cpuTicks(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

/**
 * Until no evaluation or node change is pending, for good: after the stale
 * nodes were judged (one TTL after start, plus a liveness interval) and for
 * five seconds in a row, the local agent registered. Null when it did not settle within the cap.
 */
async function waitSettled(w: Writer, t0: number): Promise<{ settledMs: number | null; maxBacklog: number; lastBacklog: number }> {
  let lastBusy = performance.now();
  let maxBacklog = 0;
  let backlog = 0;
  const judged = t0 + HEARTBEAT_TTL_MS + HEARTBEAT_TTL_MS / 2;
  for (;;) {
    const now = performance.now();
    backlog = await w.backlog();
    maxBacklog = Math.max(maxBacklog, backlog);
    if (backlog !== 0) lastBusy = performance.now();
    if (now > judged && backlog === 0 && now - lastBusy >= 5000) return { settledMs: lastBusy - t0, maxBacklog, lastBacklog: 0 };
    if (now - t0 > SETTLE_CAP_MS) return { settledMs: null, maxBacklog, lastBacklog: backlog };
    await sleep(250);
  }
}

async function gql(r: Running, query: string, variables: Record<string, unknown> = {}): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${r.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${r.token}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(300_000),
  });
  const body = (await res.json()) as { errors?: unknown[] };
  const ms = performance.now() - t0;
  if (body.errors) throw new Error(`query failed: ${JSON.stringify(body.errors).slice(0, 300)}`);
  return ms;
}

const LISTS: { path: string; query: string; vars: (t: { jobId: string; executionId: string }) => Record<string, unknown> }[] = [
  { path: "jobs(first: 50) with state and latest run", query: `query { jobs(first: 50) { edges { node { id name type status { state { stateType } latestRun { id state } } } } } }`, vars: () => ({}) },
  { path: "jobs(first: 50) with totalCount", query: `query { jobs(first: 50) { totalCount edges { node { id name } } } }`, vars: () => ({}) },
  { path: "nodes(first: 50)", query: `query { nodes(first: 50) { edges { node { id hostname state } } } }`, vars: () => ({}) },
  { path: "a job's logs page (100 lines)", query: `query($jobId: ID) { logs(jobId: $jobId, limit: 100) { lineNo text } }`, vars: (t) => ({ jobId: t.jobId }) },
  { path: "executions(first: 50)", query: `query { executions(first: 50) { edges { node { id computeState { stateType } } } } }`, vars: () => ({}) },
];

// ---------------------------------------------------------------- main

interface Target {
  tag: string;
  size: Size;
  dataDir: string;
  url: string;
  drop: () => Promise<void>;
}

async function target(tag: string, size: Size): Promise<Target> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `drover-bench-${tag}-`));
  if (DB === "sqlite") {
    const file = path.join(dataDir, "drover.db");
    return { tag, size, dataDir, url: `file:${file}`, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const db = await createThrowawayDatabase(`drover_bench_${tag}`);
  return { tag, size, dataDir, url: db.url, drop: async () => { fs.rmSync(dataDir, { recursive: true, force: true }); await db.drop(); } };
}

async function writerFor(t: Target): Promise<Writer> {
  return DB === "sqlite" ? sqliteWriter(t.url.slice("file:".length)) : pgWriter(t.url);
}

const commit = (() => {
  try {
    return execSync("git rev-parse --short HEAD", { cwd: ROOT }).toString().trim();
  } catch {
    return "unknown";
  }
})();

say(`large-db benchmark on ${DB}${QUICK ? " (BENCH_QUICK: sizes / 10)" : ""}: ${LARGE.jobs} jobs, ${LARGE.nodes} nodes, ${LARGE.lines} log lines vs ${SMALL.jobs}/${SMALL.nodes}/${SMALL.lines}`);
const large = await target("large", LARGE);
const small = await target("small", SMALL);
const rows: BenchRow[] = [];
const running: Running[] = [];
const writers = new Map<string, Writer>();
try {
  const logTargets = new Map<string, { jobId: string; executionId: string }>();
  for (const t of [large, small]) {
    await applyMigrations(t.url);
    const w = await writerFor(t);
    const b0 = performance.now();
    logTargets.set(t.tag, await build(w, t.size, t.tag));
    if (t === large) rows.push({ path: `build the large database through the driver`, unit: "s", higherIsBetter: false, drover: round1((performance.now() - b0) / 1000), droverP99: null, reference: null, referenceName: null, ratio: null, target: null, met: null, notes: `${LARGE.jobs} jobs (10 % services, 90 % finished batch), ${LARGE.nodes} nodes, ${LARGE.lines} log lines` });
    // Closed while the server starts: this measures the start, not a start beside another open connection.
    await w.close();
    await settleListCounts(t.url);
  }

  const starts = new Map<string, { healthMs: number; settledMs: number | null; maxBacklog: number; lastBacklog: number; idleCpu: number; rss: number }>();
  for (const t of [large, small]) {
    say(`  ${t.tag}: starting drover server`);
    const t0 = performance.now();
    const r = await startDrover(t.dataDir, t.url);
    running.push(r);
    const w = await writerFor(t);
    writers.set(t.tag, w);
    say(`  ${t.tag}: /health ok after ${Math.round(r.healthMs)} ms; waiting for the scheduler to settle (cap ${SETTLE_CAP_MS / 1000} s)`);
    const settled = await waitSettled(w, t0);
    say(`  ${t.tag}: ${settled.settledMs === null ? `not settled, ${settled.lastBacklog} pending (max ${settled.maxBacklog})` : `settled after ${Math.round(settled.settledMs)} ms (max backlog ${settled.maxBacklog})`}; idle CPU over ${IDLE_MS / 1000} s`);
    const c0 = cpuTicks(r.child.pid!);
    await sleep(IDLE_MS);
    // Clock ticks are 1/100 s: ticks / 100 seconds of CPU over IDLE_MS / 1000 seconds, as a percentage.
    const idleCpu = ((cpuTicks(r.child.pid!) - c0) * 1000) / IDLE_MS;
    starts.set(t.tag, { healthMs: r.healthMs, ...settled, idleCpu, rss: rssMb(r.child.pid!) });
    say(`  ${t.tag}: idle CPU ${idleCpu.toFixed(1)} %, RSS ${Math.round(rssMb(r.child.pid!))} MB`);
  }
  const L = starts.get("large")!;
  const S = starts.get("small")!;
  const ratioLower = (d: number | null, ref: number | null) => (d !== null && ref ? Math.round((d / ref) * 100) / 100 : null);
  rows.push({ path: "server start until /health ok, large database", unit: "ms", higherIsBetter: false, drover: Math.round(L.healthMs), droverP99: null, reference: Math.round(S.healthMs), referenceName: "same server, small database", ratio: ratioLower(L.healthMs, S.healthMs), target: "ready in seconds (< 5,000 ms)", met: L.healthMs < 5000, notes: "a `drover server` process, migrations already applied; a node registers once /health answers, as the local agent does" });
  rows.push({ path: "server start until no evaluation is pending, large database", unit: "ms", higherIsBetter: false, drover: L.settledMs === null ? null : Math.round(L.settledMs), droverP99: null, reference: S.settledMs === null ? null : Math.round(S.settledMs), referenceName: "same server, small database", ratio: ratioLower(L.settledMs, S.settledMs), target: `settles without a backlog (< ${(HEARTBEAT_TTL_MS * 2) / 1000} s, 1 TTL of which is waiting to judge nodes)`, met: L.settledMs !== null && L.settledMs < HEARTBEAT_TTL_MS * 2, notes: L.settledMs === null ? `NOT SETTLED within ${SETTLE_CAP_MS / 1000} s: ${L.lastBacklog} pending at the cap, at most ${L.maxBacklog}` : `largest backlog seen ${L.maxBacklog}; 1 % of nodes stop heartbeating and are flipped DOWN meanwhile` });
  rows.push({ path: "idle CPU, large database", unit: "% of a core", higherIsBetter: false, drover: round1(L.idleCpu), droverP99: null, reference: round1(S.idleCpu), referenceName: "same server, small database", ratio: null, target: "independent of the number of jobs (<= small + 1 point)", met: L.idleCpu <= S.idleCpu + 1, notes: `over ${IDLE_MS / 1000} s after settling (or the cap), no clients` });
  rows.push({ path: "RSS, large database", unit: "MB", higherIsBetter: false, drover: Math.round(L.rss), droverP99: null, reference: Math.round(S.rss), referenceName: "same server, small database", ratio: ratioLower(L.rss, S.rss), target: "< 300 MB", met: L.rss < 300, notes: "the server process (no local agent: its node registers over HTTP), after the idle window" });

  say("  lists: interleaved rounds, small then large");
  const [rl, rs] = running;
  for (const list of LISTS) {
    const samples = new Map<string, number[]>([["small", []], ["large", []]]);
    const roundMedians = new Map<string, number[]>([["small", []], ["large", []]]);
    for (const [r, tag] of [[rs, "small"], [rl, "large"]] as const) await gql(r, list.query, list.vars(logTargets.get(tag)!)); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      for (const [r, tag] of [[rs, "small"], [rl, "large"]] as const) {
        const ms: number[] = [];
        for (let i = 0; i < REQUESTS_PER_ROUND; i++) ms.push(await gql(r, list.query, list.vars(logTargets.get(tag)!)));
        samples.get(tag)!.push(...ms);
        roundMedians.get(tag)!.push(median(ms));
      }
    }
    const d = median(roundMedians.get("large")!);
    const ref = median(roundMedians.get("small")!);
    const ratio = Math.round((d / ref) * 100) / 100;
    rows.push({ path: `${list.path}, large vs small database, HTTP`, unit: "ms", higherIsBetter: false, drover: Math.round(d * 100) / 100, droverP99: Math.round(p99(samples.get("large")!) * 100) / 100, reference: Math.round(ref * 100) / 100, referenceName: `same server, small database (${SMALL.jobs} jobs)`, ratio, target: "within 1.3x of small", met: ratio <= 1.3, notes: `${ROUNDS} interleaved rounds of ${REQUESTS_PER_ROUND} sequential requests; medians of round medians, p99 over all requests` });
    say(`  ${list.path}: large ${d.toFixed(1)} ms vs small ${ref.toFixed(1)} ms (${ratio}x)`);
  }
} finally {
  for (const w of writers.values()) await w.close().catch(() => {});
  for (const r of running) await stopDrover(r);
  await large.drop().catch(() => {});
  await small.drop().catch(() => {});
}

const result = { name: "large-db", database: DB, commit, rows };
for (const r of rows) say(`  ${r.path}: ${r.drover} ${r.unit} (ref ${r.reference ?? "-"}, ratio ${r.ratio ?? "-"}, met ${r.met})`);
if (process.env.BENCH_OUT) fs.writeFileSync(process.env.BENCH_OUT, JSON.stringify(result, null, 2) + "\n");
else console.log(JSON.stringify(result, null, 2));
process.exit(0);
