// npm run bench:logs — log lines from real agent processes through the server
// to a graphql-ws subscriber: end-to-end lines per second and the delay from
// write to delivery (p50/p99), beside the raw batched insert rate of the same
// lines through the same driver (better-sqlite3 or pg), measured in the same run.
// The server runs in its own process; the agents are real agent processes.
// Phase 1 offers as much as the writers can (three floods, median); phase 2
// offers half of what phase 1 delivered and reports the delays at that load.
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { request } from "../client/graphql-http.ts";
import { startAgent, type AgentProcess } from "../test/support/agents.ts";
import { createStore, type BenchStore } from "./lib/databases.ts";
import { startDrover } from "./lib/drover-server.ts";
import { database, progress, quick } from "./lib/env.ts";
import { row, writeResult } from "./lib/output.ts";

const NAME = "logs";
const AGENTS = Number(process.env.BENCH_AGENTS ?? 2);
const LINES = Number(process.env.BENCH_LINES ?? (quick ? 10_000 : 50_000)); // per agent, phase 1
const HALF_SECONDS = Number(process.env.BENCH_HALF_SECONDS ?? (quick ? 4 : 8));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const driverName = database === "sqlite" ? "better-sqlite3" : "pg";

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/** A writer: prints `<epoch ms> <seq> payload` lines, as fast as it can or at a rate (lines/s). */
function writerCommand(lines: number, rate: number | null): string {
  const js = rate
    ? `let i=0;const per=${Math.max(1, Math.round(rate / 100))};const t=setInterval(()=>{for(let k=0;k<per&&i<${lines};k++){i++;process.stdout.write(Date.now()+" "+i+" payload-payload-payload-payload\\n")}if(i>=${lines})clearInterval(t)},10)`
    : `let out="";for(let i=1;i<=${lines};i++){out+=Date.now()+" "+i+" payload-payload-payload-payload\\n";if(i%200===0){process.stdout.write(out);out=""}}process.stdout.write(out)`;
  return `node -e '${js}'`;
}

