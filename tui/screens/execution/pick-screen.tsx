import React from "react";
import { Box } from "ink";
import { useNow, useTui } from "../../context.tsx";
import { useQuery } from "../../hooks/use-live.ts";
import { useScreen } from "../../hooks/use-screen.ts";
import { useListSelection } from "../../hooks/use-list-selection.ts";
import { Table, type Column } from "../../components/table.tsx";
import { Rule } from "../../components/rule.tsx";
import { ToneText } from "../../components/tone-text.tsx";
import { lookOf } from "../../theme.ts";
import { ago, executionLabel, since } from "../../format.ts";
import type { Binding } from "../../keys.ts";
import type { TuiPickExecutionsQuery } from "../../../client/gql/graphql.ts";
import type { ScreenProps } from "../types.ts";
import { PICK_EXECUTIONS } from "./documents.ts";
import { executionMessage } from "./message.ts";
import { visibleExecutions } from "./order.ts";

type Row = TuiPickExecutionsQuery["executions"]["edges"][number]["node"];

const BINDINGS: Binding[] = [{ keys: ["enter"], label: "its logs", help: "show only this execution's log" }];

function columns(now: number): Column<Row>[] {
  return [
    { header: "EXECUTION", width: 9, cell: (e) => executionLabel(e.id) },
    { header: "NODE", width: 14, cell: (e) => e.nodeId },
    { header: "VER", width: 4, drop: 1, cell: (e) => `v${e.jobVersion}` },
    { header: "STATE", width: 11, cell: (e) => ({ text: `${lookOf(e.computeState.stateType).symbol} ${e.computeState.stateType.toLowerCase()}`, tone: lookOf(e.computeState.stateType).tone }) },
    { header: "AGE", width: 9, cell: (e) => (e.finishedAt ? `ended ${ago(e.finishedAt, now).replace(" ago", "")}` : since(e.startedAt ?? e.createdAt, now)) },
    { header: "MESSAGE", width: 12, grow: true, cell: (e) => executionMessage(e) || "—" },
  ];
}

/** e on a merged log: the job's or run's executions, to narrow the log to one of them. */
export function PickScreen({ route, active, width, height }: ScreenProps<"pick">) {
  const tui = useTui();
  const now = useNow();
  const { data, error } = useQuery(tui.client, PICK_EXECUTIONS, route.target, [JSON.stringify(route.target)], 3000);
  const rows = visibleExecutions(data?.executions.edges.map((e) => e.node) ?? [], true);
  const list = useListSelection(rows, (e) => e.id, height - 2);
  useScreen(active, { title: "pick execution", bindings: BINDINGS }, (key) => {
    if (list.onKey(key)) return;
    const e = list.selected;
    if (key !== "enter" || !e) return;
    // The picker makes way for the execution's log: Esc from there returns to the merged log.
    tui.pop();
    tui.push({ screen: "logs", target: { executionId: e.id }, title: `${route.title} ${executionLabel(e.id)}` });
  });
  return (
    <Box flexDirection="column" height={height}>
      <Rule width={width} title={`Executions of ${route.title}`} extra="⏎ shows its log" />
      {error && !data ? (
        <ToneText tone="bad">{`  ${error}`}</ToneText>
      ) : (
        <Table columns={columns(now)} rows={rows} rowKey={(e) => e.id} selected={rows.length ? list.index : null} width={width} height={Math.max(2, height - 1)} empty={data ? "no executions" : "loading…"} />
      )}
    </Box>
  );
}
