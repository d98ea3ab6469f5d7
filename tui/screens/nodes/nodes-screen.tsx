import React, { useEffect, useMemo, useState } from "react";
import { Box } from "ink";
import { useNow, useTui } from "../../context.tsx";
import { stream, useLive } from "../../hooks/use-live.ts";
import { useScreen } from "../../hooks/use-screen.ts";
import { useRereadStale } from "../../hooks/use-reread-stale.ts";
import { Table, type Column } from "../../components/table.tsx";
import { Rule } from "../../components/rule.tsx";
import { ToneText } from "../../components/tone-text.tsx";
import { lookOf } from "../../theme.ts";
import { since } from "../../format.ts";
import type { Binding } from "../../keys.ts";
import { useListSelection } from "../../hooks/use-list-selection.ts";
import type { DroverClient } from "../../api/client.ts";
import type { TuiNodesQuery } from "../../../client/gql/graphql.ts";
import type { ScreenProps } from "../types.ts";
import { promptFilter } from "../filter-prompt.ts";
import { DRAIN_NODE, NODES, NODE_BY_ID, NODE_EVENTS, NODE_EXECUTION_EVENTS, SET_NODE_LABELS } from "./documents.ts";
import { cpuFreeText, formatLabels, memoryFreeText, nodesFrom, parseLabels, reduceNodes, visibleNodes, type NodeRow, type NodesEvent, type NodesState } from "./state.ts";

const BINDINGS: Binding[] = [
  { keys: ["enter"], label: "open", help: "what runs on the node: its executions" },
  { keys: ["d"], label: "drain", help: "drain the node (or undrain a draining one)" },
  { keys: ["L"], label: "labels", help: "edit the node's labels: k=v k2=v2 (replaces them)" },
  { keys: ["/"], label: "filter", help: "filter by id, hostname, state or label: text or /regex/, case-insensitive unless it has a capital" },
];

function columns(now: number): Column<NodeRow>[] {
  return [
    { header: "NODE", width: 20, cell: (n) => n.id },
    { header: "STATE", width: 10, cell: (n) => ({ text: `${lookOf(n.state).symbol} ${n.state}`, tone: lookOf(n.state).tone }) },
    { header: "LABELS", width: 20, grow: true, cell: (n) => formatLabels(n.labels) || "—" },
    { header: "RUNNING", width: 7, align: "right", drop: 2, cell: (n) => String(n.runningExecutions) },
    { header: "CAPACITY", width: 8, align: "right", cell: (n) => `${n.runningExecutions}/${n.capacity}` },
    // Dropped before RUNNING on a narrow terminal: CAPACITY already says how full the node is.
    { header: "CPU FREE", width: 8, align: "right", drop: 3, cell: (n) => cpuFreeText(n) },
    { header: "MEM FREE", width: 9, align: "right", drop: 3, cell: (n) => memoryFreeText(n) },
    { header: "HEARTBEAT", width: 9, align: "right", cell: (n) => since(n.lastHeartbeatAt, now) },
  ];
}

/** How often the nodes list is read again for fresh heartbeats (agents beat every 2 s). */
const HEARTBEAT_REFRESH_MS = 3000;

async function loadNodes(client: DroverClient) {
  const rows: NodeRow[] = [];
  let seq: number | null = null;
  let after: string | null = null;
  for (let page = 0; page < 100; page++) {
    const data: TuiNodesQuery = await client.query(NODES, { after });
    seq ??= data.nodes.seq;
    rows.push(...data.nodes.edges.map((e) => e.node));
    if (!data.nodes.pageInfo.hasNextPage) break;
    after = data.nodes.pageInfo.endCursor;
  }
  return { state: nodesFrom(rows), seq: seq ?? 0 };
}

export function NodesScreen({ active, width, height }: ScreenProps<"nodes">) {
  const tui = useTui();
  const now = useNow();
  const [filter, setFilter] = useState("");
  const live = useLive<NodesState, NodesEvent>({
    client: tui.client,
    deps: [],
    initial: nodesFrom([]),
    load: () => loadNodes(tui.client),
    streams: [
      stream(NODE_EVENTS, (after) => ({ after }), (d) => [{ seq: d.nodeEvents.seq, kind: "node" as const, node: d.nodeEvents.node }]),
      stream(NODE_EXECUTION_EVENTS, (after) => ({ after }), (d) => [{ seq: d.executionEvents.seq, kind: "touched" as const, nodeId: d.executionEvents.execution.nodeId }]),
    ],
    reduce: reduceNodes,
  });

  useRereadStale(
    live.state.stale,
    async (id) => (await tui.client.query(NODE_BY_ID, { id })).node,
    (id, node) => live.apply({ seq: 0, kind: "refreshed", nodeId: id, node }),
  );

  // Heartbeats are not events (there would be one per node every few seconds): the list is
  // read again on a timer, so the heartbeat column follows the agents.
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => {
      loadNodes(tui.client).then(
        ({ state }) => live.apply({ seq: 0, kind: "listed", nodes: [...state.byId.values()] }),
        () => {},
      );
    }, HEARTBEAT_REFRESH_MS);
    return () => clearInterval(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active]);

  const rows = useMemo(() => visibleNodes(live.state, filter), [live.state, filter]);
  const tableHeight = Math.max(2, height - 1);
  const list = useListSelection(rows, (n) => n.id, tableHeight - 1);
  const index = list.index;

  useScreen(active, { title: "nodes", bindings: BINDINGS }, (name) => {
    if (list.onKey(name)) return;
    const selected = list.selected;
    if (name === "/") promptFilter(tui, "", setFilter);
    else if (!selected) return;
    else if (name === "enter") tui.push({ screen: "node", nodeId: selected.id });
    else if (name === "d") {
      const drain = selected.state !== "DRAINING";
      tui.confirm(`${drain ? "Drain" : "Undrain"} ${selected.id}?`, async () => {
        const r = await tui.client.query(DRAIN_NODE, { id: selected.id, drain });
        return `${r.drainNode.node.id} is ${r.drainNode.node.state.toLowerCase()}`;
      });
    } else if (name === "L") {
      tui.prompt(`labels of ${selected.id}:`, formatLabels(selected.labels), (text) => {
        const parsed = parseLabels(text);
        if ("error" in parsed) return tui.notify(`✗ ${parsed.error}`, "bad");
        tui.confirm(`Set the labels of ${selected.id} to ${formatLabels(parsed.labels) || "(none)"}?`, async () => {
          const r = await tui.client.query(SET_NODE_LABELS, { id: selected.id, labels: parsed.labels, rev: selected.revision });
          return `${r.setNodeLabels.node.id} labels: ${formatLabels(r.setNodeLabels.node.labels) || "(none)"}`;
        });
      });
    }
  });

  const ready = rows.filter((n) => n.state === "READY").length;
  return (
    <Box flexDirection="column" height={height}>
      <Rule width={width} title={`Nodes ${rows.length}`} extra={[`${ready} ready`, filter ? `/${filter}` : ""].filter(Boolean).join(" ─ ")} />
      {live.error && !live.state.byId.size ? (
        <ToneText tone="bad">{`  ${live.error}`}</ToneText>
      ) : live.loading ? (
        <ToneText tone="muted">  loading nodes…</ToneText>
      ) : (
        <Table
          columns={columns(now)}
          rows={rows}
          rowKey={(n) => n.id}
          selected={rows.length ? index : null}
          width={width}
          height={tableHeight}
          empty={filter ? `no node matches "${filter}"` : "no nodes yet: start one with drover agent"}
        />
      )}
    </Box>
  );
}
