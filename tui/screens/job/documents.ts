import { graphql } from "../../../client/gql/index.ts";

/** Everything the job screen shows, read in one go and again whenever one of its streams moves. */
export const JOB_DETAIL = graphql(`
  query TuiJobDetail($id: ID!) {
    job(id: $id) {
      id
      name
      namespace
      type
      spec {
        image
        command
        args
        schedule
        timeZone
        overlapPolicy
        selector { matchLabels matchIds matchExpressions }
        deployment { strategy maxParallel maxParallelPercent canaryCount canaryPercent autoPromote maxFailedNodes maxFailedNodesPercent healthCheck { deadline minHealthyTime } }
      }
      status {
        state { stateType message }
        version
        nextFireAt
        scheduleSuspended
        runCounts { total running failed succeeded }
        rollout {
          type state strategy fromVersion toVersion currentWave totalWaves totalNodes updatedNodes failedNodes
          canaryNodes canaryPromoted rollbackToVersion message
        }
        lastRollout {
          type state strategy fromVersion toVersion currentWave totalWaves totalNodes updatedNodes failedNodes
          canaryNodes canaryPromoted rollbackToVersion message
        }
      }
      versions { version sourceVersion createdAt }
    }
    executions(jobId: $id, first: 100) {
      seq
      edges {
        node {
          id nodeId jobVersion attempt exitCode startedAt stableAt finishedAt createdAt
          computeState { stateType message }
          desiredState { stateType message }
        }
      }
    }
    runs(jobId: $id, first: 5) {
      totalCount
      edges { node { id state trigger createdAt finishedAt exitCode } }
    }
    evaluations(jobId: $id, last: 5) {
      edges { node { id status statusMessage placement createdAt } }
    }
  }
`);

export const JOB_DETAIL_EVENTS = graphql(`
  subscription TuiJobDetailEvents($jobId: ID!, $after: Seq) {
    jobEvents(jobId: $jobId, after: $after) { seq }
  }
`);

export const JOB_DETAIL_ROLLOUT_EVENTS = graphql(`
  subscription TuiJobDetailRolloutEvents($jobId: ID!, $after: Seq) {
    rolloutEvents(jobId: $jobId, after: $after) { seq }
  }
`);

export const JOB_DETAIL_EXECUTION_EVENTS = graphql(`
  subscription TuiJobDetailExecutionEvents($jobId: ID!, $after: Seq) {
    executionEvents(jobId: $jobId, after: $after) { seq }
  }
`);

export const JOB_DETAIL_RUN_EVENTS = graphql(`
  subscription TuiJobDetailRunEvents($jobId: ID!, $after: Seq) {
    runEvents(jobId: $jobId, after: $after) { seq }
  }
`);

export const PROMOTE = graphql(`
  mutation TuiPromote($jobId: ID!) { promoteRollout(jobId: $jobId) { state message } }
`);
export const PAUSE = graphql(`
  mutation TuiPause($jobId: ID!) { pauseRollout(jobId: $jobId) { state message } }
`);
export const RESUME = graphql(`
  mutation TuiResume($jobId: ID!) { resumeRollout(jobId: $jobId) { state message } }
`);
export const ROLLBACK = graphql(`
  mutation TuiRollback($jobId: ID!, $toVersion: Int) { rollbackJob(jobId: $jobId, toVersion: $toVersion) { status { version } } }
`);
export const SUSPEND_SCHEDULE = graphql(`
  mutation TuiSuspendSchedule($jobId: ID!) { suspendSchedule(jobId: $jobId) { status { scheduleSuspended nextFireAt } } }
`);
export const RESUME_SCHEDULE = graphql(`
  mutation TuiResumeSchedule($jobId: ID!) { resumeSchedule(jobId: $jobId) { status { scheduleSuspended nextFireAt } } }
`);
export const RESTART = graphql(`
  mutation TuiRestart($jobId: ID!) { restartJob(jobId: $jobId) { status { version rollout { type state } } } }
`);
