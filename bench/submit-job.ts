// npm run bench:submit-job — submitJob with distinct names over HTTP, 16
// concurrent clients without pipelining, beside a raw node:http + driver
// endpoint writing the same rows (job, version, evaluation, event) in one
// transaction, in interleaved rounds.
import path from "node:path";
import { spawnChild } from "./lib/child.ts";
import { createStore } from "./lib/databases.ts";
import { startDrover } from "./lib/drover-server.ts";
import { database, progress, quick } from "./lib/env.ts";
import { runHttpRounds, summary } from "./lib/http-rounds.ts";
import { row, writeResult } from "./lib/output.ts";

const NAME = "submit-job";
const ROUNDS = quick ? 3 : 5;
const DURATION_MS = quick ? 1000 : 2000;
const CONNECTIONS = 16;
const rawName = database === "sqlite" ? "raw node:http + better-sqlite3, one transaction" : "raw node:http + pg, one transaction";

const SUBMIT = `mutation($input: SubmitJobInput!) { submitJob(input: $input) { job { id name } } }`;
const store = await createStore(NAME);
const drover = await startDrover(store);
const children = [drover] as { stop(): Promise<void> }[];
try {
  const refUrl = database === "sqlite" ? `file:${path.join(store.dir, "reference.db")}` : store.url;
  const raw = await spawnChild<{ url: string }>("servers/raw-writes.ts", { env: { DATABASE_URL: refUrl } });
  children.push(raw);
  progress(NAME, `rounds: ${ROUNDS} x ${DURATION_MS} ms, ${CONNECTIONS} clients`);
  // Distinct names: the load generator numbers each request (__N__); each target has its own prefix.
  const droverBody = JSON.stringify({ query: SUBMIT, variables: { input: { name: "bench-__N__", type: "OPS", command: "echo hello", selector: { matchLabels: { bench: "nowhere" } } } } });
  await drover.markProfile();
  const figures = await runHttpRounds(
    NAME,
    [
      { label: "raw", server: raw, request: { url: `${raw.info.url}/submit-job`, body: JSON.stringify({ name: "raw-__N__" }) } },
      { label: "drover", server: drover, request: { url: drover.info.url, headers: { authorization: `Bearer ${drover.info.adminToken}` }, body: droverBody } },
    ],
    { rounds: ROUNDS, durationMs: DURATION_MS, connections: CONNECTIONS, warmupMs: 500 },
  );
  const r = summary(figures.get("raw")!);
  const d = summary(figures.get("drover")!);
  const how = `${CONNECTIONS} clients without pipelining, ${ROUNDS} interleaved rounds of ${DURATION_MS / 1000} s; ${d.notes}; ${r.notes}`;
  const p = "submitJob, distinct names, HTTP";
  const rows = [
    row({ path: p, unit: "writes/s", higherIsBetter: true, drover: d.perSecond, reference: r.perSecond, referenceName: rawName, target: ">= 2,000/s and >= 0.5x raw", meets: (x) => x.drover >= 2000 && (x.ratio ?? 0) >= 0.5, notes: how }),
    row({ path: `${p}: server CPU per write`, unit: "ms CPU/write", higherIsBetter: false, drover: d.cpuMs, reference: r.cpuMs, referenceName: rawName, notes: "user+system CPU of the server process over the round / writes answered (Drover's includes its scheduler evaluating the new jobs meanwhile)" }),
    row({ path: `${p}: client p99 latency`, unit: "ms", higherIsBetter: false, drover: d.p99Ms, reference: r.p99Ms, referenceName: rawName, notes: "median over rounds of each round's p99, at full load" }),
  ];
  children.shift();
  const profile = await drover.finish();
  writeResult(NAME, rows, profile);
} finally {
  for (const c of children) await c.stop();
  await store.drop();
}
process.exit(0);
