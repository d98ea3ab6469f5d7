import { builder } from "../builder.ts";
import type { JobSpec } from "../../spec/types.ts";
import {
  DeploymentStrategyEnum,
  JobTypeEnum,
  OverlapPolicyEnum,
  RestartPolicyKindEnum,
} from "./enums.ts";
import { RunParametersInput, RunParametersRef } from "./run-parameters.ts";
import { ResourcesInput, ResourcesRef } from "./resources.ts";

// ---- Output: the normalised spec, every default applied ----

type Selector = JobSpec["selector"];
type Deployment = JobSpec["deployment"];
type HealthCheck = NonNullable<Deployment["healthCheck"]>;
type Probe = NonNullable<HealthCheck["probe"]>;
type Timeouts = JobSpec["timeouts"];
type RestartPolicy = JobSpec["restartPolicy"];

export const SelectorRef = builder.objectRef<Selector>("Selector").implement({
  description: "Which nodes a job runs on. Every given part must hold (AND).",
  fields: (t) => ({
    matchLabels: t.field({ type: "StringMap", resolve: (s) => s.matchLabels ?? {} }),
    matchIds: t.stringList({ resolve: (s) => s.matchIds ?? [] }),
    matchExpressions: t.stringList({ resolve: (s) => s.matchExpressions ?? [] }),
  }),
});

const ProbeRef = builder.objectRef<Probe>("HealthProbe").implement({
  fields: (t) => ({
    command: t.exposeString("command"),
    interval: t.exposeString("interval"),
  }),
});

const HealthCheckRef = builder.objectRef<HealthCheck>("HealthCheck").implement({
  fields: (t) => ({
    deadline: t.exposeString("deadline"),
    minHealthyTime: t.exposeString("minHealthyTime"),
    maxErrorRate: t.exposeFloat("maxErrorRate"),
    probe: t.field({ type: ProbeRef, nullable: true, resolve: (h) => h.probe ?? null }),
  }),
});

const DeploymentRef = builder.objectRef<Deployment>("Deployment").implement({
  fields: (t) => ({
    strategy: t.field({ type: DeploymentStrategyEnum, resolve: (d) => d.strategy }),
    maxParallel: t.int({ nullable: true, resolve: (d) => d.maxParallel ?? null }),
    maxParallelPercent: t.int({ nullable: true, resolve: (d) => d.maxParallelPercent ?? null }),
    canaryCount: t.int({ nullable: true, resolve: (d) => d.canaryCount ?? null }),
    canaryPercent: t.int({ nullable: true, resolve: (d) => d.canaryPercent ?? null }),
    autoPromote: t.boolean({ resolve: (d) => Boolean(d.autoPromote) }),
    healthCheck: t.field({ type: HealthCheckRef, nullable: true, resolve: (d) => d.healthCheck ?? null }),
    maxFailedNodes: t.exposeInt("maxFailedNodes"),
    maxFailedNodesPercent: t.exposeFloat("maxFailedNodesPercent"),
    noAutoRollback: t.exposeBoolean("noAutoRollback"),
  }),
});

const TimeoutsRef = builder.objectRef<Timeouts>("Timeouts").implement({
  description: "Seconds; 0 means no timeout.",
  fields: (t) => ({
    executionTimeout: t.exposeInt("executionTimeout"),
    queueTimeout: t.exposeInt("queueTimeout"),
    totalTimeout: t.exposeInt("totalTimeout"),
  }),
});

const RestartPolicyRef = builder.objectRef<RestartPolicy>("RestartPolicy").implement({
  fields: (t) => ({
    policy: t.field({ type: RestartPolicyKindEnum, resolve: (r) => r.policy }),
    maxRetries: t.exposeInt("maxRetries"),
    backoff: t.exposeString("backoff"),
    maxBackoff: t.exposeString("maxBackoff"),
    retryExitCodes: t.intList({ resolve: (r) => r.retryExitCodes ?? [] }),
  }),
});

export const JobSpecRef = builder.objectRef<JobSpec>("JobSpec").implement({
  description: "A job's desired state as submitted, normalised: defaults applied, durations canonical.",
  fields: (t) => ({
    name: t.exposeString("name"),
    namespace: t.exposeString("namespace"),
    type: t.field({ type: JobTypeEnum, resolve: (s) => s.type }),
    description: t.string({ resolve: (s) => s.description ?? "" }),
    labels: t.field({ type: "StringMap", resolve: (s) => s.labels ?? {} }),
    meta: t.field({ type: "StringMap", resolve: (s) => s.meta ?? {} }),
    priority: t.exposeInt("priority"),
    config: t.field({ type: "JSON", resolve: (s) => s.config ?? {} }),
    selector: t.field({ type: SelectorRef, resolve: (s) => s.selector }),
    deployment: t.field({ type: DeploymentRef, resolve: (s) => s.deployment }),
    timeouts: t.field({ type: TimeoutsRef, resolve: (s) => s.timeouts }),
    restartPolicy: t.field({ type: RestartPolicyRef, resolve: (s) => s.restartPolicy }),
    schedule: t.string({ nullable: true, resolve: (s) => s.schedule ?? null }),
    timeZone: t.string({ resolve: (s) => s.timeZone ?? "UTC" }),
    overlapPolicy: t.field({ type: OverlapPolicyEnum, resolve: (s) => s.overlapPolicy }),
    catchUp: t.exposeInt("catchUp"),
    image: t.string({ nullable: true, resolve: (s) => s.image ?? null }),
    command: t.string({ nullable: true, resolve: (s) => s.command ?? null }),
    args: t.stringList({ nullable: true, resolve: (s) => s.args ?? null }),
    env: t.field({ type: "StringMap", resolve: (s) => s.env ?? {} }),
    workingDir: t.string({ nullable: true, resolve: (s) => s.workingDir ?? null }),
    tags: t.stringList({ resolve: (s) => s.tags ?? [] }),
    parameters: t.field({ type: RunParametersRef, nullable: true, description: "What a run may be given; null: runs take no values.", resolve: (s) => s.parameters ?? null }),
    resources: t.field({ type: ResourcesRef, nullable: true, description: "Null: the job reserves nothing.", resolve: (s) => s.resources ?? null }),
  }),
});

