import { graphql } from "../../../client/gql/index.ts";

/** Everything about a job that its YAML view shows: the whole spec and the observed status. */
export const DESCRIBE_JOB = graphql(`
  query TuiDescribeJob($id: ID!) {
    job(id: $id) {
      id
      spec {
        name namespace type description labels meta priority config
        selector { matchLabels matchIds matchExpressions }
        deployment {
          strategy maxParallel maxParallelPercent canaryCount canaryPercent autoPromote maxFailedNodes maxFailedNodesPercent noAutoRollback
          healthCheck { deadline minHealthyTime maxErrorRate probe { command interval } }
        }
        timeouts { executionTimeout queueTimeout totalTimeout }
        restartPolicy { policy maxRetries backoff maxBackoff retryExitCodes }
        schedule timeZone overlapPolicy catchUp image command args env workingDir tags
      }
      status {
        state { stateType message }
        version revision createdAt updatedAt nextFireAt runningExecutions
        runCounts { total running failed succeeded }
        rollout { type state strategy fromVersion toVersion currentWave totalWaves totalNodes updatedNodes failedNodes canaryNodes canaryPromoted rollbackToVersion message }
      }
    }
    executions(jobId: $id, first: 1) { seq }
  }
`);

export const DESCRIBE_JOB_EVENTS = graphql(`
  subscription TuiDescribeJobEvents($jobId: ID!, $after: Seq) {
    jobEvents(jobId: $jobId, after: $after) { seq }
  }
`);
