/** The GraphQL operations the agent speaks. Checked against schema.graphql by the test suite. */

export const REGISTER_NODE = /* GraphQL */ `
  mutation AgentRegister($input: RegisterNodeInput!) {
    registerNode(input: $input) {
      token
      node { id state }
    }
  }
`;

export const HEARTBEAT = /* GraphQL */ `
  mutation AgentHeartbeat($nodeId: ID!) {
    heartbeat(nodeId: $nodeId) { serverTime node { state } }
  }
`;

export const REPORT_STATES = /* GraphQL */ `
  mutation AgentReportStates($nodeId: ID!, $reports: [ExecutionReportInput!]!) {
    reportExecutionStates(nodeId: $nodeId, reports: $reports) { executionId applied desiredState }
  }
`;

export const REPORT_LOGS = /* GraphQL */ `
  mutation AgentReportLogs($nodeId: ID!, $lines: [LogLineInput!]!) {
    reportLogs(nodeId: $nodeId, lines: $lines)
  }
`;

export const REPORT_METRICS = /* GraphQL */ `
  mutation AgentReportMetrics($nodeId: ID!, $samples: [MetricSampleInput!]!) {
    reportMetrics(nodeId: $nodeId, samples: $samples)
  }
`;

export const ASSIGNMENTS = /* GraphQL */ `
  subscription AgentAssignments($nodeId: ID!) {
    assignments(nodeId: $nodeId) {
      seq
      full
      assignments {
        executionId jobId namespace jobName jobType jobVersion runId attempt desiredState computeState reportCounter
        spec { image command args env workingDir config timeouts { executionTimeout } }
      }
    }
  }
`;

export interface AssignmentPayload {
  executionId: string;
  jobId: string;
  namespace: string;
  jobName: string;
  jobType: string;
  jobVersion: number;
  runId: string | null;
  attempt: number;
  desiredState: string;
  computeState: string;
  reportCounter: number;
  spec: {
    image: string | null;
    command: string | null;
    args: string[] | null;
    env: Record<string, string>;
    workingDir: string | null;
    config: unknown;
    timeouts: { executionTimeout: number };
  };
}

export interface AssignmentBatchPayload {
  assignments: { seq: number; full: boolean; assignments: AssignmentPayload[] };
}
