import type { Rollout } from "../../db/client.ts";
import { builder } from "../builder.ts";
import { authorize } from "../../auth/principal.ts";
import { controlRollout, rollbackJob } from "../../rollouts/controls.ts";
import { findJob, getJob } from "../../jobs/find.ts";
import { submitJob } from "../../jobs/service.ts";
import type { JobSpecInput } from "../../spec/types.ts";
import { JobRef } from "./job.ts";
import { ROLLOUT_EVENT_TYPES, reviveRollout } from "../../events/topics.ts";
import { eventObject } from "../event-object.ts";
import { RolloutStatusRef } from "./rollout.ts";
import { SHARED_UNLESS } from "../../http/shared-subscriptions.ts";

const RolloutEventTypeEnum = builder.enumType("RolloutEventType", { values: ROLLOUT_EVENT_TYPES });

const RolloutEventRef = eventObject<Rollout>({
  name: "RolloutEvent",
  description: "One step of a rollout; `rollout` is its status at that step.",
  types: RolloutEventTypeEnum,
  field: "rollout",
  object: RolloutStatusRef,
  revive: reviveRollout,
});

const controlField = (control: "promote" | "pause" | "resume", description: string) =>
  builder.mutationField(`${control}Rollout`, (t) =>
    t.field({
      type: RolloutStatusRef,
      description,
      args: { jobId: t.arg.id({ required: true }) },
      resolve: async (_root, args, ctx) => {
        const job = await findJob(ctx.services.db.prisma, { id: args.jobId });
        authorize(ctx.principal, "write", job?.namespace ?? null);
        return controlRollout(ctx.services, { id: args.jobId }, control);
      },
    }),
  );

controlField("promote", "Lets a healthy canary that waits in ROLLOUT_PAUSED continue as a rolling update.");
controlField("pause", "Holds the job's rollout after its current wave.");
controlField("resume", "Lets a paused rollout continue.");

builder.mutationFields((t) => ({
  rollbackJob: t.field({
    type: JobRef,
    description: "Rolls back to toVersion, or to the newest version whose rollout completed: its spec becomes version N+1, rolled out without canary or health gating.",
    args: { jobId: t.arg.id({ required: true }), toVersion: t.arg.int() },
    resolve: async (_root, args, ctx) => {
      const job = await findJob(ctx.services.db.prisma, { id: args.jobId });
      authorize(ctx.principal, "write", job?.namespace ?? null);
      return rollbackJob(ctx.services, { id: args.jobId }, args.toVersion);
    },
  }),
  restartJob: t.field({
    type: JobRef,
    description: "A restart rollout of the same version: every execution is replaced, per the deployment strategy.",
    args: { jobId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const job = await getJob(ctx.services.db.prisma, { id: args.jobId });
      authorize(ctx.principal, "write", job.namespace);
      const r = await submitJob(ctx.services, job.spec as unknown as JobSpecInput, { force: true });
      return r.job!;
    },
  }),
}));

builder.subscriptionFields((t) => ({
  rolloutEvents: t.field({
    // Without `after` every subscriber sees the same live events: subscribers that ask alike share one execution.
    extensions: { [SHARED_UNLESS]: "after" },
    type: RolloutEventRef,
    description: "Every step of a job's rollouts (started, each wave, updates, completion), resumable with `after`.",
    args: { jobId: t.arg.id({ required: true }), after: t.arg({ type: "Seq" }) },
    subscribe: async (_root, args, ctx) => {
      const job = await findJob(ctx.services.db.prisma, { id: args.jobId });
      authorize(ctx.principal, "read", job?.namespace ?? null);
      return ctx.services.tailer.subscribe({ types: ROLLOUT_EVENT_TYPES, jobId: args.jobId }, args.after);
    },
    resolve: (e) => e,
  }),
}));
