import { graphql } from "../../../client/gql/index.ts";

export const RUN_ROW = graphql(`
  fragment TuiRunRow on Run {
    id state trigger scheduledAt createdAt startedAt finishedAt exitCode error message jobVersion retryOfRunId
  }
`);

export const RUNS = graphql(`
  query TuiRuns($jobId: ID!) {
    runs(jobId: $jobId, first: 100) {
      seq
      totalCount
      statusCounts { state count }
      edges { node { ...TuiRunRow } }
    }
  }
`);

export const RUNS_EVENTS = graphql(`
  subscription TuiRunsEvents($jobId: ID!, $after: Seq) {
    runEvents(jobId: $jobId, after: $after) { seq }
  }
`);

export const RUN_DETAIL = graphql(`
  query TuiRunDetail($id: ID!) {
    run(id: $id) {
      ...TuiRunRow
      jobId
      responses { nodeId hostname status changed error data }
      timeline { timestamp event hostname nodeId message error }
    }
    executions(runId: $id, first: 1) { seq }
  }
`);

export const RUN_DETAIL_EVENTS = graphql(`
  subscription TuiRunDetailEvents($runId: ID!, $after: Seq) {
    runEvents(runId: $runId, after: $after) { seq }
  }
`);

export const CANCEL_RUN = graphql(`
  mutation TuiCancelRun($id: ID!) { cancelRun(id: $id) { id state } }
`);

export const RETRY_RUN = graphql(`
  mutation TuiRetryRun($id: ID!) { retryRun(id: $id) { id state } }
`);
