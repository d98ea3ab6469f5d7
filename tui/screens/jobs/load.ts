import type { DroverClient } from "../../api/client.ts";
import type { TuiJobsQuery } from "../../../client/gql/graphql.ts";
import { JOBS } from "./documents.ts";
import { scopeVariables } from "../../scope.ts";
import { jobsFrom, type JobRow } from "./state.ts";

/** Reads every page of the jobs list; the first page's seq is where the live stream starts. */
export async function loadJobs(client: DroverClient, namespace: string | null) {
  const rows: JobRow[] = [];
  let seq: number | null = null;
  let after: string | null = null;
  for (let page = 0; page < 50; page++) {
    const data: TuiJobsQuery = await client.query(JOBS, { ...scopeVariables(namespace), after });
    seq ??= data.jobs.seq;
    rows.push(...data.jobs.edges.map((e) => e.node));
    if (!data.jobs.pageInfo.hasNextPage) break;
    after = data.jobs.pageInfo.endCursor;
  }
  return { state: jobsFrom(rows), seq: seq ?? 0 };
}