function median(xs: number[]): number {
  const sorted = xs.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function phase(
  url: string,
  token: string,
  name: string,
  linesPerAgent: number,
  rate: number | null,
): Promise<{ perSecond: number; p50: number; p99: number; received: number }> {
  // One retry when the request never got an answer: an idle keep-alive socket the server closes just as
  // it is reused (the raw reference runs several seconds between two floods) fails the fetch.
  const gql = <T>(q: string, v?: Record<string, unknown>) =>
    request<T>(url, token, q, v).catch((err: { status?: number }) => {
      if (err.status !== 0) throw err;
      progress(NAME, `request failed without an answer (${(err as Error).message}), trying once more`);
      return request<T>(url, token, q, v);
    });
  const { submitJob } = await gql<{ submitJob: { job: { id: string } } }>(
    `mutation($input: SubmitJobInput!) { submitJob(input: $input) { job { id } } }`,
    { input: { name, type: "OPS", command: writerCommand(linesPerAgent, rate), selector: { matchLabels: { bench: "logs" } } } },
  );
  const jobId = submitJob.job.id;
  const expected = linesPerAgent * AGENTS;
  const delays: number[] = [];
  let firstWrite = Infinity;
  let lastReceive = 0;
  const client = createClient({ url: url.replace(/^http/, "ws"), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` } });
  const done = new Promise<void>((resolve, reject) => {
    client.subscribe<{ logLines: { lines: { text: string }[] } }>(
      { query: `subscription($id: ID) { logLines(jobId: $id) { lines { text } } }`, variables: { id: jobId } },
      {
        next: (msg) => {
          const now = Date.now();
          for (const l of msg.data?.logLines.lines ?? []) {
            const written = Number(l.text.slice(0, l.text.indexOf(" ")));
            firstWrite = Math.min(firstWrite, written);
            delays.push(now - written);
          }
          lastReceive = now;
          if (delays.length >= expected) resolve();
        },
        error: reject,
        complete: () => resolve(),
      },
    );
  });
  await new Promise((r) => setTimeout(r, 300));
  await gql(`mutation($id: ID!) { triggerRun(jobId: $id) { run { id } } }`, { id: jobId });
  const timeout = new Promise<void>((r) => setTimeout(r, 120_000));
  await Promise.race([done, timeout]);
  await client.dispose();
  delays.sort((a, b) => a - b);
  return {
    perSecond: (delays.length * 1000) / Math.max(1, lastReceive - firstWrite),
    p50: percentile(delays, 50),
    p99: percentile(delays, 99),
    received: delays.length,
  };
}

/**
 * The reference: the same lines inserted straight through the driver in
 * 500-row statements, one transaction each. "drover" inserts into a LogLine
 * table with Drover's key and the secondary indexes log queries need (by job,
 * by run, by time), which is what the server must maintain too; "bare" has
 * the key only and is printed for comparison.
 */
const LOG_DDL = `CREATE TABLE "LogLine" ("executionId" TEXT NOT NULL, "lineNo" INTEGER NOT NULL, "jobId" TEXT NOT NULL, "runId" TEXT, "nodeId" TEXT NOT NULL,
  "stream" TEXT NOT NULL, "at" TEXT NOT NULL, "text" TEXT NOT NULL, PRIMARY KEY ("executionId", "lineNo"))`;
const LOG_INDEXES = [`CREATE INDEX "LogLine_jobId_at_idx" ON "LogLine" ("jobId", "at")`, `CREATE INDEX "LogLine_runId_at_idx" ON "LogLine" ("runId", "at")`, `CREATE INDEX "LogLine_at_idx" ON "LogLine" ("at")`];
let rawRound = 0;

async function rawInsertRate(store: BenchStore, lines: number, schema: "drover" | "bare"): Promise<number> {
  const ddl = [LOG_DDL, ...(schema === "drover" ? LOG_INDEXES : [])];
  const batch = 500;
  const cols = `("executionId", "lineNo", "jobId", "runId", "nodeId", "stream", "at", "text")`;
  const at = new Date().toISOString().replace("Z", "+00:00");
  const paramsOf = (i: number) => {
    const params: unknown[] = [];
    for (let j = 1; j <= batch; j++) params.push("exec-bench", i + j, "job-bench", "run-bench", "node-bench", "stdout", at, `${Date.now()} ${i + j} payload-payload-payload-payload`);
    return params;
  };
  rawRound++;
  if (database === "sqlite") {
    const db = new Database(path.join(store.dir, `raw-${rawRound}.db`));
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    for (const sql of ddl) db.exec(sql);
    const stmt = db.prepare(`INSERT INTO "LogLine" ${cols} VALUES ${Array.from({ length: batch }, () => "(?,?,?,?,?,?,?,?)").join(",")} ON CONFLICT DO NOTHING`);
    const t0 = performance.now();
    for (let i = 0; i < lines; i += batch) {
      const params = paramsOf(i);
      db.transaction(() => stmt.run(...params))();
    }
    const rate = (lines * 1000) / (performance.now() - t0);
    db.close();
    return rate;
  }
  const client = new pg.Client({ connectionString: store.url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA raw_logs_${rawRound}; SET search_path TO raw_logs_${rawRound}`);
    for (const sql of ddl) await client.query(sql);
    const values = Array.from({ length: batch }, (_, j) => `(${Array.from({ length: 8 }, (_, k) => `$${j * 8 + k + 1}`).join(",")})`).join(",");
    const t0 = performance.now();
    for (let i = 0; i < lines; i += batch) await client.query(`INSERT INTO "LogLine" ${cols} VALUES ${values} ON CONFLICT DO NOTHING`, paramsOf(i));
    return (lines * 1000) / (performance.now() - t0);
  } finally {
    await client.end();
  }
}

const store = await createStore(NAME);
const drover = await startDrover(store, { DROVER_LOG_MAX_LINES: "10000000" });
const server = { url: drover.info.url, adminToken: drover.info.adminToken };
const agents: AgentProcess[] = [];
try {
  progress(NAME, `log streaming (${os.cpus().length} cores shared by ${AGENTS} agents, the server and the subscriber)`);
  for (let i = 0; i < AGENTS; i++) {
    agents.push(await startAgent({ url: server.url, token: server.adminToken, nodeId: `node-bench-${i}`, labels: { bench: "logs" }, heartbeatMs: 1000 }));
  }
  // The floods start once every agent is READY (a busy machine may take a while to start them).
  for (const deadline = Date.now() + 60_000; ; ) {
    const { nodes } = await drover.gql<{ nodes: { totalCount: number } }>(`{ nodes(state: READY) { totalCount } }`);
    if (nodes.totalCount >= AGENTS) break;
    if (Date.now() > deadline) throw new Error(`only ${nodes.totalCount} of ${AGENTS} agents READY after 60 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  await new Promise((r) => setTimeout(r, 1000));
  await drover.markProfile();
  // A flood lasts about two seconds on two cores, short enough for a stray
  // process to move one measurement: each figure is the median of ROUNDS, the
  // reference measured between the floods so both see the same machine.
  const raws: number[] = [];
  const bares: number[] = [];
  const floods: Awaited<ReturnType<typeof phase>>[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    raws.push(await rawInsertRate(store, LINES * AGENTS, "drover"));
    bares.push(await rawInsertRate(store, LINES * AGENTS, "bare"));
    floods.push(await phase(server.url, server.adminToken, `flood-${round}`, LINES, null));
    progress(NAME, `round ${round}/${ROUNDS}: raw ${Math.round(raws.at(-1)!)} lines/s, end to end ${Math.round(floods.at(-1)!.perSecond)} lines/s`);
  }
  const raw = median(raws);
  const bare = median(bares);
  const max = floods.slice().sort((a, b) => a.perSecond - b.perSecond)[Math.floor(ROUNDS / 2)];
  const spread = (xs: number[]) => `${fmt(Math.min(...xs))}-${fmt(Math.max(...xs))}`;
  progress(NAME, `reference, raw batched insert into LogLine with Drover's indexes (${driverName}, 500-row statements): ${fmt(raw)} lines/s (median of ${ROUNDS}: ${spread(raws)})`);
  progress(NAME, `  (the same without its secondary indexes: ${fmt(bare)} lines/s; end to end is ${(max.perSecond / bare).toFixed(3)}x that)`);
  progress(NAME, 
    `phase 1, as fast as the writers go: ${fmt(max.perSecond)} lines/s end to end (median of ${ROUNDS} floods of ${fmt(max.received)} lines: ${spread(floods.map((f) => f.perSecond))}) → ${(max.perSecond / raw).toFixed(3)}x raw (target >= 0.2x)`,
  );
  progress(NAME, `  delay write → delivery: p50 ${fmt(max.p50)} ms, p99 ${fmt(max.p99)} ms`);
  const halfRate = max.perSecond / 2 / AGENTS;
  const half = await phase(server.url, server.adminToken, "half", Math.round(halfRate * HALF_SECONDS), halfRate);
  progress(NAME, `phase 2, offered ${fmt(halfRate * AGENTS)} lines/s (half of phase 1): delivered ${fmt(half.perSecond)} lines/s`);
  progress(NAME, `  delay write → delivery: p50 ${fmt(half.p50)} ms, p99 ${fmt(half.p99)} ms (target p99 < 100 ms)`);
  const rows = [
    row({ path: "log lines, agents to a graphql-ws subscriber, as fast as the writers go", unit: "lines/s", higherIsBetter: true, drover: max.perSecond, reference: raw, referenceName: `raw batched insert into a LogLine table with Drover's indexes (${driverName}, 500-row statements)`, target: ">= 0.2x raw", meets: (x) => (x.ratio ?? 0) >= 0.2, notes: `median of ${ROUNDS} floods of ${fmt(max.received)} lines from ${AGENTS} agents (${spread(floods.map((f) => f.perSecond))}), references between the floods (${spread(raws)}); without the secondary indexes the raw insert does ${fmt(bare)} lines/s` }),
    row({ path: "log lines at full flood: write to delivery delay", unit: "ms", higherIsBetter: false, drover: max.p50, droverP99: max.p99, notes: "drover = p50, droverP99 = p99 over the median flood's lines" }),
    row({ path: "log lines at half the flood rate: write to delivery delay", unit: "ms", higherIsBetter: false, drover: half.p50, droverP99: half.p99, target: "p99 < 100 ms", meets: (x) => (x.droverP99 ?? Infinity) < 100, notes: `offered ${fmt(halfRate * AGENTS)} lines/s for ${HALF_SECONDS} s, delivered ${fmt(half.perSecond)} lines/s` }),
  ];
  await Promise.all(agents.splice(0).map((a) => a.stop()));
  writeResult(NAME, rows, await drover.finish());
} finally {
  await Promise.all(agents.map((a) => a.stop()));
  await drover.stop();
  await store.drop();
}
process.exit(0);
