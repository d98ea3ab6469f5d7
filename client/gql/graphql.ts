/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type DeploymentStrategy =
  | 'CANARY'
  | 'IMMEDIATE'
  | 'ROLLING';

export type EvaluationStatus =
  | 'BLOCKED'
  | 'CANCELLED'
  | 'COMPLETE'
  | 'FAILED'
  | 'PENDING'
  | 'RUNNING';

export type ExecutionComputeStateType =
  | 'COMPLETE'
  | 'DEGRADED'
  | 'FAILED'
  | 'LOST'
  | 'PENDING'
  | 'RUNNING'
  | 'STARTING'
  | 'STOPPED'
  | 'STOPPING';

export type ExecutionDesiredStateType =
  | 'PENDING'
  | 'RUNNING'
  | 'STOPPED';

export type ExecutionEventType =
  | 'EXECUTION_CREATED'
  | 'EXECUTION_DESIRED_CHANGED'
  | 'EXECUTION_STATE_CHANGED';

export type ExecutionReportInput = {
  at?: string | null | undefined;
  changed?: boolean | null | undefined;
  computeState: ExecutionComputeStateType;
  /** Rises with each report for this execution; a resend changes nothing. */
  counter: number;
  details?: Record<string, string> | null | undefined;
  executionId: string | number;
  exitCode?: number | null | undefined;
  message?: string | null | undefined;
  /** A broadcast node's answer (data). */
  result?: unknown;
};

export type JobEventType =
  | 'JOB_CRON_FIRED'
  | 'JOB_DELETED'
  | 'JOB_RESTARTED'
  | 'JOB_SCHEDULE_RESUMED'
  | 'JOB_SCHEDULE_SUSPENDED'
  | 'JOB_STARTED'
  | 'JOB_STATE_CHANGED'
  | 'JOB_STOPPED'
  | 'JOB_SUBMITTED'
  | 'JOB_UPDATED';

export type JobStateType =
  | 'COMPLETED'
  | 'DEGRADED'
  | 'DELETED'
  | 'DEPLOYING'
  | 'FAILED'
  | 'PENDING'
  | 'QUEUED'
  | 'ROLLOUT_FAILED'
  | 'ROLLOUT_PAUSED'
  | 'RUNNING'
  | 'STOPPED';

/** What kind of workload a job runs. SERVICE and PIPELINE are long-running on every matching node; BATCH runs to completion on one node; OPS, QUERY, UPDATE and CONFIG run once on every matching node (a broadcast). */
export type JobType =
  | 'BATCH'
  | 'CONFIG'
  | 'OPS'
  | 'PIPELINE'
  | 'QUERY'
  | 'SERVICE'
  | 'UPDATE';

/** Lines of one execution as parallel lists (line i is lineNos[i], streams[i], at[i], texts[i]): the same data as LogLineInput, with one object per execution instead of per line, which a busy agent sends at a fraction of the cost. */
export type LogBatchInput = {
  at: Array<string>;
  executionId: string | number;
  lineNos: Array<number>;
  /** stdout or stderr, per line */
  streams: Array<string>;
  texts: Array<string>;
};

export type MetricSampleInput = {
  at: string;
  cpuCores: number;
  executionId: string | number;
  memoryBytes: number;
  sampleNo: number;
};

export type NodeEventType =
  | 'NODE_REGISTERED'
  | 'NODE_STATE_CHANGED'
  | 'NODE_UPDATED';

export type NodeState =
  | 'DOWN'
  | 'DRAINING'
  | 'READY';

/** What a cron fire does while the previous run is still going. */
export type OverlapPolicy =
  | 'ALLOW'
  | 'FORBID'
  | 'REPLACE';

export type RegisterNodeInput = {
  agentVersion?: string | null | undefined;
  /** Maximum concurrent executions. */
  capacity: number;
  /** Cores the node has (0.001-1024). Omitted: unknown, and the node takes only executions that request no cpu. */
  cpuCores?: number | null | undefined;
  hostname: string;
  labels?: Record<string, string> | null | undefined;
  /** Memory the node has, in bytes (up to 2^50). Omitted: unknown, and the node takes only executions that request no memory. */
  memoryBytes?: number | null | undefined;
  /** Must start with node-. */
  nodeId: string;
  /** Container runtimes the agent found. */
  runtimes?: unknown;
};

export type RestartPolicyKind =
  | 'ALWAYS'
  | 'NEVER'
  | 'ON_FAILURE';

export type RolloutEventType =
  | 'ROLLOUT_COMPLETED'
  | 'ROLLOUT_STARTED'
  | 'ROLLOUT_UPDATED'
  | 'ROLLOUT_WAVE_STARTED';

export type RolloutType =
  | 'CREATE'
  | 'RESTART'
  | 'ROLLBACK'
  | 'UPDATE';

export type RunState =
  | 'CANCELLED'
  | 'FAILED'
  | 'PARTIAL_FAILURE'
  | 'PENDING'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED';

export type AgentRegisterMutationVariables = Exact<{
  input: RegisterNodeInput;
}>;


export type AgentRegisterMutation = { registerNode: { token: string, node: { id: string, state: NodeState } } };

export type AgentHeartbeatMutationVariables = Exact<{
  nodeId: string | number;
  cpuCores?: number | null | undefined;
  memoryBytes?: number | null | undefined;
}>;


export type AgentHeartbeatMutation = { heartbeat: { serverTime: string, node: { state: NodeState } } };

export type AgentReportStatesMutationVariables = Exact<{
  nodeId: string | number;
  reports: Array<ExecutionReportInput> | ExecutionReportInput;
}>;


export type AgentReportStatesMutation = { reportExecutionStates: Array<{ executionId: string, applied: boolean, desiredState: string }> };

export type AgentReportLogsMutationVariables = Exact<{
  nodeId: string | number;
  batches: Array<LogBatchInput> | LogBatchInput;
}>;


export type AgentReportLogsMutation = { reportLogs: number };

export type AgentReportMetricsMutationVariables = Exact<{
  nodeId: string | number;
  samples: Array<MetricSampleInput> | MetricSampleInput;
}>;


export type AgentReportMetricsMutation = { reportMetrics: number };

export type AgentAssignmentsSubscriptionVariables = Exact<{
  nodeId: string | number;
}>;


export type AgentAssignmentsSubscription = { assignments: { seq: number, full: boolean, assignments: Array<{ executionId: string, jobId: string, namespace: string, jobName: string, jobType: string, jobVersion: number, runId: string | null, attempt: number, desiredState: string, computeState: string, reportCounter: number, spec: { image: string | null, command: string | null, args: Array<string> | null, env: Record<string, string>, workingDir: string | null, config: unknown, timeouts: { executionTimeout: number }, deployment: { healthCheck: { probe: { command: string, interval: string } | null } | null } }, runValues: { meta: Record<string, string>, payload: string | null } | null }> } };

export type TuiDescribeJobQueryVariables = Exact<{
  id: string | number;
}>;


