import React from "react";
import { Box } from "ink";
import { useNow, useTui } from "../../context.tsx";
import { movedStream, useLiveQuery } from "../../hooks/use-live.ts";
import { useScreen } from "../../hooks/use-screen.ts";
import { Table, type Column } from "../../components/table.tsx";
import { Rule } from "../../components/rule.tsx";
import { ToneText } from "../../components/tone-text.tsx";
import { lookOf } from "../../theme.ts";
import { ago, compactDuration } from "../../format.ts";
import type { Binding } from "../../keys.ts";
import { useListSelection } from "../../hooks/use-list-selection.ts";
import type { TuiRunRowFragment, TuiRunsQuery } from "../../../client/gql/graphql.ts";
import type { ScreenProps } from "../types.ts";
import { TRIGGER_RUN } from "../jobs/documents.ts";
import { RUNS, RUNS_EVENTS } from "./documents.ts";
import { cancelRunAction, retryRunAction } from "./run-actions.ts";

const BINDINGS: Binding[] = [
  { keys: ["enter"], label: "open", help: "the run: per-node responses and timeline" },
  { keys: ["t"], label: "trigger", help: "trigger a new run" },
  { keys: ["c"], label: "cancel", help: "cancel the run (kills its processes)" },
  { keys: ["y"], label: "retry", help: "retry the run (broadcasts: the nodes that did not succeed)" },
  { keys: ["l"], label: "logs", help: "the run's logs" },
];

/** "1m12s" from start to finish (or until now while running). */
export function runDuration(r: TuiRunRowFragment, now: number): string {
  if (!r.startedAt) return "—";
  return compactDuration((r.finishedAt ? Date.parse(r.finishedAt) : now) - Date.parse(r.startedAt));
}

function columns(now: number): Column<TuiRunRowFragment>[] {
  return [
    { header: "RUN", width: 30, cell: (r) => r.id },
    { header: "STATE", width: 17, cell: (r) => ({ text: `${lookOf(r.state).symbol} ${r.state}`, tone: lookOf(r.state).tone }) },
    { header: "TRIGGER", width: 7, cell: (r) => r.trigger.toLowerCase() },
    { header: "STARTED", width: 8, cell: (r) => ago(r.startedAt ?? r.createdAt, now).replace(" ago", "") },
    { header: "TOOK", width: 6, drop: 2, cell: (r) => runDuration(r, now) },
    { header: "EXIT", width: 4, align: "right", drop: 1, cell: (r) => (r.exitCode === null ? "—" : String(r.exitCode)) },
    { header: "MESSAGE", width: 10, grow: true, drop: 3, cell: (r) => r.error ?? r.message },
  ];
}

export function RunsScreen({ route, active, width, height }: ScreenProps<"runs">) {
  const tui = useTui();
  const now = useNow();
  const live = useLiveQuery<TuiRunsQuery>({
    client: tui.client,
    deps: [route.jobId],
    load: async () => {
      const data = await tui.client.query(RUNS, { jobId: route.jobId });
      return { data, seq: data.runs.seq };
    },
    streams: [movedStream(RUNS_EVENTS, (after) => ({ jobId: route.jobId, after }), (d) => d.runEvents.seq)],
  });
  const runs = live.data?.runs.edges.map((e) => e.node) ?? [];
  const tableHeight = Math.max(2, height - 1);
  const list = useListSelection(runs, (r) => r.id, tableHeight - 1);
  const index = list.index;

  useScreen(active, { title: "runs", bindings: BINDINGS }, (key) => {
    if (list.onKey(key)) return;
    const selected = list.selected;
    if (key === "t")
      tui.confirm(`Trigger a run of ${route.name}?`, async () => {
        const r = await tui.client.query(TRIGGER_RUN, { jobId: route.jobId });
        return `run ${r.triggerRun.run.id} of ${route.name} ${r.triggerRun.run.state.toLowerCase()}`;
      });
    else if (!selected) return;
    else if (key === "enter") tui.push({ screen: "run", runId: selected.id, name: route.name });
    else if (key === "c") cancelRunAction(tui, selected.id);
    else if (key === "y") retryRunAction(tui, selected.id);
    else if (key === "l") tui.push({ screen: "logs", target: { runId: selected.id }, title: route.name });
  });

  const counts = live.data?.runs.statusCounts.map((c) => `${lookOf(c.state).symbol} ${c.count} ${c.state.toLowerCase()}`).join("  ");
  return (
    <Box flexDirection="column" height={height}>
      <Rule width={width} title={`Runs ${live.data?.runs.totalCount ?? 0}`} extra={counts || undefined} />
      {live.error && !live.data ? (
        <ToneText tone="bad">{`  ${live.error}`}</ToneText>
      ) : (
        <Table columns={columns(now)} rows={runs} rowKey={(r) => r.id} selected={runs.length ? index : null} width={width} height={tableHeight} empty="no runs yet: t triggers one" />
      )}
    </Box>
  );
}
