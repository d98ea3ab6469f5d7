// Reads a V8 .cpuprofile and names the functions that spent the most self
// time, as a share of the busy (non-idle) samples.
import fs from "node:fs";
import path from "node:path";
import type { ProfileFrame } from "./types.ts";

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

const IDLE = new Set(["(idle)", "(program)"]);

function frameName(cf: CpuProfile["nodes"][number]["callFrame"], root: string): string {
  const fn = cf.functionName || "(anonymous)";
  if (!cf.url) return fn;
  let file = cf.url.replace(/^file:\/\//, "");
  const nm = file.lastIndexOf("node_modules/");
  if (nm >= 0) file = file.slice(nm + "node_modules/".length);
  else if (file.startsWith(root)) file = path.relative(root, file);
  return `${fn} ${file}:${cf.lineNumber + 1}`;
}

/** `fromUs`: only samples from this time on (process.hrtime in microseconds, the profile's clock), leaving out start-up and seeding. */
export function summariseProfile(file: string, top = 15, root = process.cwd(), fromUs = 0): ProfileFrame[] {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const names = new Map(profile.nodes.map((n) => [n.id, frameName(n.callFrame, root)]));
  const self = new Map<string, number>();
  let busy = 0;
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    const name = names.get(id) ?? "?";
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    if (t < fromUs || IDLE.has(name)) return;
    busy += dt;
    self.set(name, (self.get(name) ?? 0) + dt);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([frame, us]) => ({ frame, selfPercent: Math.round((1000 * us) / Math.max(1, busy)) / 10 }));
}

/** The newest .cpuprofile in `dir`, summarised; [] when the process wrote none. */
export function summariseProfileDir(dir: string, top = 15, fromUs = 0): ProfileFrame[] {
  // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the server's main thread (others are
  // workers, such as the module loader's, whose samples are start-up work).
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile") && f.split(".")[4] === "0") : [];
  if (files.length === 0) return [];
  const newest = files.map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  return summariseProfile(newest, top, process.cwd(), fromUs);
}