export type TuiDescribeJobQuery = { job: { id: string, spec: { name: string, namespace: string, type: JobType, description: string, labels: Record<string, string>, meta: Record<string, string>, priority: number, config: unknown, schedule: string | null, timeZone: string, overlapPolicy: OverlapPolicy, catchUp: number, image: string | null, command: string | null, args: Array<string> | null, env: Record<string, string>, workingDir: string | null, tags: Array<string>, selector: { matchLabels: Record<string, string>, matchIds: Array<string>, matchExpressions: Array<string> }, deployment: { strategy: DeploymentStrategy, maxParallel: number | null, maxParallelPercent: number | null, canaryCount: number | null, canaryPercent: number | null, autoPromote: boolean, maxFailedNodes: number, maxFailedNodesPercent: number, noAutoRollback: boolean, healthCheck: { deadline: string, minHealthyTime: string, maxErrorRate: number, probe: { command: string, interval: string } | null } | null }, timeouts: { executionTimeout: number, queueTimeout: number, totalTimeout: number }, restartPolicy: { policy: RestartPolicyKind, maxRetries: number, backoff: string, maxBackoff: string, retryExitCodes: Array<number> } }, status: { version: number, revision: number, createdAt: string, updatedAt: string, nextFireAt: string | null, runningExecutions: number, state: { stateType: JobStateType, message: string }, runCounts: { total: number, running: number, failed: number, succeeded: number }, rollout: { type: RolloutType, state: string, strategy: string, fromVersion: number, toVersion: number, currentWave: number, totalWaves: number, totalNodes: number, updatedNodes: number, failedNodes: number, canaryNodes: Array<string>, canaryPromoted: boolean, rollbackToVersion: number, message: string } | null } } | null, executions: { seq: number } };

export type TuiDescribeJobEventsSubscriptionVariables = Exact<{
  jobId: string | number;
  after?: number | null | undefined;
}>;


export type TuiDescribeJobEventsSubscription = { jobEvents: { seq: number } };

export type TuiEventsJobSubscriptionVariables = Exact<{
  jobId: string | number;
  after?: number | null | undefined;
}>;


export type TuiEventsJobSubscription = { jobEvents: { seq: number, type: JobEventType, at: string, state: JobStateType, version: number, job: { status: { state: { message: string } } } } };

export type TuiEventsExecutionSubscriptionVariables = Exact<{
  jobId: string | number;
  after?: number | null | undefined;
}>;


export type TuiEventsExecutionSubscription = { executionEvents: { seq: number, type: ExecutionEventType, at: string, execution: { id: string, nodeId: string, attempt: number, exitCode: number | null, computeState: { stateType: ExecutionComputeStateType, message: string }, desiredState: { stateType: ExecutionDesiredStateType, message: string } } } };

export type TuiEventsRolloutSubscriptionVariables = Exact<{
  jobId: string | number;
  after?: number | null | undefined;
}>;


export type TuiEventsRolloutSubscription = { rolloutEvents: { seq: number, type: RolloutEventType, at: string, rollout: { type: RolloutType, state: string, fromVersion: number, toVersion: number, currentWave: number, totalWaves: number, message: string } } };

export type TuiExecutionDetailQueryVariables = Exact<{
  id: string | number;
  jobId: string | number;
}>;


export type TuiExecutionDetailQuery = { execution: { id: string, jobId: string, nodeId: string, runId: string | null, jobVersion: number, attempt: number, exitCode: number | null, previousExecutionId: string | null, nextExecutionId: string | null, startedAt: string | null, finishedAt: string | null, stableAt: string | null, createdAt: string, details: Record<string, string>, computeState: { stateType: ExecutionComputeStateType, message: string, details: Record<string, string> }, desiredState: { stateType: ExecutionDesiredStateType, message: string } } | null, logs: Array<{ lineNo: number, at: string, stream: string, text: string }>, executions: { seq: number } };

export type TuiExecutionDetailEventsSubscriptionVariables = Exact<{
  jobId: string | number;
  after?: number | null | undefined;
}>;


export type TuiExecutionDetailEventsSubscription = { executionEvents: { seq: number } };

export type TuiPickExecutionsQueryVariables = Exact<{
  jobId?: string | number | null | undefined;
  runId?: string | number | null | undefined;
}>;


export type TuiPickExecutionsQuery = { executions: { edges: Array<{ node: { id: string, jobId: string, nodeId: string, jobVersion: number, attempt: number, exitCode: number | null, startedAt: string | null, finishedAt: string | null, createdAt: string, computeState: { stateType: ExecutionComputeStateType, message: string }, desiredState: { stateType: ExecutionDesiredStateType, message: string } } }> } };

export type TuiExecutionStateQueryVariables = Exact<{
  id: string | number;
}>;


export type TuiExecutionStateQuery = { execution: { id: string, exitCode: number | null, computeState: { stateType: ExecutionComputeStateType } } | null };

export type TuiJobDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type TuiJobDetailQuery = { job: { id: string, name: string, namespace: string, type: JobType, spec: { image: string | null, command: string | null, args: Array<string> | null, schedule: string | null, timeZone: string, overlapPolicy: OverlapPolicy, selector: { matchLabels: Record<string, string>, matchIds: Array<string>, matchExpressions: Array<string> }, deployment: { strategy: DeploymentStrategy, maxParallel: number | null, maxParallelPercent: number | null, canaryCount: number | null, canaryPercent: number | null, autoPromote: boolean, maxFailedNodes: number, maxFailedNodesPercent: number, healthCheck: { deadline: string, minHealthyTime: string } | null } }, status: { version: number, nextFireAt: string | null, scheduleSuspended: boolean, state: { stateType: JobStateType, message: string }, runCounts: { total: number, running: number, failed: number, succeeded: number }, rollout: { type: RolloutType, state: string, strategy: string, fromVersion: number, toVersion: number, currentWave: number, totalWaves: number, totalNodes: number, updatedNodes: number, failedNodes: number, canaryNodes: Array<string>, canaryPromoted: boolean, rollbackToVersion: number, message: string } | null, lastRollout: { type: RolloutType, state: string, strategy: string, fromVersion: number, toVersion: number, currentWave: number, totalWaves: number, totalNodes: number, updatedNodes: number, failedNodes: number, canaryNodes: Array<string>, canaryPromoted: boolean, rollbackToVersion: number, message: string } | null }, versions: Array<{ version: number, sourceVersion: number | null, createdAt: string }> } | null, executions: { seq: number, edges: Array<{ node: { id: string, nodeId: string, jobVersion: number, attempt: number, exitCode: number | null, startedAt: string | null, stableAt: string | null, finishedAt: string | null, createdAt: string, computeState: { stateType: ExecutionComputeStateType, message: string }, desiredState: { stateType: ExecutionDesiredStateType, message: string } } }> }, runs: { totalCount: number, edges: Array<{ node: { id: string, state: RunState, trigger: string, createdAt: string, finishedAt: string | null, exitCode: number | null } }> }, evaluations: { edges: Array<{ node: { id: string, status: EvaluationStatus, statusMessage: string, placement: unknown, createdAt: string } }> } };

export type TuiJobDetailEventsSubscriptionVariables = Exact<{
  jobId: string | number;
  after?: number | null | undefined;
}>;


export type TuiJobDetailEventsSubscription = { jobEvents: { seq: number } };

export type TuiJobDetailRolloutEventsSubscriptionVariables = Exact<{
  jobId: string | number;
  after?: number | null | undefined;
}>;


