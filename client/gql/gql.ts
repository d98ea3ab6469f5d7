/* eslint-disable */
import * as types from './graphql.ts';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation AgentRegister($input: RegisterNodeInput!) {\n    registerNode(input: $input) {\n      token\n      node { id state }\n    }\n  }\n": typeof types.AgentRegisterDocument,
    "\n  mutation AgentHeartbeat($nodeId: ID!) {\n    heartbeat(nodeId: $nodeId) { serverTime node { state } }\n  }\n": typeof types.AgentHeartbeatDocument,
    "\n  mutation AgentReportStates($nodeId: ID!, $reports: [ExecutionReportInput!]!) {\n    reportExecutionStates(nodeId: $nodeId, reports: $reports) { executionId applied desiredState }\n  }\n": typeof types.AgentReportStatesDocument,
    "\n  mutation AgentReportLogs($nodeId: ID!, $lines: [LogLineInput!]!) {\n    reportLogs(nodeId: $nodeId, lines: $lines)\n  }\n": typeof types.AgentReportLogsDocument,
    "\n  mutation AgentReportMetrics($nodeId: ID!, $samples: [MetricSampleInput!]!) {\n    reportMetrics(nodeId: $nodeId, samples: $samples)\n  }\n": typeof types.AgentReportMetricsDocument,
    "\n  subscription AgentAssignments($nodeId: ID!) {\n    assignments(nodeId: $nodeId) {\n      seq\n      full\n      assignments {\n        executionId jobId namespace jobName jobType jobVersion runId attempt desiredState computeState reportCounter\n        spec { image command args env workingDir config timeouts { executionTimeout } }\n      }\n    }\n  }\n": typeof types.AgentAssignmentsDocument,
};
const documents: Documents = {
    "\n  mutation AgentRegister($input: RegisterNodeInput!) {\n    registerNode(input: $input) {\n      token\n      node { id state }\n    }\n  }\n": types.AgentRegisterDocument,
    "\n  mutation AgentHeartbeat($nodeId: ID!) {\n    heartbeat(nodeId: $nodeId) { serverTime node { state } }\n  }\n": types.AgentHeartbeatDocument,
    "\n  mutation AgentReportStates($nodeId: ID!, $reports: [ExecutionReportInput!]!) {\n    reportExecutionStates(nodeId: $nodeId, reports: $reports) { executionId applied desiredState }\n  }\n": types.AgentReportStatesDocument,
    "\n  mutation AgentReportLogs($nodeId: ID!, $lines: [LogLineInput!]!) {\n    reportLogs(nodeId: $nodeId, lines: $lines)\n  }\n": types.AgentReportLogsDocument,
    "\n  mutation AgentReportMetrics($nodeId: ID!, $samples: [MetricSampleInput!]!) {\n    reportMetrics(nodeId: $nodeId, samples: $samples)\n  }\n": types.AgentReportMetricsDocument,
    "\n  subscription AgentAssignments($nodeId: ID!) {\n    assignments(nodeId: $nodeId) {\n      seq\n      full\n      assignments {\n        executionId jobId namespace jobName jobType jobVersion runId attempt desiredState computeState reportCounter\n        spec { image command args env workingDir config timeouts { executionTimeout } }\n      }\n    }\n  }\n": types.AgentAssignmentsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AgentRegister($input: RegisterNodeInput!) {\n    registerNode(input: $input) {\n      token\n      node { id state }\n    }\n  }\n"): typeof import('./graphql.ts').AgentRegisterDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AgentHeartbeat($nodeId: ID!) {\n    heartbeat(nodeId: $nodeId) { serverTime node { state } }\n  }\n"): typeof import('./graphql.ts').AgentHeartbeatDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AgentReportStates($nodeId: ID!, $reports: [ExecutionReportInput!]!) {\n    reportExecutionStates(nodeId: $nodeId, reports: $reports) { executionId applied desiredState }\n  }\n"): typeof import('./graphql.ts').AgentReportStatesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AgentReportLogs($nodeId: ID!, $lines: [LogLineInput!]!) {\n    reportLogs(nodeId: $nodeId, lines: $lines)\n  }\n"): typeof import('./graphql.ts').AgentReportLogsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AgentReportMetrics($nodeId: ID!, $samples: [MetricSampleInput!]!) {\n    reportMetrics(nodeId: $nodeId, samples: $samples)\n  }\n"): typeof import('./graphql.ts').AgentReportMetricsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AgentAssignments($nodeId: ID!) {\n    assignments(nodeId: $nodeId) {\n      seq\n      full\n      assignments {\n        executionId jobId namespace jobName jobType jobVersion runId attempt desiredState computeState reportCounter\n        spec { image command args env workingDir config timeouts { executionTimeout } }\n      }\n    }\n  }\n"): typeof import('./graphql.ts').AgentAssignmentsDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
