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
    "\n  mutation AgentHeartbeat($nodeId: ID!, $cpuCores: Float, $memoryBytes: Float) {\n    heartbeat(nodeId: $nodeId, cpuCores: $cpuCores, memoryBytes: $memoryBytes) { serverTime node { state } }\n  }\n": typeof types.AgentHeartbeatDocument,
    "\n  mutation AgentReportStates($nodeId: ID!, $reports: [ExecutionReportInput!]!) {\n    reportExecutionStates(nodeId: $nodeId, reports: $reports) { executionId applied desiredState }\n  }\n": typeof types.AgentReportStatesDocument,
    "\n  mutation AgentReportLogs($nodeId: ID!, $batches: [LogBatchInput!]!) {\n    reportLogs(nodeId: $nodeId, batches: $batches)\n  }\n": typeof types.AgentReportLogsDocument,
    "\n  mutation AgentReportMetrics($nodeId: ID!, $samples: [MetricSampleInput!]!) {\n    reportMetrics(nodeId: $nodeId, samples: $samples)\n  }\n": typeof types.AgentReportMetricsDocument,
    "\n  subscription AgentAssignments($nodeId: ID!) {\n    assignments(nodeId: $nodeId) {\n      seq\n      full\n      assignments {\n        executionId jobId namespace jobName jobType jobVersion runId attempt desiredState computeState reportCounter\n        spec { image command args env workingDir config timeouts { executionTimeout } deployment { healthCheck { probe { command interval } } } }\n        runValues { meta payload }\n      }\n    }\n  }\n": typeof types.AgentAssignmentsDocument,
    "\n  query TuiDescribeJob($id: ID!) {\n    job(id: $id) {\n      id\n      spec {\n        name namespace type description labels meta priority config\n        selector { matchLabels matchIds matchExpressions }\n        deployment {\n          strategy maxParallel maxParallelPercent canaryCount canaryPercent autoPromote maxFailedNodes maxFailedNodesPercent noAutoRollback\n          healthCheck { deadline minHealthyTime maxErrorRate probe { command interval } }\n        }\n        timeouts { executionTimeout queueTimeout totalTimeout }\n        restartPolicy { policy maxRetries backoff maxBackoff retryExitCodes }\n        schedule timeZone overlapPolicy catchUp image command args env workingDir tags\n      }\n      status {\n        state { stateType message }\n        version revision createdAt updatedAt nextFireAt runningExecutions\n        runCounts { total running failed succeeded }\n        rollout { type state strategy fromVersion toVersion currentWave totalWaves totalNodes updatedNodes failedNodes canaryNodes canaryPromoted rollbackToVersion message }\n      }\n    }\n    executions(jobId: $id, first: 1) { seq }\n  }\n": typeof types.TuiDescribeJobDocument,
    "\n  subscription TuiDescribeJobEvents($jobId: ID!, $after: Seq) {\n    jobEvents(jobId: $jobId, after: $after) { seq }\n  }\n": typeof types.TuiDescribeJobEventsDocument,
    "\n  subscription TuiEventsJob($jobId: ID!, $after: Seq) {\n    jobEvents(jobId: $jobId, after: $after) { seq type at state version job { status { state { message } } } }\n  }\n": typeof types.TuiEventsJobDocument,
    "\n  subscription TuiEventsExecution($jobId: ID!, $after: Seq) {\n    executionEvents(jobId: $jobId, after: $after) {\n      seq type at\n      execution { id nodeId attempt exitCode computeState { stateType message } desiredState { stateType message } }\n    }\n  }\n": typeof types.TuiEventsExecutionDocument,
    "\n  subscription TuiEventsRollout($jobId: ID!, $after: Seq) {\n    rolloutEvents(jobId: $jobId, after: $after) { seq type at rollout { type state fromVersion toVersion currentWave totalWaves message } }\n  }\n": typeof types.TuiEventsRolloutDocument,
    "\n  query TuiExecutionDetail($id: ID!, $jobId: ID!) {\n    execution(id: $id) {\n      id jobId nodeId runId jobVersion attempt exitCode previousExecutionId nextExecutionId\n      startedAt finishedAt stableAt createdAt details\n      computeState { stateType message details }\n      desiredState { stateType message }\n    }\n    logs(executionId: $id, limit: 12, order: DESC) { lineNo at stream text }\n    executions(jobId: $jobId, first: 1) { seq }\n  }\n": typeof types.TuiExecutionDetailDocument,
    "\n  subscription TuiExecutionDetailEvents($jobId: ID!, $after: Seq) {\n    executionEvents(jobId: $jobId, after: $after) { seq }\n  }\n": typeof types.TuiExecutionDetailEventsDocument,
    "\n  query TuiPickExecutions($jobId: ID, $runId: ID) {\n    executions(jobId: $jobId, runId: $runId, last: 100) {\n      edges {\n        node {\n          id jobId nodeId jobVersion attempt exitCode startedAt finishedAt createdAt\n          computeState { stateType message }\n          desiredState { stateType message }\n        }\n      }\n    }\n  }\n": typeof types.TuiPickExecutionsDocument,
    "\n  query TuiExecutionState($id: ID!) {\n    execution(id: $id) { id computeState { stateType } exitCode }\n  }\n": typeof types.TuiExecutionStateDocument,
    "\n  query TuiJobDetail($id: ID!) {\n    job(id: $id) {\n      id\n      name\n      namespace\n      type\n      spec {\n        image\n        command\n        args\n        schedule\n        timeZone\n        overlapPolicy\n        selector { matchLabels matchIds matchExpressions }\n        deployment { strategy maxParallel maxParallelPercent canaryCount canaryPercent autoPromote maxFailedNodes maxFailedNodesPercent healthCheck { deadline minHealthyTime } }\n      }\n      status {\n        state { stateType message }\n        version\n        nextFireAt\n        scheduleSuspended\n        runCounts { total running failed succeeded }\n        rollout {\n          type state strategy fromVersion toVersion currentWave totalWaves totalNodes updatedNodes failedNodes\n          canaryNodes canaryPromoted rollbackToVersion message\n        }\n        lastRollout {\n          type state strategy fromVersion toVersion currentWave totalWaves totalNodes updatedNodes failedNodes\n          canaryNodes canaryPromoted rollbackToVersion message\n        }\n      }\n      versions { version sourceVersion createdAt }\n    }\n    executions(jobId: $id, first: 100) {\n      seq\n      edges {\n        node {\n          id nodeId jobVersion attempt exitCode startedAt stableAt finishedAt createdAt\n          computeState { stateType message }\n          desiredState { stateType message }\n        }\n      }\n    }\n    runs(jobId: $id, first: 5) {\n      totalCount\n      edges { node { id state trigger createdAt finishedAt exitCode } }\n    }\n    evaluations(jobId: $id, last: 5) {\n      edges { node { id status statusMessage placement createdAt } }\n    }\n  }\n": typeof types.TuiJobDetailDocument,
    "\n  subscription TuiJobDetailEvents($jobId: ID!, $after: Seq) {\n    jobEvents(jobId: $jobId, after: $after) { seq }\n  }\n": typeof types.TuiJobDetailEventsDocument,
    "\n  subscription TuiJobDetailRolloutEvents($jobId: ID!, $after: Seq) {\n    rolloutEvents(jobId: $jobId, after: $after) { seq }\n  }\n": typeof types.TuiJobDetailRolloutEventsDocument,
    "\n  subscription TuiJobDetailExecutionEvents($jobId: ID!, $after: Seq) {\n    executionEvents(jobId: $jobId, after: $after) { seq }\n  }\n": typeof types.TuiJobDetailExecutionEventsDocument,
    "\n  subscription TuiJobDetailRunEvents($jobId: ID!, $after: Seq) {\n    runEvents(jobId: $jobId, after: $after) { seq }\n  }\n": typeof types.TuiJobDetailRunEventsDocument,
    "\n  mutation TuiPromote($jobId: ID!) { promoteRollout(jobId: $jobId) { state message } }\n": typeof types.TuiPromoteDocument,
    "\n  mutation TuiPause($jobId: ID!) { pauseRollout(jobId: $jobId) { state message } }\n": typeof types.TuiPauseDocument,
    "\n  mutation TuiResume($jobId: ID!) { resumeRollout(jobId: $jobId) { state message } }\n": typeof types.TuiResumeDocument,
    "\n  mutation TuiRollback($jobId: ID!, $toVersion: Int) { rollbackJob(jobId: $jobId, toVersion: $toVersion) { status { version } } }\n": typeof types.TuiRollbackDocument,
    "\n  mutation TuiSuspendSchedule($jobId: ID!) { suspendSchedule(jobId: $jobId) { status { scheduleSuspended nextFireAt } } }\n": typeof types.TuiSuspendScheduleDocument,
    "\n  mutation TuiResumeSchedule($jobId: ID!) { resumeSchedule(jobId: $jobId) { status { scheduleSuspended nextFireAt } } }\n": typeof types.TuiResumeScheduleDocument,
    "\n  mutation TuiRestart($jobId: ID!) { restartJob(jobId: $jobId) { status { version rollout { type state } } } }\n": typeof types.TuiRestartDocument,
    "\n  fragment TuiJobRow on Job {\n    id\n    name\n    namespace\n    type\n    spec { schedule }\n    status {\n      state { stateType message }\n      version\n      updatedAt\n      nextFireAt\n      runningExecutions\n      scheduleSuspended\n      rollout { state currentWave totalWaves updatedNodes totalNodes failedNodes }\n      lastRollout { state currentWave totalWaves updatedNodes totalNodes failedNodes }\n      latestRun { id state createdAt finishedAt }\n    }\n  }\n": typeof types.TuiJobRowFragmentDoc,
    "\n  query TuiJobs($namespace: String, $workspace: String, $after: String) {\n    jobs(namespace: $namespace, workspace: $workspace, first: 100, after: $after) {\n      seq\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...TuiJobRow } }\n    }\n  }\n": typeof types.TuiJobsDocument,
    "\n  query TuiJobRowById($id: ID!) {\n    job(id: $id) { ...TuiJobRow }\n  }\n": typeof types.TuiJobRowByIdDocument,
    "\n  subscription TuiJobEvents($namespace: String, $workspace: String, $after: Seq) {\n    jobEvents(namespace: $namespace, workspace: $workspace, after: $after) { seq type jobId job { ...TuiJobRow } }\n  }\n": typeof types.TuiJobEventsDocument,
    "\n  subscription TuiJobsRunEvents($namespace: String, $workspace: String, $after: Seq) {\n    runEvents(namespace: $namespace, workspace: $workspace, after: $after) { seq run { jobId } }\n  }\n": typeof types.TuiJobsRunEventsDocument,
    "\n  subscription TuiJobsExecutionEvents($namespace: String, $workspace: String, $after: Seq) {\n    executionEvents(namespace: $namespace, workspace: $workspace, after: $after) { seq execution { jobId } }\n  }\n": typeof types.TuiJobsExecutionEventsDocument,
    "\n  mutation TuiTriggerRun($jobId: ID!) {\n    triggerRun(jobId: $jobId) { run { id state } created }\n  }\n": typeof types.TuiTriggerRunDocument,
    "\n  mutation TuiStopJob($id: ID!) {\n    stopJob(id: $id) { job { id status { state { stateType } } } }\n  }\n": typeof types.TuiStopJobDocument,
    "\n  mutation TuiDeleteJob($id: ID!) {\n    deleteJob(id: $id) { jobId }\n  }\n": typeof types.TuiDeleteJobDocument,
    "\n  subscription TuiLogLines($executionId: ID, $runId: ID, $jobId: ID, $afterLineNo: Int, $since: String) {\n    logLines(executionId: $executionId, runId: $runId, jobId: $jobId, afterLineNo: $afterLineNo, since: $since) {\n      lines { executionId lineNo nodeId stream at text }\n    }\n  }\n": typeof types.TuiLogLinesDocument,
    "\n  query TuiMetrics($jobId: ID, $runId: ID, $since: String, $step: String) {\n    metrics(jobId: $jobId, runId: $runId, names: [\"cpu_usage\", \"memory_usage\"], since: $since, step: $step) {\n      name\n      status\n      error\n      unit\n      points { at value }\n    }\n    executions(jobId: $jobId, runId: $runId, state: RUNNING, first: 1) { totalCount }\n  }\n": typeof types.TuiMetricsDocument,
    "\n  query TuiNodeDetail($id: ID!) {\n    node(id: $id) { ...TuiNodeRow agentVersion registeredAt }\n    executions(nodeId: $id, last: 100) {\n      seq\n      edges {\n        node {\n          id jobId jobVersion attempt exitCode startedAt finishedAt createdAt\n          computeState { stateType message }\n          desiredState { stateType message }\n          jobSpec { name namespace }\n        }\n      }\n    }\n  }\n": typeof types.TuiNodeDetailDocument,
    "\n  subscription TuiNodeDetailExecutionEvents($nodeId: ID!, $after: Seq) {\n    executionEvents(nodeId: $nodeId, after: $after) { seq }\n  }\n": typeof types.TuiNodeDetailExecutionEventsDocument,
    "\n  subscription TuiNodeDetailEvents($nodeId: ID!, $after: Seq) {\n    nodeEvents(nodeId: $nodeId, after: $after) { seq }\n  }\n": typeof types.TuiNodeDetailEventsDocument,
    "\n  fragment TuiNodeRow on Node {\n    id\n    hostname\n    labels\n    state\n    capacity\n    runningExecutions\n    cpuCores\n    memoryBytes\n    cpuFree\n    memoryFree\n    lastHeartbeatAt\n    revision\n  }\n": typeof types.TuiNodeRowFragmentDoc,
    "\n  query TuiNodes($after: String) {\n    nodes(first: 100, after: $after) {\n      seq\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...TuiNodeRow } }\n    }\n  }\n": typeof types.TuiNodesDocument,
    "\n  query TuiNodeById($id: ID!) {\n    node(id: $id) { ...TuiNodeRow }\n  }\n": typeof types.TuiNodeByIdDocument,
    "\n  subscription TuiNodeEvents($after: Seq) {\n    nodeEvents(after: $after) { seq type node { ...TuiNodeRow } }\n  }\n": typeof types.TuiNodeEventsDocument,
    "\n  subscription TuiNodesExecutionEvents($after: Seq) {\n    executionEvents(after: $after) { seq execution { nodeId } }\n  }\n": typeof types.TuiNodesExecutionEventsDocument,
    "\n  mutation TuiDrainNode($id: ID!, $drain: Boolean!) {\n    drainNode(id: $id, drain: $drain) { node { ...TuiNodeRow } }\n  }\n": typeof types.TuiDrainNodeDocument,
    "\n  mutation TuiSetNodeLabels($id: ID!, $labels: StringMap!, $rev: Int) {\n    setNodeLabels(id: $id, labels: $labels, expectedRevision: $rev) { node { ...TuiNodeRow } }\n  }\n": typeof types.TuiSetNodeLabelsDocument,
    "\n  fragment TuiRunRow on Run {\n    id state trigger scheduledAt createdAt startedAt finishedAt exitCode error message jobVersion retryOfRunId\n  }\n": typeof types.TuiRunRowFragmentDoc,
    "\n  query TuiRuns($jobId: ID!) {\n    runs(jobId: $jobId, first: 100) {\n      seq\n      totalCount\n      statusCounts { state count }\n      edges { node { ...TuiRunRow } }\n    }\n  }\n": typeof types.TuiRunsDocument,
    "\n  subscription TuiRunsEvents($jobId: ID!, $after: Seq) {\n    runEvents(jobId: $jobId, after: $after) { seq }\n  }\n": typeof types.TuiRunsEventsDocument,
    "\n  query TuiRunDetail($id: ID!) {\n    run(id: $id) {\n      ...TuiRunRow\n      jobId\n      responses { nodeId hostname status changed error data }\n      timeline { timestamp event hostname nodeId message error }\n    }\n    executions(runId: $id, first: 1) { seq }\n  }\n": typeof types.TuiRunDetailDocument,
    "\n  subscription TuiRunDetailEvents($runId: ID!, $after: Seq) {\n    runEvents(runId: $runId, after: $after) { seq }\n  }\n": typeof types.TuiRunDetailEventsDocument,
    "\n  mutation TuiCancelRun($id: ID!) { cancelRun(id: $id) { id state } }\n": typeof types.TuiCancelRunDocument,
    "\n  mutation TuiRetryRun($id: ID!) { retryRun(id: $id) { id state } }\n": typeof types.TuiRetryRunDocument,
    "\n  query TuiVersions($jobId: ID!) {\n    job(id: $jobId) { status { version } }\n    jobVersions(jobId: $jobId) { version sourceVersion createdAt spec { command image } }\n    executions(jobId: $jobId, first: 1) { seq }\n  }\n": typeof types.TuiVersionsDocument,
    "\n  subscription TuiVersionsEvents($jobId: ID!, $after: Seq) {\n    jobEvents(jobId: $jobId, after: $after) { seq }\n  }\n": typeof types.TuiVersionsEventsDocument,
};
const documents: Documents = {
    "\n  mutation AgentRegister($input: RegisterNodeInput!) {\n    registerNode(input: $input) {\n      token\n      node { id state }\n    }\n  }\n": types.AgentRegisterDocument,
    "\n  mutation AgentHeartbeat($nodeId: ID!, $cpuCores: Float, $memoryBytes: Float) {\n    heartbeat(nodeId: $nodeId, cpuCores: $cpuCores, memoryBytes: $memoryBytes) { serverTime node { state } }\n  }\n": types.AgentHeartbeatDocument,
    "\n  mutation AgentReportStates($nodeId: ID!, $reports: [ExecutionReportInput!]!) {\n    reportExecutionStates(nodeId: $nodeId, reports: $reports) { executionId applied desiredState }\n  }\n": types.AgentReportStatesDocument,
    "\n  mutation AgentReportLogs($nodeId: ID!, $batches: [LogBatchInput!]!) {\n    reportLogs(nodeId: $nodeId, batches: $batches)\n  }\n": types.AgentReportLogsDocument,
    "\n  mutation AgentReportMetrics($nodeId: ID!, $samples: [MetricSampleInput!]!) {\n    reportMetrics(nodeId: $nodeId, samples: $samples)\n  }\n": types.AgentReportMetricsDocument,
    "\n  subscription AgentAssignments($nodeId: ID!) {\n    assignments(nodeId: $nodeId) {\n      seq\n      full\n      assignments {\n        executionId jobId namespace jobName jobType jobVersion runId attempt desiredState computeState reportCounter\n        spec { image command args env workingDir config timeouts { executionTimeout } deployment { healthCheck { probe { command interval } } } }\n        runValues { meta payload }\n      }\n    }\n  }\n": types.AgentAssignmentsDocument,
    "\n  query TuiDescribeJob($id: ID!) {\n    job(id: $id) {\n      id\n      spec {\n        name namespace type description labels meta priority config\n        selector { matchLabels matchIds matchExpressions }\n        deployment {\n          strategy maxParallel maxParallelPercent canaryCount canaryPercent autoPromote maxFailedNodes maxFailedNodesPercent noAutoRollback\n          healthCheck { deadline minHealthyTime maxErrorRate probe { command interval } }\n        }\n        timeouts { executionTimeout queueTimeout totalTimeout }\n        restartPolicy { policy maxRetries backoff maxBackoff retryExitCodes }\n        schedule timeZone overlapPolicy catchUp image command args env workingDir tags\n      }\n      status {\n        state { stateType message }\n        version revision createdAt updatedAt nextFireAt runningExecutions\n        runCounts { total running failed succeeded }\n        rollout { type state strategy fromVersion toVersion currentWave totalWaves totalNodes updatedNodes failedNodes canaryNodes canaryPromoted rollbackToVersion message }\n      }\n    }\n    executions(jobId: $id, first: 1) { seq }\n  }\n": types.TuiDescribeJobDocument,
    "\n  subscription TuiDescribeJobEvents($jobId: ID!, $after: Seq) {\n    jobEvents(jobId: $jobId, after: $after) { seq }\n  }\n": types.TuiDescribeJobEventsDocument,
    "\n  subscription TuiEventsJob($jobId: ID!, $after: Seq) {\n    jobEvents(jobId: $jobId, after: $after) { seq type at state version job { status { state { message } } } }\n  }\n": types.TuiEventsJobDocument,
    "\n  subscription TuiEventsExecution($jobId: ID!, $after: Seq) {\n    executionEvents(jobId: $jobId, after: $after) {\n      seq type at\n      execution { id nodeId attempt exitCode computeState { stateType message } desiredState { stateType message } }\n    }\n  }\n": types.TuiEventsExecutionDocument,
    "\n  subscription TuiEventsRollout($jobId: ID!, $after: Seq) {\n    rolloutEvents(jobId: $jobId, after: $after) { seq type at rollout { type state fromVersion toVersion currentWave totalWaves message } }\n  }\n": types.TuiEventsRolloutDocument,
    "\n  query TuiExecutionDetail($id: ID!, $jobId: ID!) {\n    execution(id: $id) {\n      id jobId nodeId runId jobVersion attempt exitCode previousExecutionId nextExecutionId\n      startedAt finishedAt stableAt createdAt details\n      computeState { stateType message details }\n      desiredState { stateType message }\n    }\n    logs(executionId: $id, limit: 12, order: DESC) { lineNo at stream text }\n    executions(jobId: $jobId, first: 1) { seq }\n  }\n": types.TuiExecutionDetailDocument,
    "\n  subscription TuiExecutionDetailEvents($jobId: ID!, $after: Seq) {\n    executionEvents(jobId: $jobId, after: $after) { seq }\n  }\n": types.TuiExecutionDetailEventsDocument,
    "\n  query TuiPickExecutions($jobId: ID, $runId: ID) {\n    executions(jobId: $jobId, runId: $runId, last: 100) {\n      edges {\n        node {\n          id jobId nodeId jobVersion attempt exitCode startedAt finishedAt createdAt\n          computeState { stateType message }\n          desiredState { stateType message }\n        }\n      }\n    }\n  }\n": types.TuiPickExecutionsDocument,
    "\n  query TuiExecutionState($id: ID!) {\n    execution(id: $id) { id computeState { stateType } exitCode }\n  }\n": types.TuiExecutionStateDocument,
    "\n  query TuiJobDetail($id: ID!) {\n    job(id: $id) {\n      id\n      name\n      namespace\n      type\n      spec {\n        image\n        command\n        args\n        schedule\n        timeZone\n        overlapPolicy\n        selector { matchLabels matchIds matchExpressions }\n        deployment { strategy maxParallel maxParallelPercent canaryCount canaryPercent autoPromote maxFailedNodes maxFailedNodesPercent healthCheck { deadline minHealthyTime } }\n      }\n      status {\n        state { stateType message }\n        version\n        nextFireAt\n        scheduleSuspended\n        runCounts { total running failed succeeded }\n        rollout {\n          type state strategy fromVersion toVersion currentWave totalWaves totalNodes updatedNodes failedNodes\n          canaryNodes canaryPromoted rollbackToVersion message\n        }\n        lastRollout {\n          type state strategy fromVersion toVersion currentWave totalWaves totalNodes updatedNodes failedNodes\n          canaryNodes canaryPromoted rollbackToVersion message\n        }\n      }\n      versions { version sourceVersion createdAt }\n    }\n    executions(jobId: $id, first: 100) {\n      seq\n      edges {\n        node {\n          id nodeId jobVersion attempt exitCode startedAt stableAt finishedAt createdAt\n          computeState { stateType message }\n          desiredState { stateType message }\n        }\n      }\n    }\n    runs(jobId: $id, first: 5) {\n      totalCount\n      edges { node { id state trigger createdAt finishedAt exitCode } }\n    }\n    evaluations(jobId: $id, last: 5) {\n      edges { node { id status statusMessage placement createdAt } }\n    }\n  }\n": types.TuiJobDetailDocument,
    "\n  subscription TuiJobDetailEvents($jobId: ID!, $after: Seq) {\n    jobEvents(jobId: $jobId, after: $after) { seq }\n  }\n": types.TuiJobDetailEventsDocument,
    "\n  subscription TuiJobDetailRolloutEvents($jobId: ID!, $after: Seq) {\n    rolloutEvents(jobId: $jobId, after: $after) { seq }\n  }\n": types.TuiJobDetailRolloutEventsDocument,
    "\n  subscription TuiJobDetailExecutionEvents($jobId: ID!, $after: Seq) {\n    executionEvents(jobId: $jobId, after: $after) { seq }\n  }\n": types.TuiJobDetailExecutionEventsDocument,
    "\n  subscription TuiJobDetailRunEvents($jobId: ID!, $after: Seq) {\n    runEvents(jobId: $jobId, after: $after) { seq }\n  }\n": types.TuiJobDetailRunEventsDocument,
    "\n  mutation TuiPromote($jobId: ID!) { promoteRollout(jobId: $jobId) { state message } }\n": types.TuiPromoteDocument,
    "\n  mutation TuiPause($jobId: ID!) { pauseRollout(jobId: $jobId) { state message } }\n": types.TuiPauseDocument,
    "\n  mutation TuiResume($jobId: ID!) { resumeRollout(jobId: $jobId) { state message } }\n": types.TuiResumeDocument,
    "\n  mutation TuiRollback($jobId: ID!, $toVersion: Int) { rollbackJob(jobId: $jobId, toVersion: $toVersion) { status { version } } }\n": types.TuiRollbackDocument,
    "\n  mutation TuiSuspendSchedule($jobId: ID!) { suspendSchedule(jobId: $jobId) { status { scheduleSuspended nextFireAt } } }\n": types.TuiSuspendScheduleDocument,
    "\n  mutation TuiResumeSchedule($jobId: ID!) { resumeSchedule(jobId: $jobId) { status { scheduleSuspended nextFireAt } } }\n": types.TuiResumeScheduleDocument,
    "\n  mutation TuiRestart($jobId: ID!) { restartJob(jobId: $jobId) { status { version rollout { type state } } } }\n": types.TuiRestartDocument,
    "\n  fragment TuiJobRow on Job {\n    id\n    name\n    namespace\n    type\n    spec { schedule }\n    status {\n      state { stateType message }\n      version\n      updatedAt\n      nextFireAt\n      runningExecutions\n      scheduleSuspended\n      rollout { state currentWave totalWaves updatedNodes totalNodes failedNodes }\n      lastRollout { state currentWave totalWaves updatedNodes totalNodes failedNodes }\n      latestRun { id state createdAt finishedAt }\n    }\n  }\n": types.TuiJobRowFragmentDoc,
    "\n  query TuiJobs($namespace: String, $workspace: String, $after: String) {\n    jobs(namespace: $namespace, workspace: $workspace, first: 100, after: $after) {\n      seq\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...TuiJobRow } }\n    }\n  }\n": types.TuiJobsDocument,
    "\n  query TuiJobRowById($id: ID!) {\n    job(id: $id) { ...TuiJobRow }\n  }\n": types.TuiJobRowByIdDocument,
    "\n  subscription TuiJobEvents($namespace: String, $workspace: String, $after: Seq) {\n    jobEvents(namespace: $namespace, workspace: $workspace, after: $after) { seq type jobId job { ...TuiJobRow } }\n  }\n": types.TuiJobEventsDocument,
    "\n  subscription TuiJobsRunEvents($namespace: String, $workspace: String, $after: Seq) {\n    runEvents(namespace: $namespace, workspace: $workspace, after: $after) { seq run { jobId } }\n  }\n": types.TuiJobsRunEventsDocument,
    "\n  subscription TuiJobsExecutionEvents($namespace: String, $workspace: String, $after: Seq) {\n    executionEvents(namespace: $namespace, workspace: $workspace, after: $after) { seq execution { jobId } }\n  }\n": types.TuiJobsExecutionEventsDocument,
    "\n  mutation TuiTriggerRun($jobId: ID!) {\n    triggerRun(jobId: $jobId) { run { id state } created }\n  }\n": types.TuiTriggerRunDocument,
    "\n  mutation TuiStopJob($id: ID!) {\n    stopJob(id: $id) { job { id status { state { stateType } } } }\n  }\n": types.TuiStopJobDocument,
    "\n  mutation TuiDeleteJob($id: ID!) {\n    deleteJob(id: $id) { jobId }\n  }\n": types.TuiDeleteJobDocument,
    "\n  subscription TuiLogLines($executionId: ID, $runId: ID, $jobId: ID, $afterLineNo: Int, $since: String) {\n    logLines(executionId: $executionId, runId: $runId, jobId: $jobId, afterLineNo: $afterLineNo, since: $since) {\n      lines { executionId lineNo nodeId stream at text }\n    }\n  }\n": types.TuiLogLinesDocument,
    "\n  query TuiMetrics($jobId: ID, $runId: ID, $since: String, $step: String) {\n    metrics(jobId: $jobId, runId: $runId, names: [\"cpu_usage\", \"memory_usage\"], since: $since, step: $step) {\n      name\n      status\n      error\n      unit\n      points { at value }\n    }\n    executions(jobId: $jobId, runId: $runId, state: RUNNING, first: 1) { totalCount }\n  }\n": types.TuiMetricsDocument,
    "\n  query TuiNodeDetail($id: ID!) {\n    node(id: $id) { ...TuiNodeRow agentVersion registeredAt }\n    executions(nodeId: $id, last: 100) {\n      seq\n      edges {\n        node {\n          id jobId jobVersion attempt exitCode startedAt finishedAt createdAt\n          computeState { stateType message }\n          desiredState { stateType message }\n          jobSpec { name namespace }\n        }\n      }\n    }\n  }\n": types.TuiNodeDetailDocument,
    "\n  subscription TuiNodeDetailExecutionEvents($nodeId: ID!, $after: Seq) {\n    executionEvents(nodeId: $nodeId, after: $after) { seq }\n  }\n": types.TuiNodeDetailExecutionEventsDocument,
    "\n  subscription TuiNodeDetailEvents($nodeId: ID!, $after: Seq) {\n    nodeEvents(nodeId: $nodeId, after: $after) { seq }\n  }\n": types.TuiNodeDetailEventsDocument,
    "\n  fragment TuiNodeRow on Node {\n    id\n    hostname\n    labels\n    state\n    capacity\n    runningExecutions\n    cpuCores\n    memoryBytes\n    cpuFree\n    memoryFree\n    lastHeartbeatAt\n    revision\n  }\n": types.TuiNodeRowFragmentDoc,
    "\n  query TuiNodes($after: String) {\n    nodes(first: 100, after: $after) {\n      seq\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...TuiNodeRow } }\n    }\n  }\n": types.TuiNodesDocument,
    "\n  query TuiNodeById($id: ID!) {\n    node(id: $id) { ...TuiNodeRow }\n  }\n": types.TuiNodeByIdDocument,
    "\n  subscription TuiNodeEvents($after: Seq) {\n    nodeEvents(after: $after) { seq type node { ...TuiNodeRow } }\n  }\n": types.TuiNodeEventsDocument,
    "\n  subscription TuiNodesExecutionEvents($after: Seq) {\n    executionEvents(after: $after) { seq execution { nodeId } }\n  }\n": types.TuiNodesExecutionEventsDocument,
    "\n  mutation TuiDrainNode($id: ID!, $drain: Boolean!) {\n    drainNode(id: $id, drain: $drain) { node { ...TuiNodeRow } }\n  }\n": types.TuiDrainNodeDocument,
    "\n  mutation TuiSetNodeLabels($id: ID!, $labels: StringMap!, $rev: Int) {\n    setNodeLabels(id: $id, labels: $labels, expectedRevision: $rev) { node { ...TuiNodeRow } }\n  }\n": types.TuiSetNodeLabelsDocument,
    "\n  fragment TuiRunRow on Run {\n    id state trigger scheduledAt createdAt startedAt finishedAt exitCode error message jobVersion retryOfRunId\n  }\n": types.TuiRunRowFragmentDoc,
    "\n  query TuiRuns($jobId: ID!) {\n    runs(jobId: $jobId, first: 100) {\n      seq\n      totalCount\n      statusCounts { state count }\n      edges { node { ...TuiRunRow } }\n    }\n  }\n": types.TuiRunsDocument,
    "\n  subscription TuiRunsEvents($jobId: ID!, $after: Seq) {\n    runEvents(jobId: $jobId, after: $after) { seq }\n  }\n": types.TuiRunsEventsDocument,
    "\n  query TuiRunDetail($id: ID!) {\n    run(id: $id) {\n      ...TuiRunRow\n      jobId\n      responses { nodeId hostname status changed error data }\n      timeline { timestamp event hostname nodeId message error }\n    }\n    executions(runId: $id, first: 1) { seq }\n  }\n": types.TuiRunDetailDocument,
    "\n  subscription TuiRunDetailEvents($runId: ID!, $after: Seq) {\n    runEvents(runId: $runId, after: $after) { seq }\n  }\n": types.TuiRunDetailEventsDocument,
    "\n  mutation TuiCancelRun($id: ID!) { cancelRun(id: $id) { id state } }\n": types.TuiCancelRunDocument,
    "\n  mutation TuiRetryRun($id: ID!) { retryRun(id: $id) { id state } }\n": types.TuiRetryRunDocument,
    "\n  query TuiVersions($jobId: ID!) {\n    job(id: $jobId) { status { version } }\n    jobVersions(jobId: $jobId) { version sourceVersion createdAt spec { command image } }\n    executions(jobId: $jobId, first: 1) { seq }\n  }\n": types.TuiVersionsDocument,
    "\n  subscription TuiVersionsEvents($jobId: ID!, $after: Seq) {\n    jobEvents(jobId: $jobId, after: $after) { seq }\n  }\n": types.TuiVersionsEventsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AgentRegister($input: RegisterNodeInput!) {\n    registerNode(input: $input) {\n      token\n      node { id state }\n    }\n  }\n"): typeof import('./graphql.ts').AgentRegisterDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AgentHeartbeat($nodeId: ID!, $cpuCores: Float, $memoryBytes: Float) {\n    heartbeat(nodeId: $nodeId, cpuCores: $cpuCores, memoryBytes: $memoryBytes) { serverTime node { state } }\n  }\n"): typeof import('./graphql.ts').AgentHeartbeatDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AgentReportStates($nodeId: ID!, $reports: [ExecutionReportInput!]!) {\n    reportExecutionStates(nodeId: $nodeId, reports: $reports) { executionId applied desiredState }\n  }\n"): typeof import('./graphql.ts').AgentReportStatesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AgentReportLogs($nodeId: ID!, $batches: [LogBatchInput!]!) {\n    reportLogs(nodeId: $nodeId, batches: $batches)\n  }\n"): typeof import('./graphql.ts').AgentReportLogsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AgentReportMetrics($nodeId: ID!, $samples: [MetricSampleInput!]!) {\n    reportMetrics(nodeId: $nodeId, samples: $samples)\n  }\n"): typeof import('./graphql.ts').AgentReportMetricsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AgentAssignments($nodeId: ID!) {\n    assignments(nodeId: $nodeId) {\n      seq\n      full\n      assignments {\n        executionId jobId namespace jobName jobType jobVersion runId attempt desiredState computeState reportCounter\n        spec { image command args env workingDir config timeouts { executionTimeout } deployment { healthCheck { probe { command interval } } } }\n        runValues { meta payload }\n      }\n    }\n  }\n"): typeof import('./graphql.ts').AgentAssignmentsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TuiDescribeJob($id: ID!) {\n    job(id: $id) {\n      id\n      spec {\n        name namespace type description labels meta priority config\n        selector { matchLabels matchIds matchExpressions }\n        deployment {\n          strategy maxParallel maxParallelPercent canaryCount canaryPercent autoPromote maxFailedNodes maxFailedNodesPercent noAutoRollback\n          healthCheck { deadline minHealthyTime maxErrorRate probe { command interval } }\n        }\n        timeouts { executionTimeout queueTimeout totalTimeout }\n        restartPolicy { policy maxRetries backoff maxBackoff retryExitCodes }\n        schedule timeZone overlapPolicy catchUp image command args env workingDir tags\n      }\n      status {\n        state { stateType message }\n        version revision createdAt updatedAt nextFireAt runningExecutions\n        runCounts { total running failed succeeded }\n        rollout { type state strategy fromVersion toVersion currentWave totalWaves totalNodes updatedNodes failedNodes canaryNodes canaryPromoted rollbackToVersion message }\n      }\n    }\n    executions(jobId: $id, first: 1) { seq }\n  }\n"): typeof import('./graphql.ts').TuiDescribeJobDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TuiDescribeJobEvents($jobId: ID!, $after: Seq) {\n    jobEvents(jobId: $jobId, after: $after) { seq }\n  }\n"): typeof import('./graphql.ts').TuiDescribeJobEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TuiEventsJob($jobId: ID!, $after: Seq) {\n    jobEvents(jobId: $jobId, after: $after) { seq type at state version job { status { state { message } } } }\n  }\n"): typeof import('./graphql.ts').TuiEventsJobDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TuiEventsExecution($jobId: ID!, $after: Seq) {\n    executionEvents(jobId: $jobId, after: $after) {\n      seq type at\n      execution { id nodeId attempt exitCode computeState { stateType message } desiredState { stateType message } }\n    }\n  }\n"): typeof import('./graphql.ts').TuiEventsExecutionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TuiEventsRollout($jobId: ID!, $after: Seq) {\n    rolloutEvents(jobId: $jobId, after: $after) { seq type at rollout { type state fromVersion toVersion currentWave totalWaves message } }\n  }\n"): typeof import('./graphql.ts').TuiEventsRolloutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TuiExecutionDetail($id: ID!, $jobId: ID!) {\n    execution(id: $id) {\n      id jobId nodeId runId jobVersion attempt exitCode previousExecutionId nextExecutionId\n      startedAt finishedAt stableAt createdAt details\n      computeState { stateType message details }\n      desiredState { stateType message }\n    }\n    logs(executionId: $id, limit: 12, order: DESC) { lineNo at stream text }\n    executions(jobId: $jobId, first: 1) { seq }\n  }\n"): typeof import('./graphql.ts').TuiExecutionDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TuiExecutionDetailEvents($jobId: ID!, $after: Seq) {\n    executionEvents(jobId: $jobId, after: $after) { seq }\n  }\n"): typeof import('./graphql.ts').TuiExecutionDetailEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TuiPickExecutions($jobId: ID, $runId: ID) {\n    executions(jobId: $jobId, runId: $runId, last: 100) {\n      edges {\n        node {\n          id jobId nodeId jobVersion attempt exitCode startedAt finishedAt createdAt\n          computeState { stateType message }\n          desiredState { stateType message }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.ts').TuiPickExecutionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TuiExecutionState($id: ID!) {\n    execution(id: $id) { id computeState { stateType } exitCode }\n  }\n"): typeof import('./graphql.ts').TuiExecutionStateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TuiJobDetail($id: ID!) {\n    job(id: $id) {\n      id\n      name\n      namespace\n      type\n      spec {\n        image\n        command\n        args\n        schedule\n        timeZone\n        overlapPolicy\n        selector { matchLabels matchIds matchExpressions }\n        deployment { strategy maxParallel maxParallelPercent canaryCount canaryPercent autoPromote maxFailedNodes maxFailedNodesPercent healthCheck { deadline minHealthyTime } }\n      }\n      status {\n        state { stateType message }\n        version\n        nextFireAt\n        scheduleSuspended\n        runCounts { total running failed succeeded }\n        rollout {\n          type state strategy fromVersion toVersion currentWave totalWaves totalNodes updatedNodes failedNodes\n          canaryNodes canaryPromoted rollbackToVersion message\n        }\n        lastRollout {\n          type state strategy fromVersion toVersion currentWave totalWaves totalNodes updatedNodes failedNodes\n          canaryNodes canaryPromoted rollbackToVersion message\n        }\n      }\n      versions { version sourceVersion createdAt }\n    }\n    executions(jobId: $id, first: 100) {\n      seq\n      edges {\n        node {\n          id nodeId jobVersion attempt exitCode startedAt stableAt finishedAt createdAt\n          computeState { stateType message }\n          desiredState { stateType message }\n        }\n      }\n    }\n    runs(jobId: $id, first: 5) {\n      totalCount\n      edges { node { id state trigger createdAt finishedAt exitCode } }\n    }\n    evaluations(jobId: $id, last: 5) {\n      edges { node { id status statusMessage placement createdAt } }\n    }\n  }\n"): typeof import('./graphql.ts').TuiJobDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TuiJobDetailEvents($jobId: ID!, $after: Seq) {\n    jobEvents(jobId: $jobId, after: $after) { seq }\n  }\n"): typeof import('./graphql.ts').TuiJobDetailEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TuiJobDetailRolloutEvents($jobId: ID!, $after: Seq) {\n    rolloutEvents(jobId: $jobId, after: $after) { seq }\n  }\n"): typeof import('./graphql.ts').TuiJobDetailRolloutEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TuiJobDetailExecutionEvents($jobId: ID!, $after: Seq) {\n    executionEvents(jobId: $jobId, after: $after) { seq }\n  }\n"): typeof import('./graphql.ts').TuiJobDetailExecutionEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TuiJobDetailRunEvents($jobId: ID!, $after: Seq) {\n    runEvents(jobId: $jobId, after: $after) { seq }\n  }\n"): typeof import('./graphql.ts').TuiJobDetailRunEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TuiPromote($jobId: ID!) { promoteRollout(jobId: $jobId) { state message } }\n"): typeof import('./graphql.ts').TuiPromoteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TuiPause($jobId: ID!) { pauseRollout(jobId: $jobId) { state message } }\n"): typeof import('./graphql.ts').TuiPauseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TuiResume($jobId: ID!) { resumeRollout(jobId: $jobId) { state message } }\n"): typeof import('./graphql.ts').TuiResumeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TuiRollback($jobId: ID!, $toVersion: Int) { rollbackJob(jobId: $jobId, toVersion: $toVersion) { status { version } } }\n"): typeof import('./graphql.ts').TuiRollbackDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TuiSuspendSchedule($jobId: ID!) { suspendSchedule(jobId: $jobId) { status { scheduleSuspended nextFireAt } } }\n"): typeof import('./graphql.ts').TuiSuspendScheduleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TuiResumeSchedule($jobId: ID!) { resumeSchedule(jobId: $jobId) { status { scheduleSuspended nextFireAt } } }\n"): typeof import('./graphql.ts').TuiResumeScheduleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TuiRestart($jobId: ID!) { restartJob(jobId: $jobId) { status { version rollout { type state } } } }\n"): typeof import('./graphql.ts').TuiRestartDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TuiJobRow on Job {\n    id\n    name\n    namespace\n    type\n    spec { schedule }\n    status {\n      state { stateType message }\n      version\n      updatedAt\n      nextFireAt\n      runningExecutions\n      scheduleSuspended\n      rollout { state currentWave totalWaves updatedNodes totalNodes failedNodes }\n      lastRollout { state currentWave totalWaves updatedNodes totalNodes failedNodes }\n      latestRun { id state createdAt finishedAt }\n    }\n  }\n"): typeof import('./graphql.ts').TuiJobRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TuiJobs($namespace: String, $workspace: String, $after: String) {\n    jobs(namespace: $namespace, workspace: $workspace, first: 100, after: $after) {\n      seq\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...TuiJobRow } }\n    }\n  }\n"): typeof import('./graphql.ts').TuiJobsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TuiJobRowById($id: ID!) {\n    job(id: $id) { ...TuiJobRow }\n  }\n"): typeof import('./graphql.ts').TuiJobRowByIdDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TuiJobEvents($namespace: String, $workspace: String, $after: Seq) {\n    jobEvents(namespace: $namespace, workspace: $workspace, after: $after) { seq type jobId job { ...TuiJobRow } }\n  }\n"): typeof import('./graphql.ts').TuiJobEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TuiJobsRunEvents($namespace: String, $workspace: String, $after: Seq) {\n    runEvents(namespace: $namespace, workspace: $workspace, after: $after) { seq run { jobId } }\n  }\n"): typeof import('./graphql.ts').TuiJobsRunEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TuiJobsExecutionEvents($namespace: String, $workspace: String, $after: Seq) {\n    executionEvents(namespace: $namespace, workspace: $workspace, after: $after) { seq execution { jobId } }\n  }\n"): typeof import('./graphql.ts').TuiJobsExecutionEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TuiTriggerRun($jobId: ID!) {\n    triggerRun(jobId: $jobId) { run { id state } created }\n  }\n"): typeof import('./graphql.ts').TuiTriggerRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TuiStopJob($id: ID!) {\n    stopJob(id: $id) { job { id status { state { stateType } } } }\n  }\n"): typeof import('./graphql.ts').TuiStopJobDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TuiDeleteJob($id: ID!) {\n    deleteJob(id: $id) { jobId }\n  }\n"): typeof import('./graphql.ts').TuiDeleteJobDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TuiLogLines($executionId: ID, $runId: ID, $jobId: ID, $afterLineNo: Int, $since: String) {\n    logLines(executionId: $executionId, runId: $runId, jobId: $jobId, afterLineNo: $afterLineNo, since: $since) {\n      lines { executionId lineNo nodeId stream at text }\n    }\n  }\n"): typeof import('./graphql.ts').TuiLogLinesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TuiMetrics($jobId: ID, $runId: ID, $since: String, $step: String) {\n    metrics(jobId: $jobId, runId: $runId, names: [\"cpu_usage\", \"memory_usage\"], since: $since, step: $step) {\n      name\n      status\n      error\n      unit\n      points { at value }\n    }\n    executions(jobId: $jobId, runId: $runId, state: RUNNING, first: 1) { totalCount }\n  }\n"): typeof import('./graphql.ts').TuiMetricsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TuiNodeDetail($id: ID!) {\n    node(id: $id) { ...TuiNodeRow agentVersion registeredAt }\n    executions(nodeId: $id, last: 100) {\n      seq\n      edges {\n        node {\n          id jobId jobVersion attempt exitCode startedAt finishedAt createdAt\n          computeState { stateType message }\n          desiredState { stateType message }\n          jobSpec { name namespace }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.ts').TuiNodeDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TuiNodeDetailExecutionEvents($nodeId: ID!, $after: Seq) {\n    executionEvents(nodeId: $nodeId, after: $after) { seq }\n  }\n"): typeof import('./graphql.ts').TuiNodeDetailExecutionEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TuiNodeDetailEvents($nodeId: ID!, $after: Seq) {\n    nodeEvents(nodeId: $nodeId, after: $after) { seq }\n  }\n"): typeof import('./graphql.ts').TuiNodeDetailEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TuiNodeRow on Node {\n    id\n    hostname\n    labels\n    state\n    capacity\n    runningExecutions\n    cpuCores\n    memoryBytes\n    cpuFree\n    memoryFree\n    lastHeartbeatAt\n    revision\n  }\n"): typeof import('./graphql.ts').TuiNodeRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TuiNodes($after: String) {\n    nodes(first: 100, after: $after) {\n      seq\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...TuiNodeRow } }\n    }\n  }\n"): typeof import('./graphql.ts').TuiNodesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TuiNodeById($id: ID!) {\n    node(id: $id) { ...TuiNodeRow }\n  }\n"): typeof import('./graphql.ts').TuiNodeByIdDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TuiNodeEvents($after: Seq) {\n    nodeEvents(after: $after) { seq type node { ...TuiNodeRow } }\n  }\n"): typeof import('./graphql.ts').TuiNodeEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TuiNodesExecutionEvents($after: Seq) {\n    executionEvents(after: $after) { seq execution { nodeId } }\n  }\n"): typeof import('./graphql.ts').TuiNodesExecutionEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TuiDrainNode($id: ID!, $drain: Boolean!) {\n    drainNode(id: $id, drain: $drain) { node { ...TuiNodeRow } }\n  }\n"): typeof import('./graphql.ts').TuiDrainNodeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TuiSetNodeLabels($id: ID!, $labels: StringMap!, $rev: Int) {\n    setNodeLabels(id: $id, labels: $labels, expectedRevision: $rev) { node { ...TuiNodeRow } }\n  }\n"): typeof import('./graphql.ts').TuiSetNodeLabelsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TuiRunRow on Run {\n    id state trigger scheduledAt createdAt startedAt finishedAt exitCode error message jobVersion retryOfRunId\n  }\n"): typeof import('./graphql.ts').TuiRunRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TuiRuns($jobId: ID!) {\n    runs(jobId: $jobId, first: 100) {\n      seq\n      totalCount\n      statusCounts { state count }\n      edges { node { ...TuiRunRow } }\n    }\n  }\n"): typeof import('./graphql.ts').TuiRunsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TuiRunsEvents($jobId: ID!, $after: Seq) {\n    runEvents(jobId: $jobId, after: $after) { seq }\n  }\n"): typeof import('./graphql.ts').TuiRunsEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TuiRunDetail($id: ID!) {\n    run(id: $id) {\n      ...TuiRunRow\n      jobId\n      responses { nodeId hostname status changed error data }\n      timeline { timestamp event hostname nodeId message error }\n    }\n    executions(runId: $id, first: 1) { seq }\n  }\n"): typeof import('./graphql.ts').TuiRunDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TuiRunDetailEvents($runId: ID!, $after: Seq) {\n    runEvents(runId: $runId, after: $after) { seq }\n  }\n"): typeof import('./graphql.ts').TuiRunDetailEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TuiCancelRun($id: ID!) { cancelRun(id: $id) { id state } }\n"): typeof import('./graphql.ts').TuiCancelRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TuiRetryRun($id: ID!) { retryRun(id: $id) { id state } }\n"): typeof import('./graphql.ts').TuiRetryRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TuiVersions($jobId: ID!) {\n    job(id: $jobId) { status { version } }\n    jobVersions(jobId: $jobId) { version sourceVersion createdAt spec { command image } }\n    executions(jobId: $jobId, first: 1) { seq }\n  }\n"): typeof import('./graphql.ts').TuiVersionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TuiVersionsEvents($jobId: ID!, $after: Seq) {\n    jobEvents(jobId: $jobId, after: $after) { seq }\n  }\n"): typeof import('./graphql.ts').TuiVersionsEventsDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