export type TuiJobDetailRolloutEventsSubscription = { rolloutEvents: { seq: number } };

export type TuiJobDetailExecutionEventsSubscriptionVariables = Exact<{
  jobId: string | number;
  after?: number | null | undefined;
}>;


export type TuiJobDetailExecutionEventsSubscription = { executionEvents: { seq: number } };

export type TuiJobDetailRunEventsSubscriptionVariables = Exact<{
  jobId: string | number;
  after?: number | null | undefined;
}>;


export type TuiJobDetailRunEventsSubscription = { runEvents: { seq: number } };

export type TuiPromoteMutationVariables = Exact<{
  jobId: string | number;
}>;


export type TuiPromoteMutation = { promoteRollout: { state: string, message: string } };

export type TuiPauseMutationVariables = Exact<{
  jobId: string | number;
}>;


export type TuiPauseMutation = { pauseRollout: { state: string, message: string } };

export type TuiResumeMutationVariables = Exact<{
  jobId: string | number;
}>;


export type TuiResumeMutation = { resumeRollout: { state: string, message: string } };

export type TuiRollbackMutationVariables = Exact<{
  jobId: string | number;
  toVersion?: number | null | undefined;
}>;


export type TuiRollbackMutation = { rollbackJob: { status: { version: number } } };

export type TuiSuspendScheduleMutationVariables = Exact<{
  jobId: string | number;
}>;


export type TuiSuspendScheduleMutation = { suspendSchedule: { status: { scheduleSuspended: boolean, nextFireAt: string | null } } };

export type TuiResumeScheduleMutationVariables = Exact<{
  jobId: string | number;
}>;


export type TuiResumeScheduleMutation = { resumeSchedule: { status: { scheduleSuspended: boolean, nextFireAt: string | null } } };

export type TuiRestartMutationVariables = Exact<{
  jobId: string | number;
}>;


export type TuiRestartMutation = { restartJob: { status: { version: number, rollout: { type: RolloutType, state: string } | null } } };

export type TuiJobRowFragment = { id: string, name: string, namespace: string, type: JobType, spec: { schedule: string | null }, status: { version: number, updatedAt: string, nextFireAt: string | null, runningExecutions: number, scheduleSuspended: boolean, state: { stateType: JobStateType, message: string }, rollout: { state: string, currentWave: number, totalWaves: number, updatedNodes: number, totalNodes: number, failedNodes: number } | null, lastRollout: { state: string, currentWave: number, totalWaves: number, updatedNodes: number, totalNodes: number, failedNodes: number } | null, latestRun: { id: string, state: RunState, createdAt: string, finishedAt: string | null } | null } };

export type TuiJobsQueryVariables = Exact<{
  namespace?: string | null | undefined;
  workspace?: string | null | undefined;
  after?: string | null | undefined;
}>;


export type TuiJobsQuery = { jobs: { seq: number, totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, namespace: string, type: JobType, spec: { schedule: string | null }, status: { version: number, updatedAt: string, nextFireAt: string | null, runningExecutions: number, scheduleSuspended: boolean, state: { stateType: JobStateType, message: string }, rollout: { state: string, currentWave: number, totalWaves: number, updatedNodes: number, totalNodes: number, failedNodes: number } | null, lastRollout: { state: string, currentWave: number, totalWaves: number, updatedNodes: number, totalNodes: number, failedNodes: number } | null, latestRun: { id: string, state: RunState, createdAt: string, finishedAt: string | null } | null } } }> } };

export type TuiJobRowByIdQueryVariables = Exact<{
  id: string | number;
}>;


export type TuiJobRowByIdQuery = { job: { id: string, name: string, namespace: string, type: JobType, spec: { schedule: string | null }, status: { version: number, updatedAt: string, nextFireAt: string | null, runningExecutions: number, scheduleSuspended: boolean, state: { stateType: JobStateType, message: string }, rollout: { state: string, currentWave: number, totalWaves: number, updatedNodes: number, totalNodes: number, failedNodes: number } | null, lastRollout: { state: string, currentWave: number, totalWaves: number, updatedNodes: number, totalNodes: number, failedNodes: number } | null, latestRun: { id: string, state: RunState, createdAt: string, finishedAt: string | null } | null } } | null };

export type TuiJobEventsSubscriptionVariables = Exact<{
  namespace?: string | null | undefined;
  workspace?: string | null | undefined;
  after?: number | null | undefined;
}>;


export type TuiJobEventsSubscription = { jobEvents: { seq: number, type: JobEventType, jobId: string, job: { id: string, name: string, namespace: string, type: JobType, spec: { schedule: string | null }, status: { version: number, updatedAt: string, nextFireAt: string | null, runningExecutions: number, scheduleSuspended: boolean, state: { stateType: JobStateType, message: string }, rollout: { state: string, currentWave: number, totalWaves: number, updatedNodes: number, totalNodes: number, failedNodes: number } | null, lastRollout: { state: string, currentWave: number, totalWaves: number, updatedNodes: number, totalNodes: number, failedNodes: number } | null, latestRun: { id: string, state: RunState, createdAt: string, finishedAt: string | null } | null } } } };

export type TuiJobsRunEventsSubscriptionVariables = Exact<{
  namespace?: string | null | undefined;
  workspace?: string | null | undefined;
  after?: number | null | undefined;
}>;


export type TuiJobsRunEventsSubscription = { runEvents: { seq: number, run: { jobId: string } } };

export type TuiJobsExecutionEventsSubscriptionVariables = Exact<{
  namespace?: string | null | undefined;
  workspace?: string | null | undefined;
  after?: number | null | undefined;
}>;


export type TuiJobsExecutionEventsSubscription = { executionEvents: { seq: number, execution: { jobId: string } } };

export type TuiTriggerRunMutationVariables = Exact<{
  jobId: string | number;
}>;


export type TuiTriggerRunMutation = { triggerRun: { created: boolean, run: { id: string, state: RunState } } };

export type TuiStopJobMutationVariables = Exact<{
  id: string | number;
}>;


export type TuiStopJobMutation = { stopJob: { job: { id: string, status: { state: { stateType: JobStateType } } } } };

export type TuiDeleteJobMutationVariables = Exact<{
  id: string | number;
}>;


export type TuiDeleteJobMutation = { deleteJob: { jobId: string } };

export type TuiLogLinesSubscriptionVariables = Exact<{
  executionId?: string | number | null | undefined;
  runId?: string | number | null | undefined;
  jobId?: string | number | null | undefined;
  afterLineNo?: number | null | undefined;
  since?: string | null | undefined;
}>;


export type TuiLogLinesSubscription = { logLines: { lines: Array<{ executionId: string, lineNo: number, nodeId: string, stream: string, at: string, text: string }> } };

export type TuiMetricsQueryVariables = Exact<{
  jobId?: string | number | null | undefined;
  runId?: string | number | null | undefined;
  since?: string | null | undefined;
  step?: string | null | undefined;
}>;


export type TuiMetricsQuery = { metrics: Array<{ name: string, status: string, error: string | null, unit: string | null, points: Array<{ at: string, value: number }> }>, executions: { totalCount: number } };

