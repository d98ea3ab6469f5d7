import type { Prisma, Run } from "../db/client.ts";
import type { Database } from "../db/client.ts";
import { DroverError } from "../errors.ts";
import { currentSeq } from "../events/log.ts";
import { countedByNamespaceAndState } from "../db/list-counts.ts";
import { pageQuery, type ListPage, type PageArgs } from "../graphql/pagination.ts";
import type { RunState } from "../../common/states.ts";
import { computeRunStatusCounts, runStatesOf, runStatusOf, type RunStatus, type RunStatusCounts } from "../../common/run-status.ts";

/** The osapi list's page size rule (seeds/broadcast-jobs-list.txt `limit`): 1-100, 10 when not given. */
export const RUN_LIST_LIMIT = { min: 1, max: 100, default: 10 } as const;

export interface RunListArgs extends PageArgs {
  /** The seed's status: submitted, processing, completed, failed or partial_failure. */
  status?: RunStatus | null;
  /** A Drover run state; with `status`, a run must match both. */
  state?: RunState | null;
  jobId?: string | null;
  /** The seed's `limit`; `first` is its Relay spelling, and giving both is an error. */
  limit?: number | null;
  /** The seed's `offset`: rows skipped after the cursor (or from the newest). */
  offset?: number | null;
}

export interface RunListPage extends ListPage<Run> {
  /** Runs matching every filter (the seed's total_items); equal to totalCount. */
  totalItems: number;
  /** Runs per seed status under the namespace and job filters, the status and state filters aside. */
  statusCounts: RunStatusCounts;
  /** The same runs per Drover state. */
  stateCounts: { state: RunState; count: number }[];
}

/**
 * Runs of every job in `namespaces` (null: every namespace), newest first.
 * One read transaction (REPEATABLE READ on PostgreSQL; SQLite's is a
 * snapshot already) takes the seq, one GROUP BY namespace and state, and the
 * page: the counts and total come from that GROUP BY (the osapi seed's
 * "derived during the listing pass"), and all three see the same database,
 * so total_items always equals the sum of the matching status_counts.
 * `readable` decides, per namespace that has runs, whether the caller may see
 * it: authorisation stays with the caller, and a namespace scheme the caller
 * understands (a hierarchy, a wildcard) needs nothing here.
 * Across jobs the counts come from ListCount (a few rows per namespace and
 * state, see list-counts.ts), not from visiting every run; one job's runs are
 * grouped from their index range.
 */
export async function listRuns(db: Database, readable: ((namespace: string) => boolean) | null, args: RunListArgs): Promise<RunListPage> {
  const { size, offset } = checkPaging(args);
  const page = pageQuery({ first: args.last == null ? size : null, last: args.last == null ? null : size, after: args.after, before: args.before }, { newestFirst: true });
  const scope: Prisma.RunWhereInput = args.jobId ? { jobId: args.jobId } : {};
  const wanted = (state: RunState) => (!args.status || runStatusOf(state) === args.status) && (!args.state || state === args.state);
  // The client's type is SQLite's, whose only level is Serializable; PostgreSQL's client takes RepeatableRead.
  const snapshot = (db.provider === "postgresql" ? { isolationLevel: "RepeatableRead" } : undefined) as { isolationLevel?: "Serializable" } | undefined;
  return db.prisma.$transaction(
    async (tx): Promise<RunListPage> => {
      const seq = await currentSeq(tx);
      const groups = args.jobId ? await tx.run.groupBy({ by: ["namespace", "state"], where: scope, _count: { _all: true } }) : await countedByNamespaceAndState<RunState>(tx, "Run");
      const seen = new Map<string, boolean>();
      const mayRead = (ns: string) => {
        if (!readable) return true;
        if (!seen.has(ns)) seen.set(ns, readable(ns));
        return seen.get(ns)!;
      };
      const visible = groups.filter((g) => mayRead(g.namespace));
      const byState = new Map<RunState, number>();
      for (const g of visible) byState.set(g.state, (byState.get(g.state) ?? 0) + g._count._all);
      const stateCounts = [...byState].map(([state, count]) => ({ state, count }));
      const totalItems = stateCounts.filter((c) => wanted(c.state)).reduce((n, c) => n + c.count, 0);
      const states = args.status ? runStatesOf(args.status).filter((s) => !args.state || s === args.state) : args.state ? [args.state] : null;
      const namespaces = readable ? [...new Set(visible.map((g) => g.namespace))] : null;
      const empty = totalItems === 0 || (namespaces !== null && namespaces.length === 0);
      const rows: Run[] = empty
        ? []
        : await tx.run.findMany({
            where: {
              AND: [scope, page.where, states ? { state: { in: states } } : {}, namespaces ? { namespace: { in: namespaces } } : {}],
            },
            orderBy: page.orderBy,
            skip: offset,
            take: page.take,
          });
      const relay = page.toPage(rows);
      if (offset > 0) relay.pageInfo.hasPreviousPage = true;
      return { ...relay, totalCount: async () => totalItems, totalItems, statusCounts: computeRunStatusCounts(stateCounts), stateCounts, seq };
    },
    snapshot,
  );
}

/** limit (or first, or last) and offset, checked the seed's way: a bad value is VALIDATION_FAILED naming it. */
function checkPaging(args: RunListArgs): { size: number; offset: number } {
  if (args.limit != null && (args.first != null || args.last != null)) {
    throw new DroverError("VALIDATION_FAILED", `give limit or ${args.first != null ? "first" : "last"}, not both`, { field: "limit" });
  }
  const { min, max } = RUN_LIST_LIMIT;
  const given = args.limit ?? args.first ?? args.last;
  const field = args.limit != null ? "limit" : args.first != null ? "first" : args.last != null ? "last" : "limit";
  if (given != null && (!Number.isInteger(given) || given < min || given > max)) {
    throw new DroverError("VALIDATION_FAILED", `${field} must be between ${min} and ${max} (got ${given})`, { field });
  }
  const offset = args.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0) {
    throw new DroverError("VALIDATION_FAILED", `offset must be a whole number of runs to skip, 0 or more (got ${offset})`, { field: "offset" });
  }
  if (offset > 0 && (args.last != null || args.before != null)) {
    throw new DroverError("VALIDATION_FAILED", "offset counts forward from the newest run (or from after); it cannot be combined with last or before", { field: "offset" });
  }
  return { size: given ?? RUN_LIST_LIMIT.default, offset };
}

