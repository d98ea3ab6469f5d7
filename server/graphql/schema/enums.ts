import { builder } from "../builder.ts";

/** Job types as the seeds spell them, UPPER_CASE on the wire, lowercase in specs. */
export const JobTypeEnum = builder.enumType("JobType", {
  description:
    "What kind of workload a job runs. SERVICE and PIPELINE are long-running on every matching node; BATCH runs to completion on one node; OPS, QUERY, UPDATE and CONFIG run once on every matching node (a broadcast).",
  values: {
    SERVICE: { value: "service" },
    PIPELINE: { value: "pipeline" },
    BATCH: { value: "batch" },
    OPS: { value: "ops" },
    QUERY: { value: "query" },
    UPDATE: { value: "update" },
    CONFIG: { value: "config" },
  } as const,
});

export const DeploymentStrategyEnum = builder.enumType("DeploymentStrategy", {
  values: {
    IMMEDIATE: { value: "immediate" },
    ROLLING: { value: "rolling" },
    CANARY: { value: "canary" },
  } as const,
});

export const RestartPolicyKindEnum = builder.enumType("RestartPolicyKind", {
  values: {
    ALWAYS: { value: "always" },
    ON_FAILURE: { value: "on-failure" },
    NEVER: { value: "never" },
  } as const,
});

export const OverlapPolicyEnum = builder.enumType("OverlapPolicy", {
  description: "What a cron fire does while the previous run is still going.",
  values: {
    ALLOW: { value: "allow" },
    FORBID: { value: "forbid" },
    REPLACE: { value: "replace" },
  } as const,
});

export const JobStateTypeEnum = builder.enumType("JobStateType", {
  values: [
    "PENDING",
    "QUEUED",
    "DEPLOYING",
    "RUNNING",
    "ROLLOUT_PAUSED",
    "ROLLOUT_FAILED",
    "DEGRADED",
    "COMPLETED",
    "FAILED",
    "STOPPED",
    "DELETED",
  ] as const,
});

export const RolloutTypeEnum = builder.enumType("RolloutType", {
  values: ["CREATE", "UPDATE", "RESTART", "ROLLBACK"] as const,
});

export const RunStateEnum = builder.enumType("RunState", {
  values: ["PENDING", "QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "PARTIAL_FAILURE", "CANCELLED"] as const,
});