export type TuiNodeDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type TuiNodeDetailQuery = { node: { agentVersion: string | null, registeredAt: string, id: string, hostname: string, labels: Record<string, string>, state: NodeState, capacity: number, runningExecutions: number, cpuCores: number | null, memoryBytes: number | null, cpuFree: number | null, memoryFree: number | null, lastHeartbeatAt: string | null, revision: number } | null, executions: { seq: number, edges: Array<{ node: { id: string, jobId: string, jobVersion: number, attempt: number, exitCode: number | null, startedAt: string | null, finishedAt: string | null, createdAt: string, computeState: { stateType: ExecutionComputeStateType, message: string }, desiredState: { stateType: ExecutionDesiredStateType, message: string }, jobSpec: { name: string, namespace: string } | null } }> } };

export type TuiNodeDetailExecutionEventsSubscriptionVariables = Exact<{
  nodeId: string | number;
  after?: number | null | undefined;
}>;


export type TuiNodeDetailExecutionEventsSubscription = { executionEvents: { seq: number } };

export type TuiNodeDetailEventsSubscriptionVariables = Exact<{
  nodeId: string | number;
  after?: number | null | undefined;
}>;


export type TuiNodeDetailEventsSubscription = { nodeEvents: { seq: number } };

export type TuiNodeRowFragment = { id: string, hostname: string, labels: Record<string, string>, state: NodeState, capacity: number, runningExecutions: number, cpuCores: number | null, memoryBytes: number | null, cpuFree: number | null, memoryFree: number | null, lastHeartbeatAt: string | null, revision: number };

export type TuiNodesQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type TuiNodesQuery = { nodes: { seq: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, hostname: string, labels: Record<string, string>, state: NodeState, capacity: number, runningExecutions: number, cpuCores: number | null, memoryBytes: number | null, cpuFree: number | null, memoryFree: number | null, lastHeartbeatAt: string | null, revision: number } }> } };

export type TuiNodeByIdQueryVariables = Exact<{
  id: string | number;
}>;


export type TuiNodeByIdQuery = { node: { id: string, hostname: string, labels: Record<string, string>, state: NodeState, capacity: number, runningExecutions: number, cpuCores: number | null, memoryBytes: number | null, cpuFree: number | null, memoryFree: number | null, lastHeartbeatAt: string | null, revision: number } | null };

export type TuiNodeEventsSubscriptionVariables = Exact<{
  after?: number | null | undefined;
}>;


export type TuiNodeEventsSubscription = { nodeEvents: { seq: number, type: NodeEventType, node: { id: string, hostname: string, labels: Record<string, string>, state: NodeState, capacity: number, runningExecutions: number, cpuCores: number | null, memoryBytes: number | null, cpuFree: number | null, memoryFree: number | null, lastHeartbeatAt: string | null, revision: number } } };

export type TuiNodesExecutionEventsSubscriptionVariables = Exact<{
  after?: number | null | undefined;
}>;


export type TuiNodesExecutionEventsSubscription = { executionEvents: { seq: number, execution: { nodeId: string } } };

export type TuiDrainNodeMutationVariables = Exact<{
  id: string | number;
  drain: boolean;
}>;


export type TuiDrainNodeMutation = { drainNode: { node: { id: string, hostname: string, labels: Record<string, string>, state: NodeState, capacity: number, runningExecutions: number, cpuCores: number | null, memoryBytes: number | null, cpuFree: number | null, memoryFree: number | null, lastHeartbeatAt: string | null, revision: number } } };

export type TuiSetNodeLabelsMutationVariables = Exact<{
  id: string | number;
  labels: Record<string, string>;
  rev?: number | null | undefined;
}>;


export type TuiSetNodeLabelsMutation = { setNodeLabels: { node: { id: string, hostname: string, labels: Record<string, string>, state: NodeState, capacity: number, runningExecutions: number, cpuCores: number | null, memoryBytes: number | null, cpuFree: number | null, memoryFree: number | null, lastHeartbeatAt: string | null, revision: number } } };

export type TuiRunRowFragment = { id: string, state: RunState, trigger: string, scheduledAt: string | null, createdAt: string, startedAt: string | null, finishedAt: string | null, exitCode: number | null, error: string | null, message: string, jobVersion: number, retryOfRunId: string | null };

export type TuiRunsQueryVariables = Exact<{
  jobId: string | number;
}>;


export type TuiRunsQuery = { runs: { seq: number, totalCount: number, statusCounts: Array<{ state: RunState, count: number }>, edges: Array<{ node: { id: string, state: RunState, trigger: string, scheduledAt: string | null, createdAt: string, startedAt: string | null, finishedAt: string | null, exitCode: number | null, error: string | null, message: string, jobVersion: number, retryOfRunId: string | null } }> } };

export type TuiRunsEventsSubscriptionVariables = Exact<{
  jobId: string | number;
  after?: number | null | undefined;
}>;


export type TuiRunsEventsSubscription = { runEvents: { seq: number } };

export type TuiRunDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type TuiRunDetailQuery = { run: { jobId: string, id: string, state: RunState, trigger: string, scheduledAt: string | null, createdAt: string, startedAt: string | null, finishedAt: string | null, exitCode: number | null, error: string | null, message: string, jobVersion: number, retryOfRunId: string | null, responses: Array<{ nodeId: string, hostname: string | null, status: string, changed: boolean | null, error: string | null, data: unknown }>, timeline: Array<{ timestamp: string, event: string, hostname: string | null, nodeId: string | null, message: string, error: string | null }> } | null, executions: { seq: number } };

export type TuiRunDetailEventsSubscriptionVariables = Exact<{
  runId: string | number;
  after?: number | null | undefined;
}>;


export type TuiRunDetailEventsSubscription = { runEvents: { seq: number } };

export type TuiCancelRunMutationVariables = Exact<{
  id: string | number;
}>;


export type TuiCancelRunMutation = { cancelRun: { id: string, state: RunState } };

export type TuiRetryRunMutationVariables = Exact<{
  id: string | number;
}>;


export type TuiRetryRunMutation = { retryRun: { id: string, state: RunState } };

export type TuiVersionsQueryVariables = Exact<{
  jobId: string | number;
}>;


export type TuiVersionsQuery = { job: { status: { version: number } } | null, jobVersions: Array<{ version: number, sourceVersion: number | null, createdAt: string, spec: { command: string | null, image: string | null } }>, executions: { seq: number } };

export type TuiVersionsEventsSubscriptionVariables = Exact<{
  jobId: string | number;
  after?: number | null | undefined;
}>;


