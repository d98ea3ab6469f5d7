// npm run bench:idle-rss — resident memory of an idle Drover server (started
// on a fresh database, control loops on, no clients) after a 10 s settle,
// beside a bare graphql-yoga `{ hello }` server process started alongside.
// Both run through the same TypeScript loader, so its cost is on both sides.
import { spawnChild } from "./lib/child.ts";
import { createStore } from "./lib/databases.ts";
import { startDrover } from "./lib/drover-server.ts";
import { progress, quick } from "./lib/env.ts";
import { row, writeResult } from "./lib/output.ts";
import { median, spread } from "./lib/stats.ts";

const NAME = "idle-rss";
const SETTLE_MS = 10_000;
const SAMPLES = quick ? 3 : 5;

const store = await createStore(NAME);
const [drover, yoga] = await Promise.all([startDrover(store), spawnChild<{ url: string }>("servers/yoga-hello.ts")]);
try {
  await drover.markProfile();
  progress(NAME, `settling ${SETTLE_MS / 1000} s`);
  const cpu0 = await drover.usage();
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const cpu1 = await drover.usage();
  const d: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    y.push((await yoga.usage()).rssMb);
    d.push((await drover.usage()).rssMb);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const cpu2 = await drover.usage();
  const idleCpu = ((cpu2.cpuMs - cpu0.cpuMs) / (SETTLE_MS + SAMPLES * 1000)) * 100;
  const rows = [
    row({ path: "idle drover server RSS", unit: "MB", higherIsBetter: false, drover: median(d), reference: median(y), referenceName: "bare graphql-yoga { hello } process", target: "< 150 MB", meets: (x) => x.drover < 150, notes: `after start and ${SETTLE_MS / 1000} s settle, ${SAMPLES} samples 1 s apart (Drover ${spread(d)} MB, Yoga ${spread(y)} MB), process.memoryUsage.rss()` }),
    row({ path: "idle drover server CPU, empty database", unit: "% of a core", higherIsBetter: false, drover: idleCpu, notes: `control loops on, no clients, over ${(SETTLE_MS + SAMPLES * 1000) / 1000} s (settle ${((cpu1.cpuMs - cpu0.cpuMs) / SETTLE_MS * 100).toFixed(2)} %)` }),
  ];
  await yoga.stop();
  const profile = await drover.finish();
  writeResult(NAME, rows, profile);
} finally {
  await yoga.stop();
  await drover.stop();
  await store.drop();
}
process.exit(0);
