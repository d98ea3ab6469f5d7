import React from "react";
import { Box } from "ink";
import { useNow, useTui } from "../../context.tsx";
import { movedStream, useLiveQuery } from "../../hooks/use-live.ts";
import { useScreen } from "../../hooks/use-screen.ts";
import { Table, type Column } from "../../components/table.tsx";
import { Rule } from "../../components/rule.tsx";
import { ToneText } from "../../components/tone-text.tsx";
import { lookOf } from "../../theme.ts";
import { ago, fit, shortId, since } from "../../format.ts";
import type { Binding } from "../../keys.ts";
import { useListSelection } from "../../hooks/use-list-selection.ts";
import type { TuiJobDetailQuery } from "../../../client/gql/graphql.ts";
import type { ScreenProps } from "../types.ts";
import { TRIGGER_RUN, STOP_JOB } from "../jobs/documents.ts";
import { TRIGGERABLE } from "../jobs/state.ts";
import {
  JOB_DETAIL,
  JOB_DETAIL_EVENTS,
  JOB_DETAIL_EXECUTION_EVENTS,
  JOB_DETAIL_ROLLOUT_EVENTS,
  JOB_DETAIL_RUN_EVENTS,
  PAUSE,
  PROMOTE,
  RESTART,
  RESUME,
  ROLLBACK,
} from "./documents.ts";
import { RolloutPanel } from "./rollout-panel.tsx";
import { currentBlock, placementLines, rollbackTarget, specSummary } from "./summary.ts";

type ExecutionRow = TuiJobDetailQuery["executions"]["edges"][number]["node"];

const BINDINGS: Binding[] = [
  { keys: ["l"], label: "logs", help: "the job's logs, every execution merged (⏎ on an execution: its own log)" },
  { keys: ["r"], label: "runs", help: "the job's runs" },
  { keys: ["v"], label: "versions", help: "the job's versions, to roll back to one" },
  { keys: ["m"], label: "metrics", help: "cpu and memory of the job" },
  { keys: ["p"], label: "promote", help: "promote a canary waiting in ROLLOUT_PAUSED" },
  { keys: ["space"], label: "pause/resume", help: "pause the rollout after its current wave, or resume it" },
  { keys: ["b"], label: "rollback", help: "roll back to the last version whose rollout completed" },
  { keys: ["R"], label: "restart", help: "replace every execution at the same version" },
  { keys: ["t"], label: "trigger", help: "trigger a run (batch and broadcast jobs)" },
  { keys: ["s"], label: "stop", help: "stop the job" },
];

const ACTIVE = new Set(["PENDING", "STARTING", "RUNNING", "DEGRADED", "STOPPING"]);

function executionColumns(now: number): Column<ExecutionRow>[] {
  return [
    { header: "NODE", width: 20, grow: true, cell: (e) => e.nodeId },
    { header: "VER", width: 4, cell: (e) => `v${e.jobVersion}` },
    { header: "DESIRED", width: 8, drop: 2, cell: (e) => e.desiredState.stateType.toLowerCase() },
    {
      header: "STATE",
      width: 12,
      cell: (e) => ({ text: `${lookOf(e.computeState.stateType).symbol} ${e.computeState.stateType.toLowerCase()}`, tone: lookOf(e.computeState.stateType).tone }),
    },
    {
      header: "HEALTHY FOR",
      width: 14,
      cell: (e) =>
        e.finishedAt ? `ended ${ago(e.finishedAt, now)}` : e.startedAt ? `${since(e.startedAt, now)}${e.stableAt ? " stable" : ""}` : "—",
    },
    { header: "EXIT", width: 4, align: "right", drop: 1, cell: (e) => (e.exitCode === null ? "—" : String(e.exitCode)) },
    { header: "EXECUTION", width: 9, drop: 3, cell: (e) => `e-${shortId(e.id).slice(-4)}` },
  ];
}

/** How many finished executions a long-running job shows under its active ones: the recent history, not all of it. */
const FINISHED_SHOWN = 3;

