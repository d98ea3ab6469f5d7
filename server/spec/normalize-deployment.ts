import { SPEC_DEFAULTS, SPEC_LIMITS } from "./defaults.ts";
import { parseDuration } from "../../common/duration.ts";
import { fieldNames, SPEC_SHAPE } from "./fields.ts";
import {
  absent,
  readBoolean,
  readDuration,
  readEnum,
  readInt,
  readNumber,
  readObject,
  readOptionalText,
  type Problems,
} from "./read.ts";
import { DEPLOYMENT_STRATEGIES, isRunToCompletion, type Deployment, type HealthCheck, type JobType } from "./types.ts";

const DEPLOYMENT_KEYS = fieldNames(SPEC_SHAPE.deployment);
const HEALTH_CHECK_KEYS = fieldNames(SPEC_SHAPE.deployment.healthCheck);
const PROBE_KEYS = fieldNames(SPEC_SHAPE.deployment.healthCheck.probe);
const CANARY_ONLY = ["canaryCount", "canaryPercent"] as const;

const D = SPEC_DEFAULTS.deployment;
const DEFAULT_MIN_HEALTHY = {
  text: SPEC_DEFAULTS.healthCheck.minHealthyTime,
  ms: parseDuration(SPEC_DEFAULTS.healthCheck.minHealthyTime),
};
const L = SPEC_LIMITS;

/**
 * The rollout settings. `type` (when known) restricts the strategy: only
 * long-running jobs roll out in waves; run-to-completion work has nothing to
 * keep running while a new version is checked, so it takes `immediate`.
 */
export function normalizeDeployment(value: unknown, type: JobType | undefined, p: Problems): Deployment {
  const path = "deployment";
  const d = readObject(value, path, p, DEPLOYMENT_KEYS) ?? {};
  const at = (k: string) => `${path}.${k}`;

  const strategy = readEnum(d.strategy, at("strategy"), p, DEPLOYMENT_STRATEGIES) ?? D.strategy;
  if (type && isRunToCompletion(type) && strategy !== "immediate") {
    p.add(at("strategy"), `${type} jobs run to completion and accept only the immediate strategy, not ${strategy}`);
  }

  const maxParallel = readInt(d.maxParallel, at("maxParallel"), p, L.maxParallel);
  const maxParallelPercent = readInt(d.maxParallelPercent, at("maxParallelPercent"), p, L.maxParallelPercent);
  if (!absent(d.maxParallel) && !absent(d.maxParallelPercent)) {
    p.add(at("maxParallelPercent"), "give maxParallel or maxParallelPercent, not both");
  }

  const canaryCount = readInt(d.canaryCount, at("canaryCount"), p, L.canaryCount);
  const canaryPercent = readInt(d.canaryPercent, at("canaryPercent"), p, L.canaryPercent);
  const autoPromote = readBoolean(d.autoPromote, at("autoPromote"), p) ?? D.autoPromote;
  if (strategy === "canary") {
    if (!absent(d.canaryCount) && !absent(d.canaryPercent)) p.add(at("canaryPercent"), "give canaryCount or canaryPercent, not both");
  } else {
    for (const k of CANARY_ONLY) if (!absent(d[k])) p.add(at(k), `applies only to the canary strategy, not ${strategy}`);
    // false is what every non-canary deployment has, so only `true` is a mistake.
    if (autoPromote) p.add(at("autoPromote"), `applies only to the canary strategy, not ${strategy}`);
  }

  return {
    strategy,
    maxParallel: maxParallelPercent !== undefined ? null : (maxParallel ?? D.maxParallel),
    maxParallelPercent: maxParallelPercent ?? null,
    canaryCount: strategy !== "canary" || canaryPercent !== undefined ? null : (canaryCount ?? D.canaryCount),
    canaryPercent: strategy === "canary" ? (canaryPercent ?? null) : null,
    autoPromote: strategy === "canary" ? autoPromote : false,
    // Immediate rollouts ignore health checks (seed), so the spec drops one
    // given there rather than keep settings that do nothing.
    healthCheck: strategy === "immediate" ? null : normalizeHealthCheck(d.healthCheck, strategy, at("healthCheck"), p),
    maxFailedNodes: readInt(d.maxFailedNodes, at("maxFailedNodes"), p, L.maxFailedNodes) ?? D.maxFailedNodes,
    maxFailedNodesPercent:
      readNumber(d.maxFailedNodesPercent, at("maxFailedNodesPercent"), p, L.maxFailedNodesPercent) ?? D.maxFailedNodesPercent,
    noAutoRollback: readBoolean(d.noAutoRollback, at("noAutoRollback"), p) ?? D.noAutoRollback,
  };
}

function normalizeHealthCheck(value: unknown, strategy: string, path: string, p: Problems): HealthCheck | null {
  const at = (k: string) => `${path}.${k}`;
  if (absent(value)) {
    p.add(path, `is required for the ${strategy} strategy (at least a deadline, e.g. { deadline: "5m" })`);
    return null;
  }
  const h = readObject(value, path, p, HEALTH_CHECK_KEYS);
  if (!h) return null;
  const deadline = readDuration(h.deadline, at("deadline"), p, { positive: true });
  if (absent(h.deadline)) p.add(at("deadline"), `is required for the ${strategy} strategy, e.g. "5m"`);
  const minHealthy = readDuration(h.minHealthyTime, at("minHealthyTime"), p) ?? DEFAULT_MIN_HEALTHY;
  if (deadline && minHealthy.ms > deadline.ms) {
    p.add(at("minHealthyTime"), `must not be longer than the deadline (${minHealthy.text} > ${deadline.text})`);
  }
  return {
    deadline: deadline?.text ?? "",
    minHealthyTime: minHealthy.text,
    maxErrorRate: readNumber(h.maxErrorRate, at("maxErrorRate"), p, L.maxErrorRate) ?? SPEC_DEFAULTS.healthCheck.maxErrorRate,
    probe: normalizeProbe(h.probe, at("probe"), p),
  };
}

function normalizeProbe(value: unknown, path: string, p: Problems): HealthCheck["probe"] {
  const probe = readObject(value, path, p, PROBE_KEYS);
  if (!probe) return null;
  const command = readOptionalText(probe.command, `${path}.command`, p);
  // (A non-string command was already reported by readOptionalText.)
  if (command === undefined && (absent(probe.command) || typeof probe.command === "string")) {
    p.add(`${path}.command`, "is required and must not be empty");
  }
  const interval = readDuration(probe.interval, `${path}.interval`, p, { positive: true });
  return { command: command ?? "", interval: interval?.text ?? SPEC_DEFAULTS.probe.interval };
}
