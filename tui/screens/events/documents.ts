import { graphql } from "../../../client/gql/index.ts";

/** A job's own changes, its executions' and its rollouts': replayed from the event log (after: 0), then live. */
export const EVENTS_JOB = graphql(`
  subscription TuiEventsJob($jobId: ID!, $after: Seq) {
    jobEvents(jobId: $jobId, after: $after) { seq type at state version job { status { state { message } } } }
  }
`);

export const EVENTS_EXECUTION = graphql(`
  subscription TuiEventsExecution($jobId: ID!, $after: Seq) {
    executionEvents(jobId: $jobId, after: $after) {
      seq type at
      execution { id nodeId attempt exitCode computeState { stateType message } desiredState { stateType message } }
    }
  }
`);

export const EVENTS_ROLLOUT = graphql(`
  subscription TuiEventsRollout($jobId: ID!, $after: Seq) {
    rolloutEvents(jobId: $jobId, after: $after) { seq type at rollout { type state fromVersion toVersion currentWave totalWaves message } }
  }
`);
