import { builder } from "../builder.ts";
import { authorize } from "../../auth/principal.ts";
import { findJob } from "../../jobs/find.ts";
import { setScheduleSuspended } from "../../cron/steer.ts";
import { backfillSchedule, type BackfillFire, type BackfillResult } from "../../cron/backfill.ts";
import { BACKFILL_DEFAULT_MAX, BACKFILL_HARD_MAX } from "../../cron/backfill-times.ts";
import { JobRef } from "./job.ts";

const CronFireOutcomeEnum = builder.enumType("CronFireOutcome", {
  description: "What became of one scheduled time.",
  values: ["CLAIMED", "FIRED", "SKIPPED_OVERLAP", "MISSED", "FAILED"] as const,
});

const BackfillFireRef = builder.objectRef<BackfillFire>("BackfillFire").implement({
  fields: (t) => ({
    scheduledAt: t.field({ type: "DateTime", resolve: (f) => f.scheduledAt }),
    outcome: t.field({ type: CronFireOutcomeEnum, resolve: (f) => f.outcome }),
    runId: t.exposeString("runId", { nullable: true }),
  }),
});

const BackfillPayloadRef = builder.objectRef<BackfillResult>("BackfillSchedulePayload").implement({
  fields: (t) => ({
    job: t.field({ type: JobRef, resolve: (r) => r.job }),
    fires: t.field({ type: [BackfillFireRef], description: "The times this call handled, oldest first.", resolve: (r) => r.fires }),
    alreadyHandled: t.exposeInt("alreadyHandled", {
      description: "Times in the range left alone: handled before (by the schedule or an earlier backfill), or from nextFireAt on.",
    }),
  }),
});

const suspendField = (name: string, suspended: boolean, description: string) =>
  builder.mutationField(name, (t) =>
    t.field({
      type: JobRef,
      description,
      args: { jobId: t.arg.id({ required: true }) },
      resolve: async (_root, args, ctx) => {
        const job = await findJob(ctx.services.db.prisma, { id: args.jobId });
        authorize(ctx.principal, "write", job?.namespace ?? null);
        return (await setScheduleSuspended(ctx.services, { id: args.jobId }, suspended)).job;
      },
    }),
  );

suspendField(
  "suspendSchedule",
  true,
  "Stops the job's cron firing (Kubernetes' suspend) without changing its version; status.scheduleSuspended turns true and nextFireAt null.",
);
suspendField(
  "resumeSchedule",
  false,
  "Restarts the job's cron firing. Times that passed while suspended are not caught up: the next fire is the first scheduled time after now.",
);

builder.mutationField("backfillSchedule", (t) =>
  t.field({
    type: BackfillPayloadRef,
    description:
      `Fires every scheduled time of the job in [from, to] (both in the past) that was never handled, oldest first, with the job's overlap policy; each is recorded as a cron fire. ` +
      `Refuses a range with more than max times (default ${BACKFILL_DEFAULT_MAX}, at most ${BACKFILL_HARD_MAX}) with VALIDATION_FAILED on "to". Backfilling the same range again fires nothing new.`,
    args: {
      jobId: t.arg.id({ required: true }),
      from: t.arg({ type: "DateTime", required: true }),
      to: t.arg({ type: "DateTime", required: true }),
      max: t.arg.int(),
    },
    resolve: async (_root, args, ctx) => {
      const job = await findJob(ctx.services.db.prisma, { id: args.jobId });
      authorize(ctx.principal, "write", job?.namespace ?? null);
      return backfillSchedule(ctx.services, { id: args.jobId }, { from: args.from, to: args.to, max: args.max });
    },
  }),
);
