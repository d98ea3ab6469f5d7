// npm run bench:jobs-list — the jobs page read over HTTP: jobs(first: 50)
// with each job's state and latest run, 16 concurrent clients without
// pipelining, beside a bare graphql-yoga `{ hello }` and a raw node:http +
// driver endpoint returning the same 50 rows with the same latest-run join,
// in interleaved rounds; then the same list with totalCount.
import { spawnChild } from "./lib/child.ts";
import { createStore } from "./lib/databases.ts";
import { startDrover } from "./lib/drover-server.ts";
import { database, progress, quick } from "./lib/env.ts";
import { runHttpRounds, summary } from "./lib/http-rounds.ts";
import { row, writeResult } from "./lib/output.ts";
import { seedJobs, settle } from "./lib/seed.ts";

const NAME = "jobs-list";
// Four rounds of five targets keep the whole suite within 15 minutes.
const ROUNDS = quick ? 3 : 4;
const DURATION_MS = quick ? 1000 : 2000;
const CONNECTIONS = 16;
const JOBS = 120;

const ROW_FIELDS = `id name namespace type status { state { stateType message } version revision updatedAt latestRun { id state createdAt finishedAt } }`;
const LIST = `query { jobs(first: 50) { pageInfo { hasNextPage endCursor } edges { node { ${ROW_FIELDS} } } } }`;
const LIST_COUNT = `query { jobs(first: 50) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${ROW_FIELDS} } } } }`;
const rawName = database === "sqlite" ? "raw node:http + better-sqlite3" : "raw node:http + pg";

const store = await createStore(NAME);
const drover = await startDrover(store);
const children = [drover] as { stop(): Promise<void> }[];
try {
  progress(NAME, `seeding ${JOBS} jobs with 2 runs each through the API`);
  await seedJobs(drover, JOBS, 2);
  progress(NAME, "waiting for the scheduler to work off the seed");
  await settle(drover);
  const yoga = await spawnChild<{ url: string }>("servers/yoga-hello.ts");
  const raw = await spawnChild<{ url: string }>("servers/raw-jobs.ts", { env: { DATABASE_URL: store.url } });
  children.push(yoga, raw);
  const auth = { authorization: `Bearer ${drover.info.adminToken}` };
  await drover.markProfile();
  const figures = await runHttpRounds(
    NAME,
    [
      { label: "yoga", server: yoga, request: { url: yoga.info.url, body: JSON.stringify({ query: "{ hello }" }) } },
      { label: "raw", server: raw, request: { url: `${raw.info.url}/list`, body: "{}" } },
      { label: "drover", server: drover, request: { url: drover.info.url, headers: auth, body: JSON.stringify({ query: LIST }) } },
      { label: "raw+count", server: raw, request: { url: `${raw.info.url}/list-count`, body: "{}" } },
      { label: "drover+count", server: drover, request: { url: drover.info.url, headers: auth, body: JSON.stringify({ query: LIST_COUNT }) } },
    ],
    { rounds: ROUNDS, durationMs: DURATION_MS, connections: CONNECTIONS, warmupMs: 500 },
  );
  const [y, r, d, rc, dc] = ["yoga", "raw", "drover", "raw+count", "drover+count"].map((l) => summary(figures.get(l)!));
  const how = `${CONNECTIONS} clients without pipelining, ${ROUNDS} interleaved rounds of ${DURATION_MS / 1000} s, ${JOBS} jobs with 2 runs each`;
  const path = `jobs(first: 50) with state and latest run, HTTP`;
  const pathCount = `jobs(first: 50) with state, latest run and totalCount, HTTP`;
  const rows = [
    row({ path, unit: "req/s", higherIsBetter: true, drover: d.perSecond, reference: y.perSecond, referenceName: "bare graphql-yoga { hello }", target: ">= 0.5x Yoga", meets: (x) => (x.ratio ?? 0) >= 0.5, notes: `${how}; ${d.notes}; ${y.notes}` }),
    row({ path, unit: "req/s", higherIsBetter: true, drover: d.perSecond, reference: r.perSecond, referenceName: `${rawName}, same 50 rows and latest-run join`, target: ">= 0.25x raw", meets: (x) => (x.ratio ?? 0) >= 0.25, notes: `${how}; ${r.notes}` }),
    row({ path: `${path}: server CPU per request`, unit: "ms CPU/req", higherIsBetter: false, drover: d.cpuMs, reference: y.cpuMs, referenceName: "bare graphql-yoga { hello }", notes: "user+system CPU of the server process over the round / requests answered" }),
    row({ path: `${path}: server CPU per request`, unit: "ms CPU/req", higherIsBetter: false, drover: d.cpuMs, reference: r.cpuMs, referenceName: rawName, notes: "user+system CPU of the server process over the round / requests answered" }),
    row({ path: `${path}: client p99 latency`, unit: "ms", higherIsBetter: false, drover: d.p99Ms, reference: r.p99Ms, referenceName: rawName, notes: "median over rounds of each round's p99, at full load" }),
    row({ path: pathCount, unit: "req/s", higherIsBetter: true, drover: dc.perSecond, reference: rc.perSecond, referenceName: `${rawName}, same rows plus count(*)`, target: ">= 0.25x raw", meets: (x) => (x.ratio ?? 0) >= 0.25, notes: `${how}; ${dc.notes}; ${rc.notes}` }),
    row({ path: `${pathCount}: server CPU per request`, unit: "ms CPU/req", higherIsBetter: false, drover: dc.cpuMs, reference: rc.cpuMs, referenceName: rawName, notes: "user+system CPU of the server process over the round / requests answered" }),
  ];
  children.shift();
  const profile = await drover.finish();
  writeResult(NAME, rows, profile);
} finally {
  for (const c of children) await c.stop();
  await store.drop();
}
process.exit(0);
