// npm run bench:scheduler — placements per second of a service job over 1,000
// and 10,000 registered nodes, durable write included, beside two references
// measured in the same run: the pure in-memory placement (decide) over the same
// nodes, and the raw batched insert rate of as many execution rows through the
// same driver (better-sqlite3). No agents: nodes are registered through the API.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { startServer } from "../server/app.ts";
import { createLogger } from "../common/logger.ts";
import { request } from "../client/graphql-http.ts";
import { decide } from "../server/control/decide.ts";
import type { ClusterState } from "../server/control/cluster-state.ts";
import { normalizeSpec } from "../server/spec/normalize.ts";

const SIZES = (process.env.BENCH_SIZES ?? "1000,10000").split(",").map(Number);
const REGISTER_CONCURRENCY = 16;

function fmt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

async function measureDurable(n: number): Promise<{ perSecond: number; ms: number }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "drover-bench-"));
  const server = await startServer({
    config: { port: 0, dataDir: dir, databaseUrl: `file:${path.join(dir, "drover.db")}`, heartbeatTtlMs: 3_600_000 },
    log: createLogger("silent"),
  });
  const gql = <T>(q: string, v?: Record<string, unknown>) => request<T>(server.url, server.adminToken, q, v);
  try {
    let next = 0;
    let done = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: REGISTER_CONCURRENCY }, async () => {
        while (next < n) {
          const i = next++;
          await gql(`mutation($input: RegisterNodeInput!) { registerNode(input: $input) { token } }`, {
            input: { nodeId: `node-bench-${i}`, hostname: `bench-${i}`, labels: { pool: "bench", zone: `z${i % 8}` }, capacity: 4 },
          });
          done++;
          if (done % 1000 === 0) process.stderr.write(`\r  registered ${fmt(done)}/${fmt(n)} nodes (${fmt((done * 1000) / (Date.now() - started))}/s)   `);
        }
      }),
    );
    process.stderr.write("\n");
    // Let the evaluations queued by registrations drain (there is no job yet, so they are cheap).
    await new Promise((r) => setTimeout(r, 500));
    const t0 = performance.now();
    const { submitJob } = await gql<{ submitJob: { job: { id: string } } }>(
      `mutation { submitJob(input: { name: "fleet", type: SERVICE, command: "sleep 3600", selector: { matchLabels: { pool: "bench" } } }) { job { id } } }`,
    );
    const jobId = submitJob.job.id;
    for (;;) {
      const count = await server.services.db.prisma.execution.count({ where: { jobId } });
      if (count >= n) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const ms = performance.now() - t0;
    return { perSecond: (n * 1000) / ms, ms };
  } finally {
    await server.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function measureInMemory(n: number): number {
  const now = new Date();
  const spec = normalizeSpec({ name: "fleet", type: "service", command: "sleep 3600", selector: { matchLabels: { pool: "bench" } } });
  const nodes = Array.from({ length: n }, (_, i) => ({
    id: `node-bench-${i}`,
    hostname: `bench-${i}`,
    capacity: 4,
    state: "READY" as const,
    labels: { pool: "bench", zone: `z${i % 8}` },
    runtimes: {},
    agentVersion: null,
    lastHeartbeatAt: now,
    registeredAt: now,
    updatedAt: now,
    revision: 1,
    used: 0,
  }));
  const state = {
    job: { id: "job-bench", namespace: "default", name: "fleet", type: "service", priority: 50, spec, version: 1, revision: 1, state: "PENDING", stateMessage: "", stateDetails: {}, deploymentId: null, nextFireAt: null, createdAt: now, updatedAt: now },
    nodes,
    executions: [],
    runs: [],
  } as unknown as ClusterState;
  const rounds = Math.max(3, Math.ceil(50_000 / n));
  const t0 = performance.now();
  let placed = 0;
  for (let i = 0; i < rounds; i++) placed += decide(state, now).place.length;
  return (placed * 1000) / (performance.now() - t0);
}

function measureRawInsert(n: number): number {
  const dir = path.join(os.tmpdir(), `drover-bench-raw-${process.pid}-${n}`);
  const db = new Database(path.join(os.tmpdir(), `drover-bench-raw-${process.pid}-${n}.db`));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec(`CREATE TABLE IF NOT EXISTS "Execution" (id TEXT PRIMARY KEY, jobId TEXT, namespace TEXT, nodeId TEXT, jobType TEXT,
    jobVersion INTEGER, desiredState TEXT, desiredMessage TEXT, computeState TEXT, computeMessage TEXT, computeDetails TEXT,
    details TEXT, revision INTEGER, attempt INTEGER, reportCounter INTEGER, createdAt TEXT, updatedAt TEXT)`);
  const cols = 17;
  const batch = 500;
  const stmt = db.prepare(`INSERT INTO "Execution" VALUES ${Array.from({ length: batch }, () => `(${Array(cols).fill("?").join(",")})`).join(",")}`);
  const now = new Date().toISOString();
  const t0 = performance.now();
  db.transaction(() => {
    for (let i = 0; i < n; i += batch) {
      const params: unknown[] = [];
      for (let j = 0; j < batch; j++) {
        params.push(`exec-${i + j}`, "job-bench", "default", `node-bench-${i + j}`, "service", 1, "RUNNING", "placed", "PENDING", "", "{}", "{}", 1, 1, 0, now, now);
      }
      stmt.run(...params);
    }
  })();
  const perSecond = (n * 1000) / (performance.now() - t0);
  db.close();
  void dir;
  return perSecond;
}

console.log(`Drover scheduler benchmark (SQLite, ${os.cpus().length} cores, Node ${process.version})`);
const rows: string[][] = [];
for (const n of SIZES) {
  console.log(`\n${fmt(n)} nodes`);
  const durable = await measureDurable(n);
  const memory = measureInMemory(n);
  const raw = measureRawInsert(n);
  console.log(`  placements (API → durable executions): ${fmt(durable.perSecond)}/s  (${fmt(durable.ms)} ms for ${fmt(n)})`);
  console.log(`  reference, in-memory placement:        ${fmt(memory)}/s  → ratio ${(durable.perSecond / memory).toFixed(3)}`);
  console.log(`  reference, raw batched insert:         ${fmt(raw)}/s  → ratio ${(durable.perSecond / raw).toFixed(3)}`);
  rows.push([fmt(n), fmt(durable.perSecond), fmt(memory), fmt(raw)]);
}
console.log("\ntarget: at least 5,000 placements/s on SQLite on one core");
process.exit(0);
