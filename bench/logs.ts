// npm run bench:logs — log lines from real agent processes through the server
// to a graphql-ws subscriber: end-to-end lines per second and the delay from
// write to delivery (p50/p99), beside the raw batched insert rate of the same
// lines through the same driver (better-sqlite3), measured in the same run.
// Phase 1 offers as much as the writers can (three floods, median); phase 2
// offers half of what phase 1 delivered and reports the delays at that load.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { startServer } from "../server/app.ts";
import { createLogger } from "../common/logger.ts";
import { applyMigrations } from "../server/db/migrate.ts";
import { request } from "../client/graphql-http.ts";
import { startAgent, type AgentProcess } from "../test/support/agents.ts";

const AGENTS = Number(process.env.BENCH_AGENTS ?? 2);
const LINES = Number(process.env.BENCH_LINES ?? 50_000); // per agent, phase 1
const HALF_SECONDS = Number(process.env.BENCH_HALF_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

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
  const gql = <T>(q: string, v?: Record<string, unknown>) => request<T>(url, token, q, v);
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
 * The reference: the same lines inserted straight through better-sqlite3 in
 * 500-row statements. "drover" inserts into Drover's own LogLine table (made by
 * its migrations, with the secondary indexes log queries need: by job, by run,
 * by time), which is what the server must maintain too; "bare" drops those
 * indexes and is printed for comparison.
 */
async function rawInsertRate(lines: number, schema: "drover" | "bare"): Promise<number> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "drover-bench-logs-raw-"));
  const file = path.join(dir, "raw.db");
  if (schema === "drover") {
    await applyMigrations(`file:${file}`);
  } else {
    const init = new Database(file);
    init.exec(`CREATE TABLE "LogLine" ("executionId" TEXT, "lineNo" INTEGER, "jobId" TEXT, "runId" TEXT, "nodeId" TEXT, "stream" TEXT, "at" TEXT, "text" TEXT,
      PRIMARY KEY ("executionId", "lineNo"))`);
    init.close();
  }
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  const batch = 500;
  const cols = `("executionId", "lineNo", "jobId", "runId", "nodeId", "stream", "at", "text")`;
  const stmt = db.prepare(`INSERT INTO "LogLine" ${cols} VALUES ${Array.from({ length: batch }, () => "(?,?,?,?,?,?,?,?)").join(",")} ON CONFLICT DO NOTHING`);
  const at = new Date().toISOString().replace("Z", "+00:00");
  const t0 = performance.now();
  for (let i = 0; i < lines; i += batch) {
    const params: unknown[] = [];
    for (let j = 1; j <= batch; j++) params.push("exec-bench", i + j, "job-bench", "run-bench", "node-bench", "stdout", at, `${Date.now()} ${i + j} payload-payload-payload-payload`);
    db.transaction(() => stmt.run(...params))();
  }
  const rate = (lines * 1000) / (performance.now() - t0);
  db.close();
  await fs.rm(dir, { recursive: true, force: true });
  return rate;
}

const dir = await fs.mkdtemp(path.join(os.tmpdir(), "drover-bench-logs-"));
const server = await startServer({
  config: { port: 0, dataDir: dir, databaseUrl: `file:${path.join(dir, "drover.db")}`, logMaxLinesPerExecution: 10_000_000 },
  log: createLogger("silent"),
});
const agents: AgentProcess[] = [];
try {
  console.log(`Drover log streaming benchmark (SQLite, ${os.cpus().length} cores shared by ${AGENTS} agents, the server and the subscriber)`);
  for (let i = 0; i < AGENTS; i++) {
    agents.push(await startAgent({ url: server.url, token: server.adminToken, nodeId: `node-bench-${i}`, labels: { bench: "logs" }, heartbeatMs: 1000 }));
  }
  await new Promise((r) => setTimeout(r, 2000));
  // A flood lasts about two seconds on two cores, short enough for a stray
  // process to move one measurement: each figure is the median of ROUNDS, the
  // reference measured between the floods so both see the same machine.
  const raws: number[] = [];
  const bares: number[] = [];
  const floods: Awaited<ReturnType<typeof phase>>[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    raws.push(await rawInsertRate(LINES * AGENTS, "drover"));
    bares.push(await rawInsertRate(LINES * AGENTS, "bare"));
    floods.push(await phase(server.url, server.adminToken, `flood-${round}`, LINES, null));
  }
  const raw = median(raws);
  const bare = median(bares);
  const max = floods.slice().sort((a, b) => a.perSecond - b.perSecond)[Math.floor(ROUNDS / 2)];
  const spread = (xs: number[]) => `${fmt(Math.min(...xs))}-${fmt(Math.max(...xs))}`;
  console.log(`\nreference, raw batched insert into Drover's LogLine table (better-sqlite3, 500-row statements): ${fmt(raw)} lines/s (median of ${ROUNDS}: ${spread(raws)})`);
  console.log(`  (the same without its secondary indexes: ${fmt(bare)} lines/s; end to end is ${(max.perSecond / bare).toFixed(3)}x that)`);
  console.log(
    `phase 1, as fast as the writers go: ${fmt(max.perSecond)} lines/s end to end (median of ${ROUNDS} floods of ${fmt(max.received)} lines: ${spread(floods.map((f) => f.perSecond))}) → ${(max.perSecond / raw).toFixed(3)}x raw (target >= 0.2x)`,
  );
  console.log(`  delay write → delivery: p50 ${fmt(max.p50)} ms, p99 ${fmt(max.p99)} ms`);
  const halfRate = max.perSecond / 2 / AGENTS;
  const half = await phase(server.url, server.adminToken, "half", Math.round(halfRate * HALF_SECONDS), halfRate);
  console.log(`phase 2, offered ${fmt(halfRate * AGENTS)} lines/s (half of phase 1): delivered ${fmt(half.perSecond)} lines/s`);
  console.log(`  delay write → delivery: p50 ${fmt(half.p50)} ms, p99 ${fmt(half.p99)} ms (target p99 < 100 ms)`);
} finally {
  await Promise.all(agents.map((a) => a.stop()));
  await server.stop();
  await fs.rm(dir, { recursive: true, force: true });
}
process.exit(0);
