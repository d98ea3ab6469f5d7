/**
 * The job spec in its two shapes:
 * - `JobSpecInput`: what a client sends (GraphQL input, a seed-format file after
 *   `fromSnakeCaseSpec`, an `applyUpdate` result). Every field is optional and
 *   nullable, because `normalizeSpec` (not GraphQL coercion) must name each bad
 *   field and report every problem at once; `null` means "take the default".
 * - `JobSpec`: the normalised spec. Defaults applied, durations canonical, every
 *   field present (`null` where a field is unset), so two specs that mean the
 *   same thing serialise (with `canonicalJson`) to the same text.
 *
 * Enum-like values are lowercase here, as the seeds spell them; GraphQL maps
 * them to UPPER_CASE on the wire.
 */

import type { RunParameters, RunParametersInput } from "./parameters.ts";
import type { Resources, ResourcesInput } from "./resources.ts";

export const JOB_TYPES = ["service", "pipeline", "batch", "ops", "query", "update", "config"] as const;
export type JobType = (typeof JOB_TYPES)[number];

export const DEPLOYMENT_STRATEGIES = ["immediate", "rolling", "canary"] as const;
export type DeploymentStrategy = (typeof DEPLOYMENT_STRATEGIES)[number];

export const RESTART_POLICIES = ["always", "on-failure", "never"] as const;
export type RestartPolicyKind = (typeof RESTART_POLICIES)[number];

export const OVERLAP_POLICIES = ["allow", "forbid", "replace"] as const;
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];

/** Long-running: one execution on every matching node, restarted when it exits. */
export function isLongRunning(type: JobType | string): boolean {
  return type === "service" || type === "pipeline";
}

/** Broadcast: run to completion once on every matching node, with per-node responses. */
export function isBroadcast(type: JobType | string): boolean {
  return type === "ops" || type === "query" || type === "update" || type === "config";
}

/** Run to completion (batch or broadcast): the types that have runs, schedules and only `immediate` rollouts. */
export function isRunToCompletion(type: JobType | string): boolean {
  return type === "batch" || isBroadcast(type);
}

export function isJobType(value: unknown): value is JobType {
  return typeof value === "string" && (JOB_TYPES as readonly string[]).includes(value);
}

type Maybe<T> = T | null | undefined;

export type StringMap = Record<string, string>;
export type JsonObject = Record<string, unknown>;

// ---- Input ----

export interface SelectorInput {
  matchLabels?: Maybe<StringMap>;
  matchIds?: Maybe<string[]>;
  matchExpressions?: Maybe<string[]>;
}

export interface ProbeInput {
  command?: Maybe<string>;
  interval?: Maybe<string>;
}

export interface HealthCheckInput {
  deadline?: Maybe<string>;
  minHealthyTime?: Maybe<string>;
  maxErrorRate?: Maybe<number>;
  probe?: Maybe<ProbeInput>;
}

export interface DeploymentInput {
  strategy?: Maybe<DeploymentStrategy>;
  maxParallel?: Maybe<number>;
  maxParallelPercent?: Maybe<number>;
  canaryCount?: Maybe<number>;
  canaryPercent?: Maybe<number>;
  autoPromote?: Maybe<boolean>;
  healthCheck?: Maybe<HealthCheckInput>;
  maxFailedNodes?: Maybe<number>;
  maxFailedNodesPercent?: Maybe<number>;
  noAutoRollback?: Maybe<boolean>;
}

export interface TimeoutsInput {
  executionTimeout?: Maybe<number>;
  queueTimeout?: Maybe<number>;
  totalTimeout?: Maybe<number>;
}

export interface RestartPolicyInput {
  policy?: Maybe<RestartPolicyKind>;
  maxRetries?: Maybe<number>;
  backoff?: Maybe<string>;
  maxBackoff?: Maybe<string>;
  retryExitCodes?: Maybe<number[]>;
}

