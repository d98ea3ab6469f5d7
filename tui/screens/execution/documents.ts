import { graphql } from "../../../client/gql/index.ts";

/** One execution in full, with the last lines of its output (newest first). */
export const EXECUTION_DETAIL = graphql(`
  query TuiExecutionDetail($id: ID!, $jobId: ID!) {
    execution(id: $id) {
      id jobId nodeId runId jobVersion attempt exitCode previousExecutionId nextExecutionId
      startedAt finishedAt stableAt createdAt details
      computeState { stateType message details }
      desiredState { stateType message }
    }
    logs(executionId: $id, limit: 12, order: DESC) { lineNo at stream text }
    executions(jobId: $jobId, first: 1) { seq }
  }
`);

/** There is no per-execution filter: the job's execution events wake the screen, which reads its one execution again. */
export const EXECUTION_DETAIL_EVENTS = graphql(`
  subscription TuiExecutionDetailEvents($jobId: ID!, $after: Seq) {
    executionEvents(jobId: $jobId, after: $after) { seq }
  }
`);

/** The executions whose logs the logs screen can narrow to: a job's or a run's newest. */
export const PICK_EXECUTIONS = graphql(`
  query TuiPickExecutions($jobId: ID, $runId: ID) {
    executions(jobId: $jobId, runId: $runId, last: 100) {
      edges {
        node {
          id jobId nodeId jobVersion attempt exitCode startedAt finishedAt createdAt
          computeState { stateType message }
          desiredState { stateType message }
        }
      }
    }
  }
`);

/** Whether an execution can still write output: the logs screen says "no output" instead of waiting for a finished one. */
export const EXECUTION_STATE = graphql(`
  query TuiExecutionState($id: ID!) {
    execution(id: $id) { id computeState { stateType } exitCode }
  }
`);
