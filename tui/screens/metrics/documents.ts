import { graphql } from "../../../client/gql/index.ts";

export const METRICS = graphql(`
  query TuiMetrics($jobId: ID, $runId: ID, $since: String, $step: String) {
    metrics(jobId: $jobId, runId: $runId, names: ["cpu_usage", "memory_usage"], since: $since, step: $step) {
      name
      status
      error
      unit
      points { at value }
    }
    executions(jobId: $jobId, runId: $runId, state: RUNNING, first: 1) { totalCount }
  }
`);
