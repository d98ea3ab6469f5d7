import React from "react";
import { Box } from "ink";
import { useNow, useTui } from "../../context.tsx";
import { movedStream, useLiveQuery } from "../../hooks/use-live.ts";
import { useScreen } from "../../hooks/use-screen.ts";
import { Table, type Column } from "../../components/table.tsx";
import { Rule } from "../../components/rule.tsx";
import { ToneText } from "../../components/tone-text.tsx";
import { lookOf } from "../../theme.ts";
import { ago, executionLabel, fit, fitWords, since } from "../../format.ts";
import { useListSelection } from "../../hooks/use-list-selection.ts";
import type { TuiJobDetailQuery } from "../../../client/gql/graphql.ts";
import type { ScreenProps } from "../types.ts";
import { visibleExecutions } from "../execution/order.ts";
import { executionMessage } from "../execution/message.ts";
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
  RESUME_SCHEDULE,
  ROLLBACK,
  SUSPEND_SCHEDULE,
} from "./documents.ts";
import { RolloutPanel, rolloutRows } from "./rollout-panel.tsx";
import { jobBindings } from "./bindings.ts";
import { jobLayout } from "./layout.ts";
import { currentBlock, placementLines, rollbackTarget, shownRollout, specSummary } from "./summary.ts";

type ExecutionRow = TuiJobDetailQuery["executions"]["edges"][number]["node"];

function executionColumns(now: number): Column<ExecutionRow>[] {
  return [
    { header: "NODE", width: 20, cell: (e) => e.nodeId },
    { header: "VER", width: 4, cell: (e) => `v${e.jobVersion}` },
    { header: "DESIRED", width: 8, drop: 3, cell: (e) => e.desiredState.stateType.toLowerCase() },
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
    { header: "EXIT", width: 4, align: "right", drop: 2, cell: (e) => (e.exitCode === null ? "—" : String(e.exitCode)) },
    // Why it is where it is: the agent's words for a failure, the server's for a stop.
    { header: "MESSAGE", width: 14, grow: true, cell: (e) => ({ text: executionMessage(e) || "—", tone: lookOf(e.computeState.stateType).tone === "bad" ? "bad" : "muted" }) },
    { header: "EXECUTION", width: 9, drop: 4, cell: (e) => executionLabel(e.id) },
  ];
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
  const triggerable = job ? TRIGGERABLE.has(job.type) : false;
  const executions = visibleExecutions(detail.data?.executions.edges.map((e) => e.node) ?? [], triggerable);

  const rollout = shownRollout(job);
  const showRollout = Boolean(rollout && (rollout.state !== "SUCCEEDED" || rollout.type !== "CREATE"));
  const blocked = currentBlock(detail.data?.evaluations.edges.map((e) => e.node) ?? []);
  const notPlaced = blocked ? placementLines(blocked.placement) : [];
  const runs = detail.data?.runs.edges.map((e) => e.node) ?? [];
  const layout = jobLayout({ height, rolloutRows: showRollout && rollout ? rolloutRows(rollout) : 0, notPlacedLines: notPlaced.length, runs: triggerable ? runs.length : null });
  const list = useListSelection(executions, (e) => e.id, layout.tableHeight - 1);
  const bindings = jobBindings(job);

  const name = job?.name ?? route.name;
  const state = job?.status.state.stateType ?? null;
  const headerDetail = job ? `v${job.status.version}  ${lookOf(state).symbol} ${state}  "${fitWords(job.status.state.message, 60)}"` : undefined;

  const act = (question: string, action: () => Promise<string>) => tui.confirm(question, action);
  useScreen(active, { title: "job", detail: headerDetail, bindings }, (key) => {
    if (list.onKey(key)) return;
    const selectedExecution = list.selected;
    // Only what the footer offers for this job runs (jobBindings).
    if (key !== "escape" && !bindings.some((b) => b.keys.includes(key))) return;
    if (key === "l") tui.push({ screen: "logs", target: { jobId }, title: name });
    else if (key === "enter" && selectedExecution) tui.push({ screen: "execution", executionId: selectedExecution.id, jobId, name });
    else if (key === "e") tui.push({ screen: "events", jobId, name });
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
    else if (key === "t")
      act(`Trigger a run of ${name}?`, async () => {
        const r = await tui.client.query(TRIGGER_RUN, { jobId });
        return `run ${r.triggerRun.run.id} of ${name} ${r.triggerRun.run.state.toLowerCase()}`;
      });
    else if (key === "S") {
      const suspended = job.status.scheduleSuspended;
      act(`${suspended ? "Resume" : "Suspend"} the schedule of ${name}?`, async () => {
        const st = suspended ? (await tui.client.query(RESUME_SCHEDULE, { jobId })).resumeSchedule.status : (await tui.client.query(SUSPEND_SCHEDULE, { jobId })).suspendSchedule.status;
        return st.scheduleSuspended ? `${name} schedule suspended` : `${name} schedule resumed: next ${st.nextFireAt ? new Date(st.nextFireAt).toLocaleString() : "—"}`;
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
      <Table columns={executionColumns(now)} rows={executions} rowKey={(e) => e.id} selected={executions.length ? list.index : null} width={width} height={layout.tableHeight} empty="no executions" />
      {layout.notPlacedShown ? (
        <Box flexDirection="column" flexShrink={0}>
          <Rule width={width} title="Not placed" />
          {notPlaced.slice(0, layout.notPlacedShown).map((l, i) => (
            <ToneText key={i} tone={i === 0 ? "busy" : "muted"}>{`  ${fitWords(l, width - 2)}`}</ToneText>
          ))}
        </Box>
      ) : null}
      {layout.runsShown ? (
        <Box flexDirection="column" flexShrink={0}>
          <Rule width={width} title={`Runs ${detail.data?.runs.totalCount ?? 0}`} extra={job.status.scheduleSuspended ? "schedule suspended" : job.status.nextFireAt ? `next ${new Date(job.status.nextFireAt).toLocaleString()}` : undefined} />
          {runs.length === 0 ? <ToneText tone="muted">  no runs yet: t triggers one</ToneText> : null}
          {runs.slice(0, layout.runsShown).map((r) => (
            <ToneText key={r.id} tone={lookOf(r.state).tone}>
              {fit(`  ${lookOf(r.state).symbol} ${r.state.toLowerCase().padEnd(16)}${r.id.padEnd(32)}${r.trigger.toLowerCase().padEnd(8)}${ago(r.finishedAt ?? r.createdAt, now)}`, width)}
            </ToneText>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
