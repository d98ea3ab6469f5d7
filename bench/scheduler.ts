// npm run bench:scheduler — placements per second of a service job over 1,000
// and 10,000 registered nodes, durable write included, beside two references
// measured in the same rounds: the pure in-memory placement (decide) over the
// same nodes, and the raw batched insert rate of as many execution rows
// through the same driver. No agents: nodes are registered through the API.
// Also node registration through the API against a raw node:http + driver
// endpoint writing the same rows, in interleaved rounds.
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { decide } from "../server/control/decide.ts";
import type { ClusterState } from "../server/control/cluster-state.ts";
import { normalizeSpec } from "../server/spec/normalize.ts";
import { spawnChild } from "./lib/child.ts";
import { createStore, type BenchStore } from "./lib/databases.ts";
import { startDrover, type DroverChild } from "./lib/drover-server.ts";
import { database, progress, quick } from "./lib/env.ts";
import { runHttpRounds, summary } from "./lib/http-rounds.ts";
import { row, writeResult } from "./lib/output.ts";
import { median, spread } from "./lib/stats.ts";
import type { BenchRow, ProfileFrame } from "./lib/types.ts";

const NAME = "scheduler";
const SIZES = (process.env.BENCH_SIZES ?? (quick ? "1000" : "1000,10000")).split(",").map(Number);
const ROUNDS = quick ? 2 : 3; // each round places a new job on every node (capacity 4)
const REGISTER_CONCURRENCY = 16;
const HOUR = "3600000"; // heartbeat TTL: registered nodes without agents stay READY
const driverName = database === "sqlite" ? "better-sqlite3" : "pg";

async function registerNodes(drover: DroverChild, n: number): Promise<number> {
  let next = 0;
  let done = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: REGISTER_CONCURRENCY }, async () => {
      while (next < n) {
        const i = next++;
        await drover.gql(`mutation($input: RegisterNodeInput!) { registerNode(input: $input) { token } }`, {
          input: { nodeId: `node-bench-${i}`, hostname: `bench-${i}`, labels: { pool: "bench", zone: `z${i % 8}` }, capacity: 4 },
        });
        if (++done % 1000 === 0) progress(NAME, `registered ${done}/${n} nodes (${Math.round((done * 1000) / (Date.now() - started))}/s)`);
      }
    }),
  );
  return (n * 1000) / (Date.now() - started);
}

