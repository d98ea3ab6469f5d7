// npm run bench:idle-rss — resident memory of an idle Drover server (started
// on a fresh database, control loops on, no clients) once it has settled,
// beside a bare graphql-yoga `{ hello }` server process started alongside.
// Settled: V8 gives back the young generation and compacts only after the
// process has been idle a while (the server read 210 MB 10-20 s after start and
// 163-166 MB from 45 s on), so the samples start 45 s after start.
// Both run as `npm run build` builds Drover (one esbuild pass, no TypeScript
// loader in the process), as `npm start` runs the server. The Drover server
// runs without the profiler whatever BENCH_PROFILE says.
import { spawnChild } from "./lib/child.ts";
import { createStore } from "./lib/databases.ts";
import { startDrover } from "./lib/drover-server.ts";
import { progress, quick } from "./lib/env.ts";
import { row, writeResult } from "./lib/output.ts";
import { median, spread } from "./lib/stats.ts";

const NAME = "idle-rss";
const SETTLE_MS = quick ? 10_000 : 45_000;
const SAMPLES = quick ? 3 : 5;

const store = await createStore(NAME);
// Never under --cpu-prof, even with BENCH_PROFILE=1: the profiler's own sampling and buffers read as the idle server's CPU and memory.
const [drover, yoga] = await Promise.all([startDrover(store, {}, "drover", false, true), spawnChild<{ url: string }>("servers/yoga-hello.ts", { built: true })]);
try {
  await drover.markProfile();
  progress(NAME, `settling ${SETTLE_MS / 1000} s`);
  const cpu0 = await drover.usage();
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const settleMs = SETTLE_MS;
  const cpu1 = await drover.usage();
  const d: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    y.push((await yoga.usage()).rssMb);
    d.push((await drover.usage()).rssMb);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const cpu2 = await drover.usage();
  const idleCpu = ((cpu2.cpuMs - cpu0.cpuMs) / (settleMs + SAMPLES * 1000)) * 100;
  const rows = [
    row({ path: "idle drover server RSS", unit: "MB", higherIsBetter: false, drover: median(d), reference: median(y), referenceName: "bare graphql-yoga { hello } process", target: "< 150 MB", meets: (x) => x.drover < 150, notes: `after start and a ${Math.round(settleMs / 1000)} s settle, ${SAMPLES} samples 1 s apart (Drover ${spread(d)} MB, Yoga ${spread(y)} MB), process.memoryUsage.rss()` }),
    row({ path: "idle drover server CPU, empty database", unit: "% of a core", higherIsBetter: false, drover: idleCpu, notes: `control loops on, no clients, over ${Math.round((settleMs + SAMPLES * 1000) / 1000)} s (settle ${((cpu1.cpuMs - cpu0.cpuMs) / settleMs * 100).toFixed(2)} %)` }),
  ];
  await yoga.stop();
  const profile = await drover.finish();
  writeResult(NAME, rows, profile, false);
} finally {
  await yoga.stop();
  await drover.stop();
  await store.drop();
}
process.exit(0);
