import { inWorkspace } from "../../../common/namespaces.ts";
import { scopeNamespace, WORKSPACE_ARG_DESCRIPTION } from "../namespace-scope.ts";
/**
 * The osapi seed's job list (seeds/broadcast-jobs-list.txt, GET /job) as
 * Drover's cross-job run list: every job's runs the caller may read, newest
 * first, filtered by the seed's status or Drover's run state, paged by the
 * seed's limit/offset or Relay's cursors, with total_items and status_counts
 * from the same read.
 */
import type { Run } from "../../db/client.ts";
import { builder } from "../builder.ts";
import { authorize, type Principal } from "../../auth/principal.ts";
import { DroverError } from "../../errors.ts";
import { listFields } from "../list-fields.ts";
import { listRuns, RUN_LIST_LIMIT, type RunListPage } from "../../runs/list.ts";
import { RUN_STATUSES, runStatusOf, type RunStatus } from "../../../common/run-status.ts";
import { RunRef } from "./run.ts";
import { RunStateEnum } from "./enums.ts";

export const RunStatusEnum = builder.enumType("RunStatus", {
  description:
    "A run's status in the osapi seed's vocabulary (broadcast-jobs-list `status`). PENDING and QUEUED read SUBMITTED, RUNNING reads PROCESSING, SUCCEEDED reads COMPLETED, FAILED and CANCELLED read FAILED, PARTIAL_FAILURE reads PARTIAL_FAILURE.",
  values: Object.fromEntries(RUN_STATUSES.map((s) => [s.toUpperCase(), { value: s }])) as {
    [K in RunStatus as Uppercase<K>]: { value: K };
  },
});

builder.objectField(RunRef, "status", (t) =>
  t.field({
    type: RunStatusEnum,
    description: "The seed's `status` (submitted, processing, completed, failed, partial_failure), read from `state`.",
    resolve: (r) => runStatusOf(r.state),
  }),
);

const RunStatusCountsRef = builder.objectRef<RunListPage["statusCounts"]>("RunStatusCounts").implement({
  description: "The seed's `status_counts`: runs per seed status.",
  fields: (t) => ({
    submitted: t.exposeInt("submitted"),
    processing: t.exposeInt("processing"),
    completed: t.exposeInt("completed"),
    failed: t.exposeInt("failed"),
    partialFailure: t.exposeInt("partial_failure", { description: "The seed's `partial_failure`." }),
  }),
});

const RunListStateCountRef = builder.objectRef<{ state: Run["state"]; count: number }>("RunListStateCount").implement({
  fields: (t) => ({
    state: t.field({ type: RunStateEnum, resolve: (c) => c.state }),
    count: t.exposeInt("count"),
  }),
});

/** The namespaces check for a caller without a cluster-wide read: each namespace with runs is asked of `authorize`. */
function readableBy(principal: Principal): ((namespace: string) => boolean) | null {
  try {
    authorize(principal, "read", null);
    return null;
  } catch (err) {
    // Node and join tokens read nothing; a user token limited to namespaces sees theirs.
    if (principal.kind !== "USER") throw err;
  }
  return (namespace) => {
    try {
      authorize(principal, "read", namespace);
      return true;
    } catch (err) {
      if (err instanceof DroverError && err.code === "FORBIDDEN") return false;
      throw err;
    }
  };
}

builder.queryFields((t) => ({
  runList: t.connection(
    {
      type: RunRef,
      description:
        "The osapi seed's job list (GET /job): runs of every job the caller may read, newest first. A token limited to some namespaces sees only their runs, in the counts too.",
      args: {
        status: t.arg({ type: RunStatusEnum, description: "The seed's `status` filter." }),
        state: t.arg({ type: RunStateEnum, description: "Drover's run state; with status, a run must match both." }),
        namespace: t.arg.string({ description: "Only this namespace's runs." }),
        workspace: t.arg.string({ description: WORKSPACE_ARG_DESCRIPTION }),
        jobId: t.arg.id({ description: "Only this job's runs." }),
        limit: t.arg.int({
          description: `The seed's \`limit\`: runs per page, ${RUN_LIST_LIMIT.min}-${RUN_LIST_LIMIT.max}, default ${RUN_LIST_LIMIT.default}. The Relay spelling is first; give one of them.`,
        }),
        offset: t.arg.int({ description: "The seed's `offset`: runs skipped, counted from the newest (or from `after`). Default 0." }),
      },
      resolve: async (_root, args, ctx) => {
        const prisma = ctx.services.db.prisma;
        let readable: ((namespace: string) => boolean) | null;
        if (args.jobId) {
          const job = await prisma.job.findUnique({ where: { id: args.jobId }, select: { namespace: true } });
          if (!job) throw new DroverError("NOT_FOUND", `job ${args.jobId} not found`, { field: "jobId" });
          authorize(ctx.principal, "read", job.namespace);
          if (args.namespace && args.namespace !== job.namespace) return listRuns(ctx.services.db, () => false, args);
          readable = null;
        } else if (args.namespace) {
          authorize(ctx.principal, "read", args.namespace);
          const only = args.namespace;
          readable = (ns) => ns === only;
        } else if (args.workspace) {
          authorize(ctx.principal, "read", scopeNamespace(args));
          const workspace = args.workspace;
          readable = (ns) => inWorkspace(ns, workspace);
        } else {
          readable = readableBy(ctx.principal);
        }
        return listRuns(ctx.services.db, readable, args);
      },
    },
    {
      name: "RunListConnection",
      fields: (c) => ({
        ...listFields(c),
        totalItems: c.int({
          description: "The seed's `total_items`: runs matching every filter (the same number as totalCount).",
          resolve: (p) => (p as unknown as RunListPage).totalItems,
        }),
        statusCounts: c.field({
          type: RunStatusCountsRef,
          description: "The seed's `status_counts`: the runs the caller may read per seed status, the status and state filters aside; read in the same pass as the page.",
          resolve: (p) => (p as unknown as RunListPage).statusCounts,
        }),
        stateCounts: c.field({
          type: [RunListStateCountRef],
          description: "The same runs per Drover run state.",
          resolve: (p) => (p as unknown as RunListPage).stateCounts,
        }),
      }),
    },
  ),
}));
