// npm run bench:fanout — one job change delivered to N graphql-ws subscribers
// of that job's events (N = 10,000; 1,000 with BENCH_QUICK=1), the clients in
// two processes of their own, beside a bare `ws` server broadcasting the same
// payload bytes to as many clients, in interleaved rounds (bare, Drover, ...).
// Delay is change time (the event's `at`) to message received.
import { spawnChild, type Child } from "./lib/child.ts";
import { createStore } from "./lib/databases.ts";
import { startDrover } from "./lib/drover-server.ts";
import { progress, quick } from "./lib/env.ts";
import { row, writeResult } from "./lib/output.ts";
import { median, percentile, spread } from "./lib/stats.ts";

const NAME = "fanout";
const N = Number(process.env.BENCH_SUBSCRIBERS ?? (quick ? 1000 : 10_000));
const ROUNDS = quick ? 3 : 5;
const PROCESSES = 2;
const TIMEOUT_MS = 120_000;
const SUBSCRIPTION = `subscription($id: ID) { jobEvents(jobId: $id) { seq type at jobId job { id name namespace status { state { stateType message } version revision updatedAt } } } }`;

interface Collected { delays: number[]; missing: number; messages: number; seqs: string[]; allAt: number }

const store = await createStore(NAME);
const drover = await startDrover(store);
const stops: { stop(): Promise<void> }[] = [drover];
try {
  const bare = await spawnChild<{ url: string }>("servers/bare-ws.ts");
  const clients: Child<unknown>[] = [];
  for (let i = 0; i < PROCESSES; i++) clients.push(await spawnChild("load/ws-clients.ts"));
  stops.push(bare, ...clients);
  const share = (i: number) => Math.floor(N / PROCESSES) + (i < N % PROCESSES ? 1 : 0);

  const jobName = "fanout";
  const submit = (description: string) =>
    drover.gql<{ submitJob: { job: { id: string } } }>(`mutation($input: SubmitJobInput!) { submitJob(input: $input) { job { id } } }`, {
      input: { name: jobName, type: "OPS", command: "echo hello", description, selector: { matchLabels: { bench: "nowhere" } } },
    });
  const jobId = (await submit("round 0")).submitJob.job.id;
  await new Promise((r) => setTimeout(r, 500));

  progress(NAME, `connecting ${N} graphql-ws subscribers to Drover`);
  let t0 = performance.now();
  await Promise.all(clients.map((c, i) => c.call("connect", { group: "drover", mode: "graphql-ws", url: drover.info.wsUrl, token: drover.info.adminToken, count: share(i), query: SUBSCRIPTION, variables: { id: jobId } })));
  const droverConnectMs = performance.now() - t0;
  progress(NAME, `connecting ${N} clients to the bare ws server`);
  t0 = performance.now();
  await Promise.all(clients.map((c, i) => c.call("connect", { group: "bare", mode: "bare", url: bare.info.url, count: share(i) })));
  const bareConnectMs = performance.now() - t0;
  progress(NAME, `connected: Drover ${droverConnectMs.toFixed(0)} ms, bare ${bareConnectMs.toFixed(0)} ms`);

  let version = 0;
  /** One Drover change: the job's description (a new version, one event), delivered to every subscriber. */
  async function droverRound(): Promise<{ collected: Collected; cpuMs: number; events: number }> {
    await Promise.all(clients.map((c) => c.call("arm", { group: "drover" })));
    const before = await drover.usage();
    await submit(`round ${++version}`);
    const parts = await Promise.all(clients.map((c) => c.call<Collected>("collect", { group: "drover", timeoutMs: TIMEOUT_MS, quietMs: 500 })));
    const after = await drover.usage();
    const collected = merge(parts);
    // Every event the change caused (the update and any state change it led to) is fan-out work.
    return { collected, cpuMs: after.cpuMs - before.cpuMs, events: Math.max(1, collected.seqs.length) };
  }
  async function bareRound(template: string): Promise<{ collected: Collected; cpuMs: number }> {
    await Promise.all(clients.map((c) => c.call("arm", { group: "bare" })));
    const before = await bare.usage();
    await bare.call("broadcast", { template });
    const parts = await Promise.all(clients.map((c) => c.call<Collected>("collect", { group: "bare", timeoutMs: TIMEOUT_MS, quietMs: 200 })));
    const after = await bare.usage();
    return { collected: merge(parts), cpuMs: after.cpuMs - before.cpuMs };
  }
  function merge(parts: Collected[]): Collected {
    return {
      delays: parts.flatMap((p) => p.delays),
      missing: parts.reduce((s, p) => s + p.missing, 0),
      messages: parts.reduce((s, p) => s + p.messages, 0),
      seqs: [...new Set(parts.flatMap((p) => p.seqs))],
      allAt: Math.max(...parts.map((p) => p.allAt)),
    };
  }

  // The warm-up change proves every subscription is live and gives the payload the bare server sends.
  progress(NAME, "warm-up change");
  const warm = await droverRound();
  if (warm.collected.missing > 0) throw new Error(`${warm.collected.missing} of ${N} subscribers missed the warm-up change`);
  const sample = (await clients[0].call<string | null>("sample", { group: "drover" }))!;
  const template = sample.replace(/"at":"[^"]+"/, '"at":"__AT__"');
  progress(NAME, `payload ${Buffer.byteLength(sample)} bytes`);

  await drover.markProfile(); // the profile covers the measured fan-out rounds
  const d = { p99: [] as number[], p50: [] as number[], cpu: [] as number[], missing: 0, events: [] as number[] };
  const b = { p99: [] as number[], p50: [] as number[], cpu: [] as number[], missing: 0 };
  for (let round = 1; round <= ROUNDS; round++) {
    const br = await bareRound(template);
    b.p99.push(percentile(br.collected.delays, 99));
    b.p50.push(percentile(br.collected.delays, 50));
    b.cpu.push(br.cpuMs);
    b.missing += br.collected.missing;
    const dr = await droverRound();
    d.p99.push(percentile(dr.collected.delays, 99));
    d.p50.push(percentile(dr.collected.delays, 50));
    d.cpu.push(dr.cpuMs / dr.events);
    d.events.push(dr.events);
    d.missing += dr.collected.missing;
    progress(NAME, `round ${round}/${ROUNDS}: bare p99 ${b.p99.at(-1)} ms, ${br.cpuMs.toFixed(0)} ms CPU; Drover p99 ${d.p99.at(-1)} ms, ${(dr.cpuMs / dr.events).toFixed(0)} ms CPU per event (${dr.events} events)${dr.collected.missing ? `, ${dr.collected.missing} missing` : ""}`);
  }
  const how = `${N} subscribers in ${PROCESSES} client processes, ${ROUNDS} interleaved rounds, payload ${Buffer.byteLength(sample)} bytes`;
  const p = `one job change to ${N.toLocaleString("en-US")} graphql-ws subscribers of that job`;
  const rows = [
    row({ path: `${p}: delivery delay`, unit: "ms", higherIsBetter: false, drover: median(d.p50), droverP99: median(d.p99), reference: median(b.p99), referenceName: `bare ws broadcast of the same bytes, p99`, target: "p99 < 250 ms", meets: (x) => (x.droverP99 ?? Infinity) < 250, notes: `drover = median of the rounds' p50, droverP99 = median of the rounds' p99 (${spread(d.p99)} ms); reference p99 ${spread(b.p99)} ms; ratio compares p50 with the bare p99; ${how}${d.missing ? `; ${d.missing} deliveries missing` : ""}` }),
    row({ path: `${p}: server CPU per event`, unit: "ms CPU/event", higherIsBetter: false, drover: median(d.cpu), reference: median(b.cpu), referenceName: "bare ws broadcast of the same bytes", target: ">= 0.5x bare broadcast", meets: (x) => (x.ratio ?? 0) >= 0.5, notes: `server process CPU from the change to the last delivery, per event (${d.events.join(",")} events per change: the update and the state changes it caused); rounds ${spread(d.cpu)} vs ${spread(b.cpu)} ms; ${how}` }),
    row({ path: `${p}: connect and subscribe`, unit: "ms", higherIsBetter: false, drover: droverConnectMs, reference: bareConnectMs, referenceName: "bare ws connect", notes: `all ${N} connections acknowledged (graphql-ws connection_init with the token, then the subscription sent), 200 at a time per client process; once per run` }),
  ];
  // Subscribers leave before the server, so its shutdown does not close them mid-subscription.
  for (const c of stops.splice(1).reverse()) await c.stop();
  stops.shift();
  const profile = await drover.finish();
  writeResult(NAME, rows, profile);
} finally {
  for (const c of stops.reverse()) await c.stop();
  await store.drop();
}
process.exit(0);