export type TuiVersionsEventsSubscription = { jobEvents: { seq: number } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const TuiJobRowFragmentDoc = new TypedDocumentString(`
    fragment TuiJobRow on Job {
  id
  name
  namespace
  type
  spec {
    schedule
  }
  status {
    state {
      stateType
      message
    }
    version
    updatedAt
    nextFireAt
    runningExecutions
    scheduleSuspended
    rollout {
      state
      currentWave
      totalWaves
      updatedNodes
      totalNodes
      failedNodes
    }
    lastRollout {
      state
      currentWave
      totalWaves
      updatedNodes
      totalNodes
      failedNodes
    }
    latestRun {
      id
      state
      createdAt
      finishedAt
    }
  }
}
    `, {"fragmentName":"TuiJobRow"}) as unknown as TypedDocumentString<TuiJobRowFragment, unknown>;
export const TuiNodeRowFragmentDoc = new TypedDocumentString(`
    fragment TuiNodeRow on Node {
  id
  hostname
  labels
  state
  capacity
  runningExecutions
  cpuCores
  memoryBytes
  cpuFree
  memoryFree
  lastHeartbeatAt
  revision
}
    `, {"fragmentName":"TuiNodeRow"}) as unknown as TypedDocumentString<TuiNodeRowFragment, unknown>;
export const TuiRunRowFragmentDoc = new TypedDocumentString(`
    fragment TuiRunRow on Run {
  id
  state
  trigger
  scheduledAt
  createdAt
  startedAt
  finishedAt
  exitCode
  error
  message
  jobVersion
  retryOfRunId
}
    `, {"fragmentName":"TuiRunRow"}) as unknown as TypedDocumentString<TuiRunRowFragment, unknown>;
export const AgentRegisterDocument = new TypedDocumentString(`
    mutation AgentRegister($input: RegisterNodeInput!) {
  registerNode(input: $input) {
    token
    node {
      id
      state
    }
  }
}
    `) as unknown as TypedDocumentString<AgentRegisterMutation, AgentRegisterMutationVariables>;
export const AgentHeartbeatDocument = new TypedDocumentString(`
    mutation AgentHeartbeat($nodeId: ID!, $cpuCores: Float, $memoryBytes: Float) {
  heartbeat(nodeId: $nodeId, cpuCores: $cpuCores, memoryBytes: $memoryBytes) {
    serverTime
    node {
      state
    }
  }
}
    `) as unknown as TypedDocumentString<AgentHeartbeatMutation, AgentHeartbeatMutationVariables>;
export const AgentReportStatesDocument = new TypedDocumentString(`
    mutation AgentReportStates($nodeId: ID!, $reports: [ExecutionReportInput!]!) {
  reportExecutionStates(nodeId: $nodeId, reports: $reports) {
    executionId
    applied
    desiredState
  }
}
    `) as unknown as TypedDocumentString<AgentReportStatesMutation, AgentReportStatesMutationVariables>;
export const AgentReportLogsDocument = new TypedDocumentString(`
    mutation AgentReportLogs($nodeId: ID!, $batches: [LogBatchInput!]!) {
  reportLogs(nodeId: $nodeId, batches: $batches)
}
    `) as unknown as TypedDocumentString<AgentReportLogsMutation, AgentReportLogsMutationVariables>;
export const AgentReportMetricsDocument = new TypedDocumentString(`
    mutation AgentReportMetrics($nodeId: ID!, $samples: [MetricSampleInput!]!) {
  reportMetrics(nodeId: $nodeId, samples: $samples)
}
    `) as unknown as TypedDocumentString<AgentReportMetricsMutation, AgentReportMetricsMutationVariables>;
export const AgentAssignmentsDocument = new TypedDocumentString(`
    subscription AgentAssignments($nodeId: ID!) {
  assignments(nodeId: $nodeId) {
    seq
    full
    assignments {
      executionId
      jobId
      namespace
      jobName
      jobType
      jobVersion
      runId
      attempt
      desiredState
      computeState
      reportCounter
      spec {
        image
        command
        args
        env
        workingDir
        config
        timeouts {
          executionTimeout
        }
        deployment {
          healthCheck {
            probe {
              command
              interval
            }
          }
        }
      }
      runValues {
        meta
        payload
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AgentAssignmentsSubscription, AgentAssignmentsSubscriptionVariables>;
export const TuiDescribeJobDocument = new TypedDocumentString(`
    query TuiDescribeJob($id: ID!) {
  job(id: $id) {
    id
    spec {
      name
      namespace
      type
      description
      labels
      meta
      priority
      config
      selector {
        matchLabels
        matchIds
        matchExpressions
      }
      deployment {
        strategy
        maxParallel
        maxParallelPercent
        canaryCount
        canaryPercent
        autoPromote
        maxFailedNodes
        maxFailedNodesPercent
        noAutoRollback
        healthCheck {
          deadline
          minHealthyTime
          maxErrorRate
          probe {
            command
            interval
          }
        }
      }
      timeouts {
        executionTimeout
        queueTimeout
        totalTimeout
      }
      restartPolicy {
        policy
        maxRetries
        backoff
        maxBackoff
        retryExitCodes
      }
      schedule
      timeZone
      overlapPolicy
      catchUp
      image
      command
      args
      env
      workingDir
      tags
    }
    status {
      state {
        stateType
        message
      }
      version
      revision
      createdAt
      updatedAt
      nextFireAt
      runningExecutions
      runCounts {
        total
        running
        failed
        succeeded
      }
      rollout {
        type
        state
        strategy
        fromVersion
        toVersion
        currentWave
        totalWaves
        totalNodes
        updatedNodes
        failedNodes
        canaryNodes
        canaryPromoted
        rollbackToVersion
        message
      }
    }
  }
  executions(jobId: $id, first: 1) {
    seq
  }
}
    `) as unknown as TypedDocumentString<TuiDescribeJobQuery, TuiDescribeJobQueryVariables>;
export const TuiDescribeJobEventsDocument = new TypedDocumentString(`
    subscription TuiDescribeJobEvents($jobId: ID!, $after: Seq) {
  jobEvents(jobId: $jobId, after: $after) {
    seq
  }
}
    `) as unknown as TypedDocumentString<TuiDescribeJobEventsSubscription, TuiDescribeJobEventsSubscriptionVariables>;
export const TuiEventsJobDocument = new TypedDocumentString(`
    subscription TuiEventsJob($jobId: ID!, $after: Seq) {
  jobEvents(jobId: $jobId, after: $after) {
    seq
    type
    at
    state
    version
    job {
      status {
        state {
          message
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TuiEventsJobSubscription, TuiEventsJobSubscriptionVariables>;
export const TuiEventsExecutionDocument = new TypedDocumentString(`
    subscription TuiEventsExecution($jobId: ID!, $after: Seq) {
  executionEvents(jobId: $jobId, after: $after) {
    seq
    type
    at
    execution {
      id
      nodeId
      attempt
      exitCode
      computeState {
        stateType
        message
      }
      desiredState {
        stateType
        message
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TuiEventsExecutionSubscription, TuiEventsExecutionSubscriptionVariables>;
export const TuiEventsRolloutDocument = new TypedDocumentString(`
    subscription TuiEventsRollout($jobId: ID!, $after: Seq) {
  rolloutEvents(jobId: $jobId, after: $after) {
    seq
    type
    at
    rollout {
      type
      state
      fromVersion
      toVersion
      currentWave
      totalWaves
      message
    }
  }
}
    `) as unknown as TypedDocumentString<TuiEventsRolloutSubscription, TuiEventsRolloutSubscriptionVariables>;
export const TuiExecutionDetailDocument = new TypedDocumentString(`
    query TuiExecutionDetail($id: ID!, $jobId: ID!) {
  execution(id: $id) {
    id
    jobId
    nodeId
    runId
    jobVersion
    attempt
    exitCode
    previousExecutionId
    nextExecutionId
    startedAt
    finishedAt
    stableAt
    createdAt
    details
    computeState {
      stateType
      message
      details
    }
    desiredState {
      stateType
      message
    }
  }
  logs(executionId: $id, limit: 12, order: DESC) {
    lineNo
    at
    stream
    text
  }
  executions(jobId: $jobId, first: 1) {
    seq
  }
}
    `) as unknown as TypedDocumentString<TuiExecutionDetailQuery, TuiExecutionDetailQueryVariables>;
export const TuiExecutionDetailEventsDocument = new TypedDocumentString(`
    subscription TuiExecutionDetailEvents($jobId: ID!, $after: Seq) {
  executionEvents(jobId: $jobId, after: $after) {
    seq
  }
}
    `) as unknown as TypedDocumentString<TuiExecutionDetailEventsSubscription, TuiExecutionDetailEventsSubscriptionVariables>;
export const TuiPickExecutionsDocument = new TypedDocumentString(`
    query TuiPickExecutions($jobId: ID, $runId: ID) {
  executions(jobId: $jobId, runId: $runId, last: 100) {
    edges {
      node {
        id
        jobId
        nodeId
        jobVersion
        attempt
        exitCode
        startedAt
        finishedAt
        createdAt
        computeState {
          stateType
          message
        }
        desiredState {
          stateType
          message
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TuiPickExecutionsQuery, TuiPickExecutionsQueryVariables>;
export const TuiExecutionStateDocument = new TypedDocumentString(`
    query TuiExecutionState($id: ID!) {
  execution(id: $id) {
    id
    computeState {
      stateType
    }
    exitCode
  }
}
    `) as unknown as TypedDocumentString<TuiExecutionStateQuery, TuiExecutionStateQueryVariables>;
export const TuiJobDetailDocument = new TypedDocumentString(`
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
      selector {
        matchLabels
        matchIds
        matchExpressions
      }
      deployment {
        strategy
        maxParallel
        maxParallelPercent
        canaryCount
        canaryPercent
        autoPromote
        maxFailedNodes
        maxFailedNodesPercent
        healthCheck {
          deadline
          minHealthyTime
        }
      }
    }
    status {
      state {
        stateType
        message
      }
      version
      nextFireAt
      scheduleSuspended
      runCounts {
        total
        running
        failed
        succeeded
      }
      rollout {
        type
        state
        strategy
        fromVersion
        toVersion
        currentWave
        totalWaves
        totalNodes
        updatedNodes
        failedNodes
        canaryNodes
        canaryPromoted
        rollbackToVersion
        message
      }
      lastRollout {
        type
        state
        strategy
        fromVersion
        toVersion
        currentWave
        totalWaves
        totalNodes
        updatedNodes
        failedNodes
        canaryNodes
        canaryPromoted
        rollbackToVersion
        message
      }
    }
    versions {
      version
      sourceVersion
      createdAt
    }
  }
  executions(jobId: $id, first: 100) {
    seq
    edges {
      node {
        id
        nodeId
        jobVersion
        attempt
        exitCode
        startedAt
        stableAt
        finishedAt
        createdAt
        computeState {
          stateType
          message
        }
        desiredState {
          stateType
          message
        }
      }
    }
  }
  runs(jobId: $id, first: 5) {
    totalCount
    edges {
      node {
        id
        state
        trigger
        createdAt
        finishedAt
        exitCode
      }
    }
  }
  evaluations(jobId: $id, last: 5) {
    edges {
      node {
        id
        status
        statusMessage
        placement
        createdAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TuiJobDetailQuery, TuiJobDetailQueryVariables>;
export const TuiJobDetailEventsDocument = new TypedDocumentString(`
    subscription TuiJobDetailEvents($jobId: ID!, $after: Seq) {
  jobEvents(jobId: $jobId, after: $after) {
    seq
  }
}
    `) as unknown as TypedDocumentString<TuiJobDetailEventsSubscription, TuiJobDetailEventsSubscriptionVariables>;
export const TuiJobDetailRolloutEventsDocument = new TypedDocumentString(`
    subscription TuiJobDetailRolloutEvents($jobId: ID!, $after: Seq) {
  rolloutEvents(jobId: $jobId, after: $after) {
    seq
  }
}
    `) as unknown as TypedDocumentString<TuiJobDetailRolloutEventsSubscription, TuiJobDetailRolloutEventsSubscriptionVariables>;
export const TuiJobDetailExecutionEventsDocument = new TypedDocumentString(`
    subscription TuiJobDetailExecutionEvents($jobId: ID!, $after: Seq) {
  executionEvents(jobId: $jobId, after: $after) {
    seq
  }
}
    `) as unknown as TypedDocumentString<TuiJobDetailExecutionEventsSubscription, TuiJobDetailExecutionEventsSubscriptionVariables>;
export const TuiJobDetailRunEventsDocument = new TypedDocumentString(`
    subscription TuiJobDetailRunEvents($jobId: ID!, $after: Seq) {
  runEvents(jobId: $jobId, after: $after) {
    seq
  }
}
    `) as unknown as TypedDocumentString<TuiJobDetailRunEventsSubscription, TuiJobDetailRunEventsSubscriptionVariables>;
export const TuiPromoteDocument = new TypedDocumentString(`
    mutation TuiPromote($jobId: ID!) {
  promoteRollout(jobId: $jobId) {
    state
    message
  }
}
    `) as unknown as TypedDocumentString<TuiPromoteMutation, TuiPromoteMutationVariables>;
export const TuiPauseDocument = new TypedDocumentString(`
    mutation TuiPause($jobId: ID!) {
  pauseRollout(jobId: $jobId) {
    state
    message
  }
}
    `) as unknown as TypedDocumentString<TuiPauseMutation, TuiPauseMutationVariables>;
export const TuiResumeDocument = new TypedDocumentString(`
    mutation TuiResume($jobId: ID!) {
  resumeRollout(jobId: $jobId) {
    state
    message
  }
}
    `) as unknown as TypedDocumentString<TuiResumeMutation, TuiResumeMutationVariables>;
export const TuiRollbackDocument = new TypedDocumentString(`
    mutation TuiRollback($jobId: ID!, $toVersion: Int) {
  rollbackJob(jobId: $jobId, toVersion: $toVersion) {
    status {
      version
    }
  }
}
    `) as unknown as TypedDocumentString<TuiRollbackMutation, TuiRollbackMutationVariables>;
export const TuiSuspendScheduleDocument = new TypedDocumentString(`
    mutation TuiSuspendSchedule($jobId: ID!) {
  suspendSchedule(jobId: $jobId) {
    status {
      scheduleSuspended
      nextFireAt
    }
  }
}
    `) as unknown as TypedDocumentString<TuiSuspendScheduleMutation, TuiSuspendScheduleMutationVariables>;
export const TuiResumeScheduleDocument = new TypedDocumentString(`
    mutation TuiResumeSchedule($jobId: ID!) {
  resumeSchedule(jobId: $jobId) {
    status {
      scheduleSuspended
      nextFireAt
    }
  }
}
    `) as unknown as TypedDocumentString<TuiResumeScheduleMutation, TuiResumeScheduleMutationVariables>;
export const TuiRestartDocument = new TypedDocumentString(`
    mutation TuiRestart($jobId: ID!) {
  restartJob(jobId: $jobId) {
    status {
      version
      rollout {
        type
        state
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TuiRestartMutation, TuiRestartMutationVariables>;
export const TuiJobsDocument = new TypedDocumentString(`
    query TuiJobs($namespace: String, $workspace: String, $after: String) {
  jobs(namespace: $namespace, workspace: $workspace, first: 100, after: $after) {
    seq
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...TuiJobRow
      }
    }
  }
}
    fragment TuiJobRow on Job {
  id
  name
  namespace
  type
  spec {
    schedule
  }
  status {
    state {
      stateType
      message
    }
    version
    updatedAt
    nextFireAt
    runningExecutions
    scheduleSuspended
    rollout {
      state
      currentWave
      totalWaves
      updatedNodes
      totalNodes
      failedNodes
    }
    lastRollout {
      state
      currentWave
      totalWaves
      updatedNodes
      totalNodes
      failedNodes
    }
    latestRun {
      id
      state
      createdAt
      finishedAt
    }
  }
}`) as unknown as TypedDocumentString<TuiJobsQuery, TuiJobsQueryVariables>;
export const TuiJobRowByIdDocument = new TypedDocumentString(`
    query TuiJobRowById($id: ID!) {
  job(id: $id) {
    ...TuiJobRow
  }
}
    fragment TuiJobRow on Job {
  id
  name
  namespace
  type
  spec {
    schedule
  }
  status {
    state {
      stateType
      message
    }
    version
    updatedAt
    nextFireAt
    runningExecutions
    scheduleSuspended
    rollout {
      state
      currentWave
      totalWaves
      updatedNodes
      totalNodes
      failedNodes
    }
    lastRollout {
      state
      currentWave
      totalWaves
      updatedNodes
      totalNodes
      failedNodes
    }
    latestRun {
      id
      state
      createdAt
      finishedAt
    }
  }
}`) as unknown as TypedDocumentString<TuiJobRowByIdQuery, TuiJobRowByIdQueryVariables>;
export const TuiJobEventsDocument = new TypedDocumentString(`
    subscription TuiJobEvents($namespace: String, $workspace: String, $after: Seq) {
  jobEvents(namespace: $namespace, workspace: $workspace, after: $after) {
    seq
    type
    jobId
    job {
      ...TuiJobRow
    }
  }
}
    fragment TuiJobRow on Job {
  id
  name
  namespace
  type
  spec {
    schedule
  }
  status {
    state {
      stateType
      message
    }
    version
    updatedAt
    nextFireAt
    runningExecutions
    scheduleSuspended
    rollout {
      state
      currentWave
      totalWaves
      updatedNodes
      totalNodes
      failedNodes
    }
    lastRollout {
      state
      currentWave
      totalWaves
      updatedNodes
      totalNodes
      failedNodes
    }
    latestRun {
      id
      state
      createdAt
      finishedAt
    }
  }
}`) as unknown as TypedDocumentString<TuiJobEventsSubscription, TuiJobEventsSubscriptionVariables>;
export const TuiJobsRunEventsDocument = new TypedDocumentString(`
    subscription TuiJobsRunEvents($namespace: String, $workspace: String, $after: Seq) {
  runEvents(namespace: $namespace, workspace: $workspace, after: $after) {
    seq
    run {
      jobId
    }
  }
}
    `) as unknown as TypedDocumentString<TuiJobsRunEventsSubscription, TuiJobsRunEventsSubscriptionVariables>;
export const TuiJobsExecutionEventsDocument = new TypedDocumentString(`
    subscription TuiJobsExecutionEvents($namespace: String, $workspace: String, $after: Seq) {
  executionEvents(namespace: $namespace, workspace: $workspace, after: $after) {
    seq
    execution {
      jobId
    }
  }
}
    `) as unknown as TypedDocumentString<TuiJobsExecutionEventsSubscription, TuiJobsExecutionEventsSubscriptionVariables>;
export const TuiTriggerRunDocument = new TypedDocumentString(`
    mutation TuiTriggerRun($jobId: ID!) {
  triggerRun(jobId: $jobId) {
    run {
      id
      state
    }
    created
  }
}
    `) as unknown as TypedDocumentString<TuiTriggerRunMutation, TuiTriggerRunMutationVariables>;
export const TuiStopJobDocument = new TypedDocumentString(`
    mutation TuiStopJob($id: ID!) {
  stopJob(id: $id) {
    job {
      id
      status {
        state {
          stateType
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TuiStopJobMutation, TuiStopJobMutationVariables>;
export const TuiDeleteJobDocument = new TypedDocumentString(`
    mutation TuiDeleteJob($id: ID!) {
  deleteJob(id: $id) {
    jobId
  }
}
    `) as unknown as TypedDocumentString<TuiDeleteJobMutation, TuiDeleteJobMutationVariables>;
export const TuiLogLinesDocument = new TypedDocumentString(`
    subscription TuiLogLines($executionId: ID, $runId: ID, $jobId: ID, $afterLineNo: Int, $since: String) {
  logLines(
    executionId: $executionId
    runId: $runId
    jobId: $jobId
    afterLineNo: $afterLineNo
    since: $since
  ) {
    lines {
      executionId
      lineNo
      nodeId
      stream
      at
      text
    }
  }
}
    `) as unknown as TypedDocumentString<TuiLogLinesSubscription, TuiLogLinesSubscriptionVariables>;
export const TuiMetricsDocument = new TypedDocumentString(`
    query TuiMetrics($jobId: ID, $runId: ID, $since: String, $step: String) {
  metrics(
    jobId: $jobId
    runId: $runId
    names: ["cpu_usage", "memory_usage"]
    since: $since
    step: $step
  ) {
    name
    status
    error
    unit
    points {
      at
      value
    }
  }
  executions(jobId: $jobId, runId: $runId, state: RUNNING, first: 1) {
    totalCount
  }
}
    `) as unknown as TypedDocumentString<TuiMetricsQuery, TuiMetricsQueryVariables>;
export const TuiNodeDetailDocument = new TypedDocumentString(`
    query TuiNodeDetail($id: ID!) {
  node(id: $id) {
    ...TuiNodeRow
    agentVersion
    registeredAt
  }
  executions(nodeId: $id, last: 100) {
    seq
    edges {
      node {
        id
        jobId
        jobVersion
        attempt
        exitCode
        startedAt
        finishedAt
        createdAt
        computeState {
          stateType
          message
        }
        desiredState {
          stateType
          message
        }
        jobSpec {
          name
          namespace
        }
      }
    }
  }
}
    fragment TuiNodeRow on Node {
  id
  hostname
  labels
  state
  capacity
  runningExecutions
  cpuCores
  memoryBytes
  cpuFree
  memoryFree
  lastHeartbeatAt
  revision
}`) as unknown as TypedDocumentString<TuiNodeDetailQuery, TuiNodeDetailQueryVariables>;
export const TuiNodeDetailExecutionEventsDocument = new TypedDocumentString(`
    subscription TuiNodeDetailExecutionEvents($nodeId: ID!, $after: Seq) {
  executionEvents(nodeId: $nodeId, after: $after) {
    seq
  }
}
    `) as unknown as TypedDocumentString<TuiNodeDetailExecutionEventsSubscription, TuiNodeDetailExecutionEventsSubscriptionVariables>;
export const TuiNodeDetailEventsDocument = new TypedDocumentString(`
    subscription TuiNodeDetailEvents($nodeId: ID!, $after: Seq) {
  nodeEvents(nodeId: $nodeId, after: $after) {
    seq
  }
}
    `) as unknown as TypedDocumentString<TuiNodeDetailEventsSubscription, TuiNodeDetailEventsSubscriptionVariables>;
export const TuiNodesDocument = new TypedDocumentString(`
    query TuiNodes($after: String) {
  nodes(first: 100, after: $after) {
    seq
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...TuiNodeRow
      }
    }
  }
}
    fragment TuiNodeRow on Node {
  id
  hostname
  labels
  state
  capacity
  runningExecutions
  cpuCores
  memoryBytes
  cpuFree
  memoryFree
  lastHeartbeatAt
  revision
}`) as unknown as TypedDocumentString<TuiNodesQuery, TuiNodesQueryVariables>;
export const TuiNodeByIdDocument = new TypedDocumentString(`
    query TuiNodeById($id: ID!) {
  node(id: $id) {
    ...TuiNodeRow
  }
}
    fragment TuiNodeRow on Node {
  id
  hostname
  labels
  state
  capacity
  runningExecutions
  cpuCores
  memoryBytes
  cpuFree
  memoryFree
  lastHeartbeatAt
  revision
}`) as unknown as TypedDocumentString<TuiNodeByIdQuery, TuiNodeByIdQueryVariables>;
export const TuiNodeEventsDocument = new TypedDocumentString(`
    subscription TuiNodeEvents($after: Seq) {
  nodeEvents(after: $after) {
    seq
    type
    node {
      ...TuiNodeRow
    }
  }
}
    fragment TuiNodeRow on Node {
  id
  hostname
  labels
  state
  capacity
  runningExecutions
  cpuCores
  memoryBytes
  cpuFree
  memoryFree
  lastHeartbeatAt
  revision
}`) as unknown as TypedDocumentString<TuiNodeEventsSubscription, TuiNodeEventsSubscriptionVariables>;
export const TuiNodesExecutionEventsDocument = new TypedDocumentString(`
    subscription TuiNodesExecutionEvents($after: Seq) {
  executionEvents(after: $after) {
    seq
    execution {
      nodeId
    }
  }
}
    `) as unknown as TypedDocumentString<TuiNodesExecutionEventsSubscription, TuiNodesExecutionEventsSubscriptionVariables>;
export const TuiDrainNodeDocument = new TypedDocumentString(`
    mutation TuiDrainNode($id: ID!, $drain: Boolean!) {
  drainNode(id: $id, drain: $drain) {
    node {
      ...TuiNodeRow
    }
  }
}
    fragment TuiNodeRow on Node {
  id
  hostname
  labels
  state
  capacity
  runningExecutions
  cpuCores
  memoryBytes
  cpuFree
  memoryFree
  lastHeartbeatAt
  revision
}`) as unknown as TypedDocumentString<TuiDrainNodeMutation, TuiDrainNodeMutationVariables>;
export const TuiSetNodeLabelsDocument = new TypedDocumentString(`
    mutation TuiSetNodeLabels($id: ID!, $labels: StringMap!, $rev: Int) {
  setNodeLabels(id: $id, labels: $labels, expectedRevision: $rev) {
    node {
      ...TuiNodeRow
    }
  }
}
    fragment TuiNodeRow on Node {
  id
  hostname
  labels
  state
  capacity
  runningExecutions
  cpuCores
  memoryBytes
  cpuFree
  memoryFree
  lastHeartbeatAt
  revision
}`) as unknown as TypedDocumentString<TuiSetNodeLabelsMutation, TuiSetNodeLabelsMutationVariables>;
export const TuiRunsDocument = new TypedDocumentString(`
    query TuiRuns($jobId: ID!) {
  runs(jobId: $jobId, first: 100) {
    seq
    totalCount
    statusCounts {
      state
      count
    }
    edges {
      node {
        ...TuiRunRow
      }
    }
  }
}
    fragment TuiRunRow on Run {
  id
  state
  trigger
  scheduledAt
  createdAt
  startedAt
  finishedAt
  exitCode
  error
  message
  jobVersion
  retryOfRunId
}`) as unknown as TypedDocumentString<TuiRunsQuery, TuiRunsQueryVariables>;
export const TuiRunsEventsDocument = new TypedDocumentString(`
    subscription TuiRunsEvents($jobId: ID!, $after: Seq) {
  runEvents(jobId: $jobId, after: $after) {
    seq
  }
}
    `) as unknown as TypedDocumentString<TuiRunsEventsSubscription, TuiRunsEventsSubscriptionVariables>;
export const TuiRunDetailDocument = new TypedDocumentString(`
    query TuiRunDetail($id: ID!) {
  run(id: $id) {
    ...TuiRunRow
    jobId
    responses {
      nodeId
      hostname
      status
      changed
      error
      data
    }
    timeline {
      timestamp
      event
      hostname
      nodeId
      message
      error
    }
  }
  executions(runId: $id, first: 1) {
    seq
  }
}
    fragment TuiRunRow on Run {
  id
  state
  trigger
  scheduledAt
  createdAt
  startedAt
  finishedAt
  exitCode
  error
  message
  jobVersion
  retryOfRunId
}`) as unknown as TypedDocumentString<TuiRunDetailQuery, TuiRunDetailQueryVariables>;
export const TuiRunDetailEventsDocument = new TypedDocumentString(`
    subscription TuiRunDetailEvents($runId: ID!, $after: Seq) {
  runEvents(runId: $runId, after: $after) {
    seq
  }
}
    `) as unknown as TypedDocumentString<TuiRunDetailEventsSubscription, TuiRunDetailEventsSubscriptionVariables>;
export const TuiCancelRunDocument = new TypedDocumentString(`
    mutation TuiCancelRun($id: ID!) {
  cancelRun(id: $id) {
    id
    state
  }
}
    `) as unknown as TypedDocumentString<TuiCancelRunMutation, TuiCancelRunMutationVariables>;
export const TuiRetryRunDocument = new TypedDocumentString(`
    mutation TuiRetryRun($id: ID!) {
  retryRun(id: $id) {
    id
    state
  }
}
    `) as unknown as TypedDocumentString<TuiRetryRunMutation, TuiRetryRunMutationVariables>;
export const TuiVersionsDocument = new TypedDocumentString(`
    query TuiVersions($jobId: ID!) {
  job(id: $jobId) {
    status {
      version
    }
  }
  jobVersions(jobId: $jobId) {
    version
    sourceVersion
    createdAt
    spec {
      command
      image
    }
  }
  executions(jobId: $jobId, first: 1) {
    seq
  }
}
    `) as unknown as TypedDocumentString<TuiVersionsQuery, TuiVersionsQueryVariables>;
export const TuiVersionsEventsDocument = new TypedDocumentString(`
    subscription TuiVersionsEvents($jobId: ID!, $after: Seq) {
  jobEvents(jobId: $jobId, after: $after) {
    seq
  }
}
    `) as unknown as TypedDocumentString<TuiVersionsEventsSubscription, TuiVersionsEventsSubscriptionVariables>;