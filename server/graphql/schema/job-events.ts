import type { Job } from "../../db/client.ts";
import { builder } from "../builder.ts";
import { authorize } from "../../auth/principal.ts";
import type { StoredEvent } from "../../events/types.ts";
import { reviveJob } from "../../jobs/snapshot.ts";
import { JobStateTypeEnum } from "./enums.ts";
import { JobRef } from "./job.ts";

const JOB_EVENT_TYPES = [
  "JOB_SUBMITTED",
  "JOB_UPDATED",
  "JOB_RESTARTED",
  "JOB_STOPPED",
  "JOB_STARTED",
  "JOB_DELETED",
  "JOB_STATE_CHANGED",
  "JOB_CRON_FIRED",
  "JOB_SCHEDULE_SUSPENDED",
  "JOB_SCHEDULE_RESUMED",
] as const;

export const JobEventTypeEnum = builder.enumType("JobEventType", { values: JOB_EVENT_TYPES });

const JobEventRef = builder.objectRef<StoredEvent>("JobEvent").implement({
  description: "One change of a job. `job` is the snapshot written with the change, not today's row.",
  fields: (t) => ({
    seq: t.field({ type: "Seq", resolve: (e) => e.seq }),
    type: t.field({ type: JobEventTypeEnum, resolve: (e) => e.type as (typeof JOB_EVENT_TYPES)[number] }),
    at: t.field({ type: "DateTime", resolve: (e) => e.at }),
    jobId: t.id({ resolve: (e) => e.jobId ?? "" }),
    namespace: t.string({ resolve: (e) => e.namespace ?? "" }),
    revision: t.int({ resolve: (e) => snapshot(e).revision }),
    version: t.int({ resolve: (e) => snapshot(e).version }),
    state: t.field({ type: JobStateTypeEnum, resolve: (e) => snapshot(e).state }),
    job: t.field({ type: JobRef, resolve: (e) => snapshot(e) }),
  }),
});

function snapshot(e: StoredEvent): Job {
  return reviveJob(e.snapshot);
}

builder.subscriptionFields((t) => ({
  jobEvents: t.field({
    type: JobEventRef,
    description:
      "Every change of the jobs you may read, in commit order. With `after`, replays what you missed from the event log, then goes live, with no gap and no duplicate.",
    args: {
      namespace: t.arg.string(),
      jobId: t.arg.id(),
      after: t.arg({ type: "Seq", description: "Resume after this seq (from a list query or a previous event)." }),
    },
    subscribe: (_root, args, ctx) => {
      authorize(ctx.principal, "read", args.namespace ?? null);
      return ctx.services.tailer.subscribe(
        { types: JOB_EVENT_TYPES, namespace: args.namespace ?? undefined, jobId: args.jobId ?? undefined },
        args.after,
      );
    },
    resolve: (e) => e,
  }),
}));
