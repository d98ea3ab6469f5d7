import { graphql } from "../../../client/gql/index.ts";

export const JOB_ROW = graphql(`
  fragment TuiJobRow on Job {
    id
    name
    namespace
    type
    spec { schedule }
    status {
      state { stateType message }
      version
      updatedAt
      nextFireAt
      runningExecutions
      scheduleSuspended
      rollout { state currentWave totalWaves updatedNodes totalNodes failedNodes }
      lastRollout { state currentWave totalWaves updatedNodes totalNodes failedNodes }
      latestRun { id state createdAt finishedAt }
    }
  }
`);

export const JOBS = graphql(`
  query TuiJobs($namespace: String, $workspace: String, $after: String) {
    jobs(namespace: $namespace, workspace: $workspace, first: 100, after: $after) {
      seq
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ...TuiJobRow } }
    }
  }
`);

export const JOB_ROW_BY_ID = graphql(`
  query TuiJobRowById($id: ID!) {
    job(id: $id) { ...TuiJobRow }
  }
`);

export const JOB_EVENTS = graphql(`
  subscription TuiJobEvents($namespace: String, $workspace: String, $after: Seq) {
    jobEvents(namespace: $namespace, workspace: $workspace, after: $after) { seq type jobId job { ...TuiJobRow } }
  }
`);

/** Run and execution changes do not change the job's event stream, but they change its row. */
export const JOB_RUN_EVENTS = graphql(`
  subscription TuiJobsRunEvents($namespace: String, $workspace: String, $after: Seq) {
    runEvents(namespace: $namespace, workspace: $workspace, after: $after) { seq run { jobId } }
  }
`);

export const JOB_EXECUTION_EVENTS = graphql(`
  subscription TuiJobsExecutionEvents($namespace: String, $workspace: String, $after: Seq) {
    executionEvents(namespace: $namespace, workspace: $workspace, after: $after) { seq execution { jobId } }
  }
`);

export const TRIGGER_RUN = graphql(`
  mutation TuiTriggerRun($jobId: ID!) {
    triggerRun(jobId: $jobId) { run { id state } created }
  }
`);

export const STOP_JOB = graphql(`
  mutation TuiStopJob($id: ID!) {
    stopJob(id: $id) { job { id status { state { stateType } } } }
  }
`);

export const DELETE_JOB = graphql(`
  mutation TuiDeleteJob($id: ID!) {
    deleteJob(id: $id) { jobId }
  }
`);