// ---- Input: every field optional here, so the validator (not GraphQL coercion)
// names the field at fault with a code, and reports every problem at once ----

export const SelectorInput = builder.inputType("SelectorInput", {
  fields: (t) => ({
    matchLabels: t.field({ type: "StringMap" }),
    matchIds: t.stringList(),
    matchExpressions: t.stringList({
      description: 'Each must hold: "k=v", "k==v", "k!=v", "k in (a,b)", "k notin (a,b)", "k", "!k".',
    }),
  }),
});

const ProbeInput = builder.inputType("HealthProbeInput", {
  fields: (t) => ({
    command: t.string(),
    interval: t.string({ description: 'A duration such as "5s".' }),
  }),
});

const HealthCheckInput = builder.inputType("HealthCheckInput", {
  fields: (t) => ({
    deadline: t.string({ description: 'Required for rolling and canary, e.g. "5m".' }),
    minHealthyTime: t.string({ description: 'Default "30s".' }),
    maxErrorRate: t.float({ description: "A fraction 0-1; default 0.10." }),
    probe: t.field({ type: ProbeInput }),
  }),
});

const DeploymentInput = builder.inputType("DeploymentInput", {
  fields: (t) => ({
    strategy: t.field({ type: DeploymentStrategyEnum }),
    maxParallel: t.int({ description: "Nodes per wave; 0 = all at once." }),
    maxParallelPercent: t.int({ description: "Nodes per wave as a percentage of targets (1-100); exclusive with maxParallel." }),
    canaryCount: t.int(),
    canaryPercent: t.int({ description: "1-100; exclusive with canaryCount." }),
    autoPromote: t.boolean(),
    healthCheck: t.field({ type: HealthCheckInput }),
    maxFailedNodes: t.int({ description: "Default 10." }),
    maxFailedNodesPercent: t.float({ description: "0-100; default 10.0." }),
    noAutoRollback: t.boolean(),
  }),
});

const TimeoutsInput = builder.inputType("TimeoutsInput", {
  fields: (t) => ({
    executionTimeout: t.int(),
    queueTimeout: t.int(),
    totalTimeout: t.int(),
  }),
});

const RestartPolicyInput = builder.inputType("RestartPolicyInput", {
  fields: (t) => ({
    policy: t.field({ type: RestartPolicyKindEnum }),
    maxRetries: t.int(),
    backoff: t.string(),
    maxBackoff: t.string(),
    retryExitCodes: t.intList(),
  }),
});

/** The spec fields shared by submitJob (whole spec) and updateJob (partial). */
export function specInputFields(t: PothosSchemaTypes.InputFieldBuilder<any, "InputObject">) {
  return {
    description: t.string(),
    labels: t.field({ type: "StringMap" }),
    meta: t.field({ type: "StringMap", description: 'Keys under "expanso.io/" are reserved.' }),
    priority: t.int(),
    config: t.field({ type: "JSON" }),
    selector: t.field({ type: SelectorInput }),
    deployment: t.field({ type: DeploymentInput }),
    timeouts: t.field({ type: TimeoutsInput }),
    restartPolicy: t.field({ type: RestartPolicyInput }),
    schedule: t.string({ description: "A 5-field cron expression or a macro such as @daily." }),
    timeZone: t.string({ description: 'IANA time zone for schedule; default "UTC".' }),
    overlapPolicy: t.field({ type: OverlapPolicyEnum }),
    catchUp: t.int({ description: "Missed fires to run after downtime; default 1." }),
    image: t.string(),
    command: t.string({ description: "A shell string; exclusive with args." }),
    args: t.stringList({ description: "An argv list; exclusive with command." }),
    env: t.field({ type: "StringMap" }),
    workingDir: t.string(),
    tags: t.stringList(),
    parameters: t.field({ type: RunParametersInput, description: "Batch and broadcast jobs: the meta keys and payload a run may be given." }),
    resources: t.field({ type: ResourcesInput, description: "cpu (cores) and memory (bytes) each execution reserves on its node." }),
  };
}
