/** The GraphQL operations the agent speaks, typed by `npm run codegen` against schema.graphql. */
import { graphql } from "../client/gql/index.ts";
import type { AgentAssignmentsSubscription } from "../client/gql/graphql.ts";

export const REGISTER_NODE = graphql(`
  mutation AgentRegister($input: RegisterNodeInput!) {
    registerNode(input: $input) {
      token
      node { id state }
    }
  }
`);

export const HEARTBEAT = graphql(`
  mutation AgentHeartbeat($nodeId: ID!, $cpuCores: Float, $memoryBytes: Float) {
    heartbeat(nodeId: $nodeId, cpuCores: $cpuCores, memoryBytes: $memoryBytes) { serverTime node { state } }
  }
`);

export const REPORT_STATES = graphql(`
  mutation AgentReportStates($nodeId: ID!, $reports: [ExecutionReportInput!]!) {
    reportExecutionStates(nodeId: $nodeId, reports: $reports) { executionId applied desiredState }
  }
`);

export const REPORT_LOGS = graphql(`
  mutation AgentReportLogs($nodeId: ID!, $batches: [LogBatchInput!]!) {
    reportLogs(nodeId: $nodeId, batches: $batches)
  }
`);

export const REPORT_METRICS = graphql(`
  mutation AgentReportMetrics($nodeId: ID!, $samples: [MetricSampleInput!]!) {
    reportMetrics(nodeId: $nodeId, samples: $samples)
  }
`);

export const ASSIGNMENTS = graphql(`
  subscription AgentAssignments($nodeId: ID!) {
    assignments(nodeId: $nodeId) {
      seq
      full
      assignments {
        executionId jobId namespace jobName jobType jobVersion runId attempt desiredState computeState reportCounter
        spec { image command args env workingDir config timeouts { executionTimeout } deployment { healthCheck { probe { command interval } } } }
        runValues { meta payload }
      }
    }
  }
`);

/** One execution as the assignments stream describes it. */
export type AssignmentPayload = AgentAssignmentsSubscription["assignments"]["assignments"][number];
