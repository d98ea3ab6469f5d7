import { readInt, readNumber, readObject, type Problems } from "./read.ts";

/**
 * What one execution of a job reserves on its node: cpu in cores (decimal,
 * to the millicore, as Kubernetes counts it) and memory in bytes. Placement
 * puts an execution only where the node's reported capacity, minus what its
 * live executions reserved, still holds the request. A job without
 * `resources` reserves nothing and places exactly as it always did.
 */
export interface Resources {
  /** Cores, a multiple of 0.001; null: no cpu request. */
  cpu: number | null;
  /** Bytes, a whole number; null: no memory request. */
  memory: number | null;
}

export interface ResourcesInput {
  cpu?: number | null;
  memory?: number | null;
}

/**
 * Bounds of a request and of what an agent may report: beyond them a number
 * is a mistake (a memory size typed in KiB as bytes, or a broken agent), not
 * a machine. 1024 cores and 1 PiB are above any single node sold today.
 */
export const RESOURCE_LIMITS = {
  cpu: { min: 0.001, max: 1024 },
  memory: { min: 1, max: 2 ** 50 },
} as const;

export const RESOURCE_FIELDS = ["cpu", "memory"] as const;

/** Millicores, the unit cpu is compared in, so sums of decimals never drift. */
export const toMillicores = (cores: number) => Math.round(cores * 1000);

/** The spec's `resources`: null when nothing is requested (the spec then reads as it did before requests existed). */
export function normalizeResources(v: unknown, p: Problems): Resources | null {
  const r = readObject(v, "resources", p, RESOURCE_FIELDS);
  if (!r) return null;
  let cpu = readNumber(r.cpu, "resources.cpu", p, RESOURCE_LIMITS.cpu) ?? null;
  if (cpu !== null) {
    if (Math.abs(cpu * 1000 - toMillicores(cpu)) > 1e-6) p.add("resources.cpu", `must be a whole number of millicores (at most 3 decimals), not ${cpu}`);
    cpu = toMillicores(cpu) / 1000;
  }
  const memory = readInt(r.memory, "resources.memory", p, RESOURCE_LIMITS.memory) ?? null;
  return cpu === null && memory === null ? null : { cpu, memory };
}