/**
 * Active executions first (newest first), then finished ones: all of them for
 * a batch or broadcast job (each is a run's work), the last few for a service,
 * whose restarts would otherwise push the running ones off the screen.
 */
export function visibleExecutions(all: ExecutionRow[], runToCompletion: boolean): ExecutionRow[] {
  const newest = (a: ExecutionRow, b: ExecutionRow) => b.createdAt.localeCompare(a.createdAt) || a.nodeId.localeCompare(b.nodeId);
  const active = all.filter((e) => ACTIVE.has(e.computeState.stateType)).sort(newest);
  const finished = all.filter((e) => !ACTIVE.has(e.computeState.stateType)).sort(newest);
  return [...active, ...(runToCompletion ? finished : finished.slice(0, FINISHED_SHOWN))];
}

export function JobScreen({ route, active, width, height }: ScreenProps<"job">) {
  const tui = useTui();
  const now = useNow();
  const jobId = route.jobId;
  const detail = useLiveQuery<TuiJobDetailQuery>({
    client: tui.client,
    deps: [jobId],
    load: async () => {
      const data = await tui.client.query(JOB_DETAIL, { id: jobId });
      return { data, seq: data.executions.seq };
    },
    streams: [
      movedStream(JOB_DETAIL_EVENTS, (after) => ({ jobId, after }), (d) => d.jobEvents.seq),
      movedStream(JOB_DETAIL_ROLLOUT_EVENTS, (after) => ({ jobId, after }), (d) => d.rolloutEvents.seq),
      movedStream(JOB_DETAIL_EXECUTION_EVENTS, (after) => ({ jobId, after }), (d) => d.executionEvents.seq),
      movedStream(JOB_DETAIL_RUN_EVENTS, (after) => ({ jobId, after }), (d) => d.runEvents.seq),
    ],
  });
  const job = detail.data?.job ?? null;
  const executions = visibleExecutions(detail.data?.executions.edges.map((e) => e.node) ?? [], job ? TRIGGERABLE.has(job.type) : false);

  const rollout = job?.status.rollout ?? null;
  const showRollout = Boolean(rollout && (rollout.state !== "SUCCEEDED" || rollout.type !== "CREATE"));
  const blocked = currentBlock(detail.data?.evaluations.edges.map((e) => e.node) ?? []);
  const notPlaced = blocked ? placementLines(blocked.placement) : [];
  const runs = detail.data?.runs.edges.map((e) => e.node) ?? [];
  const triggerable = job ? TRIGGERABLE.has(job.type) : false;

  const fixedRows = 2 + (showRollout ? 3 + (rollout?.canaryNodes.length || (rollout && rollout.rollbackToVersion > 0 && rollout.state !== "SUCCEEDED") ? 1 : 0) : 0) + (notPlaced.length ? 1 + Math.min(3, notPlaced.length) : 0) + (triggerable ? 1 + Math.min(3, Math.max(1, runs.length)) : 0) + 1;
  const tableHeight = Math.max(3, height - fixedRows);
  const list = useListSelection(executions, (e) => e.id, tableHeight - 1);
  const index = list.index;

  const name = job?.name ?? route.name;
  const state = job?.status.state.stateType ?? null;
  const headerDetail = job ? `v${job.status.version}  ${lookOf(state).symbol} ${state}  "${fit(job.status.state.message, 60)}"` : undefined;

  const act = (question: string, action: () => Promise<string>) => tui.confirm(question, action);
  useScreen(active, { title: "job", detail: headerDetail, bindings: BINDINGS }, (key) => {
    if (list.onKey(key)) return;
    const selectedExecution = list.selected;
    if (key === "l") tui.push({ screen: "logs", target: { jobId }, title: name });
    else if (key === "enter" && selectedExecution)
      tui.push({ screen: "logs", target: { executionId: selectedExecution.id }, title: `${name} ${selectedExecution.nodeId}` });
    else if (key === "r") tui.push({ screen: "runs", jobId, name });
    else if (key === "v") tui.push({ screen: "versions", jobId, name });
    else if (key === "m") tui.push({ screen: "metrics", target: { jobId }, title: name });
    else if (!job) return;
    else if (key === "p")
      act(`Promote the canary of ${name}?`, async () => `rollout ${(await tui.client.query(PROMOTE, { jobId })).promoteRollout.state.toLowerCase()}`);
    else if (key === "space") {
      const paused = rollout?.state === "PAUSED";
      act(`${paused ? "Resume" : "Pause"} the rollout of ${name}?`, async () => {
        const r = paused ? (await tui.client.query(RESUME, { jobId })).resumeRollout : (await tui.client.query(PAUSE, { jobId })).pauseRollout;
        return `rollout ${r.state.toLowerCase()}: ${r.message}`;
      });
    } else if (key === "b") {
      const to = rollbackTarget(job);
      act(`Roll back ${name} to ${to ? `v${to}` : "the last stable version"}?`, async () => {
        const r = await tui.client.query(ROLLBACK, { jobId, toVersion: to });
        return `${name} rolled back: now v${r.rollbackJob.status.version}`;
      });
    } else if (key === "R")
      act(`Restart every execution of ${name}?`, async () => {
        const r = await tui.client.query(RESTART, { jobId });
        return `${name} restarting at v${r.restartJob.status.version}`;
      });
    else if (key === "t") {
      if (!triggerable) return tui.notify(`${name} is a ${job.type.toLowerCase()} job: only batch and broadcast jobs have runs`, "bad");
      act(`Trigger a run of ${name}?`, async () => {
        const r = await tui.client.query(TRIGGER_RUN, { jobId });
        return `run ${r.triggerRun.run.id} of ${name} ${r.triggerRun.run.state.toLowerCase()}`;
      });
    } else if (key === "s")
      act(`Stop ${name}?`, async () => `${name} is ${(await tui.client.query(STOP_JOB, { id: jobId })).stopJob.job.status.state.stateType.toLowerCase()}`);
  });

  if (!job) {
    return (
      <Box flexDirection="column" height={height}>
        <Rule width={width} title={name} />
        <ToneText tone={detail.error ? "bad" : "muted"}>{detail.error ? `  ${detail.error}` : detail.loading ? "  loading…" : "  this job no longer exists"}</ToneText>
      </Box>
    );
  }
  const d = job.spec.deployment;
  const budget = rollout ? Math.min(d.maxFailedNodes, Math.floor((d.maxFailedNodesPercent * rollout.totalNodes) / 100)) : null;
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Rule width={width} title={`${job.namespace}/${job.name}`} extra={`${job.versions.length} version${job.versions.length === 1 ? "" : "s"}`} />
      <ToneText tone="muted">{`  ${fit(specSummary(job), width - 2)}`}</ToneText>
      {showRollout && rollout ? <RolloutPanel rollout={rollout} width={width} budget={budget} /> : null}
      <Rule width={width} title={`Executions ${executions.length}`} />
      <Table columns={executionColumns(now)} rows={executions} rowKey={(e) => e.id} selected={executions.length ? index : null} width={width} height={tableHeight} empty="no executions" />
      {notPlaced.length ? (
        <Box flexDirection="column">
          <Rule width={width} title="Not placed" />
          {notPlaced.slice(0, 3).map((l, i) => (
            <ToneText key={i} tone={i === 0 ? "busy" : "muted"}>{`  ${fit(l, width - 2)}`}</ToneText>
          ))}
        </Box>
      ) : null}
      {triggerable ? (
        <Box flexDirection="column">
          <Rule width={width} title={`Runs ${detail.data?.runs.totalCount ?? 0}`} extra={job.status.nextFireAt ? `next ${new Date(job.status.nextFireAt).toLocaleString()}` : undefined} />
          {runs.length === 0 ? <ToneText tone="muted">  no runs yet: t triggers one</ToneText> : null}
          {runs.slice(0, 3).map((r) => (
            <ToneText key={r.id} tone={lookOf(r.state).tone}>
              {`  ${lookOf(r.state).symbol} ${r.state.toLowerCase().padEnd(16)}${r.id.padEnd(32)}${r.trigger.toLowerCase().padEnd(8)}${ago(r.finishedAt ?? r.createdAt, now)}`}
            </ToneText>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
