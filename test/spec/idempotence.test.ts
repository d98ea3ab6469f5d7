import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../server/spec/diff.ts";
import { normalizeSpec } from "../../server/spec/normalize.ts";
import { JOB_TYPES, isRunToCompletion, type JobSpecInput, type JobType } from "../../server/spec/types.ts";

/**
 * normalize(normalize(x)) equals normalize(x), over many generated valid
 * inputs (a small seeded generator rather than a property-testing library),
 * both as objects and after a JSON round trip (which is how specs are stored).
 */

/** mulberry32: a tiny deterministic PRNG, so a failure reproduces from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(seed: number): JobSpecInput {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const maybe = <T>(make: () => T): T | undefined => (r() < 0.5 ? make() : undefined);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const type: JobType = pick(JOB_TYPES);
  const strategy = isRunToCompletion(type) ? "immediate" : pick(["immediate", "rolling", "canary"] as const);
  const deadlineSeconds = int(30, 7200);
  const input: JobSpecInput = {
    name: pick(["a", "web", "log-processor", "x1"]),
    namespace: maybe(() => pick(["default", "prod", "team-7"])),
    type,
    description: maybe(() => pick(["", "hello", "  spaced  "])),
    labels: maybe(() => ({ [pick(["env", "example.com/team", "tier"])]: pick(["prod", "", "a.b-c_d"]), zone: "z1" })),
    meta: maybe(() => ({ owner: pick(["me", "free text, ok"]) })),
    priority: maybe(() => int(0, 100)),
    config: maybe(() => ({ z: int(0, 9), a: { list: [3, 1, { y: 1, x: 2 }] } })),
    selector: maybe(() => ({
      matchLabels: maybe(() => ({ region: pick(["eu", "us"]) })),
      matchIds: maybe(() => ["node-b", "node-a", "node-b"].slice(0, int(0, 3))),
      matchExpressions: maybe(() => [
        pick(["region==eu", " tier in ( b , a ) ", "!gpu", "gpu", "zone notin (x,y,x)", "k!="]),
      ]),
    })),
    deployment: {
      strategy,
      ...(r() < 0.5 ? { maxParallel: int(0, 10) } : { maxParallelPercent: maybe(() => int(1, 100)) }),
      ...(strategy === "canary"
        ? { autoPromote: r() < 0.5, ...(r() < 0.5 ? { canaryCount: maybe(() => int(1, 5)) } : { canaryPercent: int(1, 100) }) }
        : {}),
      healthCheck:
        strategy === "immediate"
          ? maybe(() => ({ deadline: "whatever" }))
          : {
              deadline: pick([`${deadlineSeconds}s`, `${deadlineSeconds * 1000}ms`]),
              minHealthyTime: maybe(() => pick(["0s", "30s", "0.5m"])),
              maxErrorRate: maybe(() => pick([0, 0.1, 1])),
              probe: maybe(() => ({ command: "curl -f localhost", interval: maybe(() => pick(["5s", "1500ms"])) })),
            },
      maxFailedNodes: maybe(() => int(0, 20)),
      maxFailedNodesPercent: maybe(() => pick([0, 12.5, 100])),
      noAutoRollback: maybe(() => r() < 0.5),
    },
    timeouts: maybe(() => ({ executionTimeout: int(0, 600), queueTimeout: maybe(() => int(0, 60)) })),
    restartPolicy: maybe(() => ({
      policy: maybe(() => pick(["always", "on-failure", "never"] as const)),
      maxRetries: maybe(() => int(0, 9)),
      backoff: maybe(() => pick(["1s", "90s", "0.5s", "3m"])),
      retryExitCodes: maybe(() => [137, 1, 137].slice(0, int(0, 3))),
    })),
    schedule: isRunToCompletion(type) ? maybe(() => pick(["@midnight", " 0  9 * * 1-5 ", "@Annually", "*/5 * * * *"])) : undefined,
    timeZone: maybe(() => pick(["UTC", "Europe/Berlin"])),
    overlapPolicy: maybe(() => pick(["allow", "forbid", "replace"] as const)),
    catchUp: maybe(() => int(0, 5)),
    image: maybe(() => pick(["", "alpine:3.20"])),
    ...(r() < 0.5 ? { command: maybe(() => pick(["echo hi", ""])) } : { args: maybe(() => ["echo", ""].slice(0, int(0, 2))) }),
    env: maybe(() => ({ B: "2", A: "", _X: "x y" })),
    workingDir: maybe(() => pick(["/srv", ""])),
    tags: maybe(() => ["b", "a", "b"].slice(0, int(0, 3))),
  };
  // A spec must say what it runs: when the draw left command, args and image all unset or blank, it runs `true`.
  const runs = [input.command, input.image].some((v) => typeof v === "string" && v.trim() !== "") || (Array.isArray(input.args) && input.args.length > 0);
  if (!runs) input.command = "true";
  return input;
}

describe("normalizeSpec is idempotent", () => {
  const seeds = Array.from({ length: 300 }, (_, i) => i + 1);

  it("for 300 generated specs, as objects and as stored JSON", () => {
    for (const seed of seeds) {
      const once = normalizeSpec(generate(seed));
      const twice = normalizeSpec(once);
      expect(twice, `seed ${seed}`).toEqual(once);
      // As stored: JSON text with sorted keys, read back.
      const stored = JSON.parse(canonicalJson(once));
      expect(canonicalJson(normalizeSpec(stored)), `seed ${seed}`).toBe(canonicalJson(once));
    }
  });

  it("generates a variety of specs, not one spec 300 times", () => {
    const distinct = new Set(seeds.map((s) => canonicalJson(normalizeSpec(generate(s)))));
    expect(distinct.size).toBeGreaterThan(250);
  });
});
