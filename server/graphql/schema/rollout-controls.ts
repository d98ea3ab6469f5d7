import type { Rollout } from "../../db/client.ts";
import { builder } from "../builder.ts";
import { authorize } from "../../auth/principal.ts";
import { controlRollout } from "../../rollouts/controls.ts";
import { findJob } from "../../jobs/find.ts";
import { reviveSnapshot } from "../../events/revive.ts";
import { eventObject } from "../event-object.ts";
import { RolloutStatusRef } from "./rollout.ts";

const ROLLOUT_EVENT_TYPES = ["ROLLOUT_STARTED", "ROLLOUT_WAVE_STARTED", "ROLLOUT_UPDATED", "ROLLOUT_COMPLETED"] as const;
const RolloutEventTypeEnum = builder.enumType("RolloutEventType", { values: ROLLOUT_EVENT_TYPES });

const RolloutEventRef = eventObject<Rollout>({
  name: "RolloutEvent",
  description: "One step of a rollout; `rollout` is its status at that step.",
  types: RolloutEventTypeEnum,
  field: "rollout",
  object: RolloutStatusRef,
  revive: (snapshot) => reviveSnapshot<Rollout>(snapshot, ["startedAt", "completedAt", "updatedAt"]),
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

builder.subscriptionFields((t) => ({
  rolloutEvents: t.field({
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