async function placeOnce(drover: DroverChild, n: number, round: number): Promise<number> {
  const t0 = performance.now();
  const { submitJob } = await drover.gql<{ submitJob: { job: { id: string } } }>(
    `mutation { submitJob(input: { name: "fleet-${round}", type: SERVICE, command: "sleep 3600", selector: { matchLabels: { pool: "bench" } } }) { job { id } } }`,
  );
  for (;;) {
    const { executions } = await drover.gql<{ executions: { totalCount: number } }>(`query($id: ID) { executions(jobId: $id, first: 1) { totalCount } }`, { id: submitJob.job.id });
    if (executions.totalCount >= n) break;
    if (performance.now() - t0 > 600_000) throw new Error(`only ${executions.totalCount} of ${n} placed after 10 minutes`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return (n * 1000) / (performance.now() - t0);
}

/** The in-memory reference builds the scheduler's input by hand: if that input changed shape, the row says so rather than the run failing. */
function measureInMemorySafely(n: number): number {
  try {
    return measureInMemory(n);
  } catch (err) {
    progress(NAME, `in-memory placement reference failed (ClusterState changed?): ${(err as Error).message}`);
    return NaN;
  }
}

function measureInMemory(n: number): number {
  const now = new Date();
  const spec = normalizeSpec({ name: "fleet", type: "service", command: "sleep 3600", selector: { matchLabels: { pool: "bench" } } });
  const nodes = Array.from({ length: n }, (_, i) => ({
    id: `node-bench-${i}`, hostname: `bench-${i}`, capacity: 4, state: "READY" as const, labels: { pool: "bench", zone: `z${i % 8}` },
    runtimes: {}, agentVersion: null, lastHeartbeatAt: now, registeredAt: now, updatedAt: now, revision: 1, used: 0,
  }));
  const state = {
    job: { id: "job-bench", namespace: "default", name: "fleet", type: "service", priority: 50, spec, version: 1, revision: 1, state: "PENDING", stateMessage: "", stateDetails: {}, deploymentId: null, nextFireAt: null, restartRequestedAt: null, deleteRequestedAt: null, createdAt: now, updatedAt: now },
    nodes, executions: [], runs: [], rollout: null, versions: new Map([[1, { spec, sourceVersion: null }]]), lastSucceededVersion: null,
  } as unknown as ClusterState;
  const rounds = Math.max(3, Math.ceil(50_000 / n));
  const t0 = performance.now();
  let placed = 0;
  for (let i = 0; i < rounds; i++) {
    // A new service job's first decision chooses the nodes as a rollout's waves; the placements follow from it.
    const plan = decide(state, now) as { place: unknown[]; startRollout?: { waves: string[][] } | null };
    placed += plan.place.length || (plan.startRollout?.waves.flat().length ?? 0);
  }
  return (placed * 1000) / (performance.now() - t0);
}

const EXEC_COLS = 17;
const EXEC_DDL = `CREATE TABLE "Execution" (id TEXT PRIMARY KEY, "jobId" TEXT, namespace TEXT, "nodeId" TEXT, "jobType" TEXT,
  "jobVersion" INTEGER, "desiredState" TEXT, "desiredMessage" TEXT, "computeState" TEXT, "computeMessage" TEXT, "computeDetails" TEXT,
  details TEXT, revision INTEGER, attempt INTEGER, "reportCounter" INTEGER, "createdAt" TEXT, "updatedAt" TEXT)`;
function execParams(n: number, from: number, round: number, batch: number, now: string): unknown[] {
  const params: unknown[] = [];
  for (let j = 0; j < batch; j++) params.push(`exec-${round}-${from + j}`, "job-bench", "default", `node-bench-${from + j}`, "service", 1, "RUNNING", "placed", "PENDING", "", "{}", "{}", 1, 1, 0, now, now);
  return params;
}

/** The raw batched insert of n execution rows (500 a statement, one transaction) into a table of the same columns. */
async function measureRawInsert(store: BenchStore, n: number, round: number): Promise<number> {
  const batch = 500;
  const now = new Date().toISOString();
  if (database === "sqlite") {
    const db = new Database(path.join(store.dir, `raw-${n}-${round}.db`));
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.exec(EXEC_DDL);
    const stmt = db.prepare(`INSERT INTO "Execution" VALUES ${Array.from({ length: batch }, () => `(${Array(EXEC_COLS).fill("?").join(",")})`).join(",")}`);
    const t0 = performance.now();
    db.transaction(() => { for (let i = 0; i < n; i += batch) stmt.run(...execParams(n, i, round, batch, now)); })();
    const rate = (n * 1000) / (performance.now() - t0);
    db.close();
    return rate;
  }
  const client = new pg.Client({ connectionString: store.url });
  await client.connect();
  try {
    const schema = `raw_exec_${n}_${round}`;
    await client.query(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}; ${EXEC_DDL}`);
    const values = Array.from({ length: batch }, (_, j) => `(${Array.from({ length: EXEC_COLS }, (_, k) => `$${j * EXEC_COLS + k + 1}`).join(",")})`).join(",");
    const t0 = performance.now();
    await client.query("BEGIN");
    for (let i = 0; i < n; i += batch) await client.query(`INSERT INTO "Execution" VALUES ${values}`, execParams(n, i, round, batch, now));
    await client.query("COMMIT");
    return (n * 1000) / (performance.now() - t0);
  } finally {
    await client.end();
  }
}

const rows: BenchRow[] = [];
/** Registering the nodes of a size through the API may take longer than the suite can afford (15 minutes for everything). */
const REGISTER_BUDGET_S = Number(process.env.BENCH_REGISTER_BUDGET_S ?? 150);
let registrationRate = Infinity;
let profile: ProfileFrame[] | undefined;

// Node registration: API against raw node:http + driver, interleaved.
{
  const store = await createStore(`${NAME}-register`);
  const drover = await startDrover(store, { DROVER_HEARTBEAT_TTL_MS: HOUR });
  const refUrl = database === "sqlite" ? `file:${path.join(store.dir, "reference.db")}` : store.url;
  const raw = await spawnChild<{ url: string }>("servers/raw-writes.ts", { env: { DATABASE_URL: refUrl } });
  try {
    const regRounds = quick ? 3 : 5;
    const durationMs = quick ? 1000 : 2000;
    const body = JSON.stringify({ query: `mutation($input: RegisterNodeInput!) { registerNode(input: $input) { token } }`, variables: { input: { nodeId: "node-rate-__N__", hostname: "rate-__N__", labels: { pool: "rate", zone: "z1" }, capacity: 4 } } });
    await drover.markProfile();
    const figures = await runHttpRounds(
      NAME,
      [
        { label: "raw", server: raw, request: { url: `${raw.info.url}/register-node`, body: JSON.stringify({ nodeId: "node-raw-__N__" }) } },
        { label: "drover", server: drover, request: { url: drover.info.url, headers: { authorization: `Bearer ${drover.info.adminToken}` }, body } },
      ],
      { rounds: regRounds, durationMs, connections: REGISTER_CONCURRENCY, warmupMs: 500 },
    );
    const r = summary(figures.get("raw")!);
    const d = summary(figures.get("drover")!);
    registrationRate = d.perSecond;
    rows.push(row({ path: "node registration through the API (registerNode), HTTP", unit: "nodes/s", higherIsBetter: true, drover: d.perSecond, reference: r.perSecond, referenceName: `raw node:http + ${driverName}: node, labels, token, event in one transaction`, target: ">= 1,000/s", meets: (x) => x.drover >= 1000, notes: `${REGISTER_CONCURRENCY} clients, ${regRounds} interleaved rounds of ${durationMs / 1000} s; ${d.notes}; ${r.notes}` }));
    rows.push(row({ path: "node registration: server CPU per node", unit: "ms CPU/node", higherIsBetter: false, drover: d.cpuMs, reference: r.cpuMs, referenceName: `raw node:http + ${driverName}`, notes: "server process CPU over the round / nodes registered" }));
  } finally {
    await raw.stop();
    profile = await drover.finish();
    await store.drop();
  }
}

for (const n of SIZES) {
  if (n / registrationRate > REGISTER_BUDGET_S) {
    const why = `${n} nodes skipped: registering them at ${registrationRate.toFixed(0)}/s would take ${(n / registrationRate).toFixed(0)} s (budget ${REGISTER_BUDGET_S} s, BENCH_REGISTER_BUDGET_S)`;
    progress(NAME, why);
    rows[0].notes += `; ${why}`;
    continue;
  }
  const store = await createStore(`${NAME}-${n}`);
  const drover = await startDrover(store, { DROVER_HEARTBEAT_TTL_MS: HOUR });
  try {
    progress(NAME, `registering ${n} nodes through the API`);
    const setupRate = await registerNodes(drover, n);
    // Let the evaluations queued by registrations drain (there is no job yet, so they are cheap).
    await new Promise((r) => setTimeout(r, 500));
    const durable: number[] = [];
    const memory: number[] = [];
    const raw: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      raw.push(await measureRawInsert(store, n, round));
      memory.push(measureInMemorySafely(n));
      durable.push(await placeOnce(drover, n, round));
      progress(NAME, `${n} nodes, round ${round}/${ROUNDS}: ${durable.at(-1)!.toFixed(0)} placements/s; raw insert ${raw.at(-1)!.toFixed(0)}/s; in-memory ${memory.at(-1)!.toFixed(0)}/s`);
    }
    const p = `service job placed on ${n.toLocaleString("en-US")} nodes (API to durable executions)`;
    const how = `${ROUNDS} rounds, each a new service job over the same ${n} nodes (registered through the API at ${setupRate.toFixed(0)}/s); Drover ${spread(durable)}/s`;
    rows.push(row({ path: p, unit: "placements/s", higherIsBetter: true, drover: median(durable), reference: median(raw), referenceName: `raw batched insert of as many execution rows (${driverName}, 500 a statement)`, target: ">= 5,000/s", meets: (x) => x.drover >= 5000, notes: `${how}; raw ${spread(raw)}/s` }));
    rows.push(row({ path: p, unit: "placements/s", higherIsBetter: true, drover: median(durable), reference: memory.some(Number.isNaN) ? null : median(memory), referenceName: "in-memory placement (decide) over the same nodes", notes: `${how}; in-memory ${spread(memory)}/s` }));
  } finally {
    await drover.stop();
    await store.drop();
  }
}

writeResult(NAME, rows, profile);
process.exit(0);
