import type { Rollout } from "../../db/client.ts";
import { builder } from "../builder.ts";
import { RolloutTypeEnum } from "./enums.ts";

/** Rollout progress exactly as seeds/job-status-rollout.txt nests it under job status. */
export const RolloutStatusRef = builder.objectRef<Rollout>("RolloutStatus").implement({
  fields: (t) => ({
    id: t.exposeID("id", { description: "The deploymentId." }),
    type: t.field({ type: RolloutTypeEnum, resolve: (r) => r.type }),
    state: t.exposeString("state"),
    strategy: t.exposeString("strategy"),
    fromVersion: t.exposeInt("fromVersion"),
    toVersion: t.exposeInt("toVersion"),
    currentWave: t.exposeInt("currentWave", { description: "Waves are numbered from 1; 0 before the start." }),
    totalWaves: t.exposeInt("totalWaves"),
    totalNodes: t.exposeInt("totalNodes"),
    updatedNodes: t.exposeInt("updatedNodes"),
    failedNodes: t.exposeInt("failedNodes"),
    canaryNodes: t.stringList({ resolve: (r) => (r.canaryNodes ?? []) as string[] }),
    canaryPromoted: t.exposeBoolean("canaryPromoted"),
    rollbackToVersion: t.exposeInt("rollbackToVersion"),
    message: t.exposeString("message"),
    startedAt: t.field({ type: "DateTime", resolve: (r) => r.startedAt }),
    completedAt: t.field({ type: "DateTime", nullable: true, resolve: (r) => r.completedAt }),
  }),
});