export interface JobSpecInput {
  name?: Maybe<string>;
  namespace?: Maybe<string>;
  type?: Maybe<JobType>;
  description?: Maybe<string>;
  labels?: Maybe<StringMap>;
  meta?: Maybe<StringMap>;
  priority?: Maybe<number>;
  config?: Maybe<JsonObject>;
  selector?: Maybe<SelectorInput>;
  deployment?: Maybe<DeploymentInput>;
  timeouts?: Maybe<TimeoutsInput>;
  restartPolicy?: Maybe<RestartPolicyInput>;
  schedule?: Maybe<string>;
  timeZone?: Maybe<string>;
  overlapPolicy?: Maybe<OverlapPolicy>;
  catchUp?: Maybe<number>;
  image?: Maybe<string>;
  command?: Maybe<string>;
  args?: Maybe<string[]>;
  env?: Maybe<StringMap>;
  workingDir?: Maybe<string>;
  tags?: Maybe<string[]>;
  parameters?: Maybe<RunParametersInput>;
  resources?: Maybe<ResourcesInput>;
}

/** The top-level spec fields, in the order of DECISIONS.md "The spec". */
export const SPEC_FIELDS = [
  "name",
  "namespace",
  "type",
  "description",
  "labels",
  "meta",
  "priority",
  "config",
  "selector",
  "deployment",
  "timeouts",
  "restartPolicy",
  "schedule",
  "timeZone",
  "overlapPolicy",
  "catchUp",
  "image",
  "command",
  "args",
  "env",
  "workingDir",
  "tags",
  "parameters",
  "resources",
] as const satisfies readonly (keyof JobSpecInput)[];
export type SpecField = (typeof SPEC_FIELDS)[number];

// ---- Normalised ----

export interface Selector {
  matchLabels: StringMap;
  /** Sorted, without duplicates. Empty means "any node". */
  matchIds: string[];
  /** Each in canonical form (see `formatExpression`), in the order given. */
  matchExpressions: string[];
}

export interface Probe {
  command: string;
  interval: string;
}

export interface HealthCheck {
  deadline: string;
  minHealthyTime: string;
  maxErrorRate: number;
  probe: Probe | null;
}

export interface Deployment {
  strategy: DeploymentStrategy;
  /** Nodes per wave, 0 = all; null when `maxParallelPercent` is used instead. */
  maxParallel: number | null;
  maxParallelPercent: number | null;
  /** Only for canary: exactly one of the pair is set there; both null otherwise. */
  canaryCount: number | null;
  canaryPercent: number | null;
  autoPromote: boolean;
  /** Required for rolling and canary; always null for immediate (ignored there). */
  healthCheck: HealthCheck | null;
  maxFailedNodes: number;
  maxFailedNodesPercent: number;
  noAutoRollback: boolean;
}

/** Integer seconds; 0 means no timeout. */
export interface Timeouts {
  executionTimeout: number;
  queueTimeout: number;
  totalTimeout: number;
}

export interface RestartPolicy {
  policy: RestartPolicyKind;
  maxRetries: number;
  backoff: string;
  maxBackoff: string;
  /** Sorted, without duplicates. Empty means every failing exit code is retried. */
  retryExitCodes: number[];
}

export interface JobSpec {
  name: string;
  namespace: string;
  type: JobType;
  description: string;
  labels: StringMap;
  meta: StringMap;
  priority: number;
  config: JsonObject;
  selector: Selector;
  deployment: Deployment;
  timeouts: Timeouts;
  restartPolicy: RestartPolicy;
  schedule: string | null;
  timeZone: string;
  overlapPolicy: OverlapPolicy;
  catchUp: number;
  image: string | null;
  command: string | null;
  args: string[] | null;
  env: StringMap;
  workingDir: string | null;
  tags: string[];
  /** What a run may be given; null: runs take no values. Absent in specs stored before it existed. */
  parameters: RunParameters | null;
  /** What each execution reserves on its node; null (or absent, in specs stored before requests existed): nothing. */
  resources: Resources | null;
}
