import React from "react";
import { Box } from "ink";
import { useNow, useTui } from "../../context.tsx";
import { movedStream, useLiveQuery } from "../../hooks/use-live.ts";
import { useScreen } from "../../hooks/use-screen.ts";
import { useListSelection } from "../../hooks/use-list-selection.ts";
import { Table, type Column } from "../../components/table.tsx";
import { Rule } from "../../components/rule.tsx";
import { ToneText } from "../../components/tone-text.tsx";
import { lookOf } from "../../theme.ts";
import { ago, executionLabel, fit, since } from "../../format.ts";
import type { Binding } from "../../keys.ts";
import type { TuiNodeDetailQuery } from "../../../client/gql/graphql.ts";
import type { ScreenProps } from "../types.ts";
import { cpuFreeText, formatLabels, memoryFreeText } from "../nodes/state.ts";
import { executionMessage } from "../execution/message.ts";
import { visibleExecutions } from "../execution/order.ts";
import { NODE_DETAIL, NODE_DETAIL_EVENTS, NODE_DETAIL_EXECUTION_EVENTS } from "./documents.ts";

type Row = TuiNodeDetailQuery["executions"]["edges"][number]["node"];

const BINDINGS: Binding[] = [
  { keys: ["enter"], label: "execution", help: "the execution: state, exit, details, last output" },
  { keys: ["l"], label: "logs", help: "the selected execution's log" },
];

/** Finished executions listed under the running ones on a node. */
const FINISHED_SHOWN = 10;

function columns(now: number): Column<Row>[] {
  return [
    { header: "JOB", width: 16, cell: (e) => (e.jobSpec ? `${e.jobSpec.namespace === "default" ? "" : `${e.jobSpec.namespace}/`}${e.jobSpec.name}` : e.jobId) },
    { header: "VER", width: 4, drop: 2, cell: (e) => `v${e.jobVersion}` },
    { header: "STATE", width: 11, cell: (e) => ({ text: `${lookOf(e.computeState.stateType).symbol} ${e.computeState.stateType.toLowerCase()}`, tone: lookOf(e.computeState.stateType).tone }) },
    { header: "AGE", width: 9, cell: (e) => (e.finishedAt ? `ended ${ago(e.finishedAt, now).replace(" ago", "")}` : since(e.startedAt ?? e.createdAt, now)) },
    { header: "MESSAGE", width: 16, grow: true, cell: (e) => executionMessage(e) || "—" },
    { header: "EXECUTION", width: 9, drop: 1, cell: (e) => executionLabel(e.id) },
  ];
}

/** A node: its state and labels, and what runs there (then what ran there lately). */
export function NodeScreen({ route, active, width, height }: ScreenProps<"node">) {
  const tui = useTui();
  const now = useNow();
  const { nodeId } = route;
  const live = useLiveQuery<TuiNodeDetailQuery>({
    client: tui.client,
    deps: [nodeId],
    load: async () => {
      const data = await tui.client.query(NODE_DETAIL, { id: nodeId });
      return { data, seq: data.executions.seq };
    },
    streams: [
      movedStream(NODE_DETAIL_EXECUTION_EVENTS, (after) => ({ nodeId, after }), (d) => d.executionEvents.seq),
      movedStream(NODE_DETAIL_EVENTS, (after) => ({ nodeId, after }), (d) => d.nodeEvents.seq),
    ],
  });
  const node = live.data?.node ?? null;
  const rows = visibleExecutions(live.data?.executions.edges.map((e) => e.node) ?? [], false, FINISHED_SHOWN);
  // Under the table: two rules, the facts and the labels.
  const tableHeight = Math.max(2, height - 5);
  const list = useListSelection(rows, (e) => e.id, tableHeight - 1);

  useScreen(active, { title: "node", detail: node ? `${lookOf(node.state).symbol} ${node.state}` : undefined, bindings: BINDINGS }, (key) => {
    if (list.onKey(key)) return;
    const e = list.selected;
    if (!e) return;
    const name = e.jobSpec?.name ?? e.jobId;
    if (key === "enter") tui.push({ screen: "execution", executionId: e.id, jobId: e.jobId, name });
    else if (key === "l") tui.push({ screen: "logs", target: { executionId: e.id }, title: `${name} ${executionLabel(e.id)}` });
  });

  if (!node) {
    return (
      <Box flexDirection="column" height={height}>
        <Rule width={width} title={nodeId} />
        <ToneText tone={live.error ? "bad" : "muted"}>{live.error ? `  ${live.error}` : live.loading ? "  loading…" : "  this node no longer exists"}</ToneText>
      </Box>
    );
  }
  const running = rows.filter((e) => !e.finishedAt).length;
  const facts = [`${node.hostname}`, `capacity ${node.runningExecutions}/${node.capacity}`, `heartbeat ${since(node.lastHeartbeatAt, now)} ago`, node.agentVersion ? `agent ${node.agentVersion}` : "", `registered ${ago(node.registeredAt, now)}`];
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Rule width={width} title={`Node ${node.id}`} extra={`${lookOf(node.state).symbol} ${node.state}`} />
      <ToneText tone="muted">{fit(`  ${facts.filter(Boolean).join(" · ")}`, width)}</ToneText>
      <ToneText>{fit(`  labels ${formatLabels(node.labels) || "none"}`, width)}</ToneText>
      <ToneText>{fit(`  free: cpu ${cpuFreeText(node, { total: true })} · memory ${memoryFreeText(node, { total: true })}`, width)}</ToneText>
      <Rule width={width} title={`Executions ${running} running`} extra={rows.length > running ? `and the last ${rows.length - running} finished` : undefined} />
      <Table columns={columns(now)} rows={rows} rowKey={(e) => e.id} selected={rows.length ? list.index : null} width={width} height={tableHeight} empty="nothing runs here" />
    </Box>
  );
}
