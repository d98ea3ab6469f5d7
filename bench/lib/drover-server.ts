// Starts a Drover server child on a benchmark's store, configured the way an
// operator would (environment variables), optionally under --cpu-prof.
import path from "node:path";
import { spawnChild, type Child } from "./child.ts";
import type { BenchStore } from "./databases.ts";
import { profiling } from "./env.ts";
import { summariseProfileDir } from "./profile.ts";
import type { ProfileFrame } from "./types.ts";

export interface DroverInfo {
  url: string;
  wsUrl: string;
  adminToken: string;
}

export interface DroverChild extends Child<DroverInfo> {
  /** The profile counts from here on (start-up and seeding left out). */
  markProfile(): Promise<void>;
  /** Stops the server; under BENCH_PROFILE=1, returns its top self-time frames since markProfile. */
  finish(): Promise<ProfileFrame[] | undefined>;
  gql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

export async function startDrover(
  store: BenchStore,
  env: Record<string, string> = {},
  label = "drover",
  /** false: never under the profiler (its sampler thread and buffers would be most of what an idle server measures). */
  profile = profiling,
  /** Run the server as `npm run build` builds it (see SpawnOptions.built). */
  built = false,
): Promise<DroverChild> {
  const profileDir = path.join(store.dir, `cpuprofile-${label}`);
  const child = await spawnChild<DroverInfo>("servers/drover.ts", {
    env: {
      DATABASE_URL: store.url,
      DROVER_DATA_DIR: path.join(store.dir, label),
      DROVER_PORT: "0",
      DROVER_HOST: "127.0.0.1",
      DROVER_LOG_LEVEL: process.env.BENCH_SERVER_LOG_LEVEL ?? "error",
      // The per-token limit (1,000/s over a minute) would refuse the load itself.
      DROVER_TOKEN_RATE_LIMIT: "0",
      REDIS_URL: "",
      ...env,
    },
    cpuProfileDir: profile ? profileDir : undefined,
    built,
  });
  let fromUs = 0;
  return {
    ...child,
    async markProfile() {
      fromUs = await child.call<number>("hrtimeUs");
    },
    async finish() {
      await child.stop();
      return profile ? summariseProfileDir(profileDir, 15, fromUs) : undefined;
    },
    async gql<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
      const res = await fetch(child.info.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${child.info.adminToken}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
      if (body.errors?.length) throw new Error(`GraphQL: ${body.errors.map((e) => e.message).join("; ")}`);
      return body.data as T;
    },
  };
}
