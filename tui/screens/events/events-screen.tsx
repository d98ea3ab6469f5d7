import React, { useEffect, useReducer } from "react";
import { Box } from "ink";
import { useNow, useTui } from "../../context.tsx";
import { useScreen } from "../../hooks/use-screen.ts";
import { useListSelection } from "../../hooks/use-list-selection.ts";
import { Table, type Column } from "../../components/table.tsx";
import { Rule } from "../../components/rule.tsx";
import { since } from "../../format.ts";
import type { Binding } from "../../keys.ts";
import type { DroverClient } from "../../api/client.ts";
import type { ScreenProps } from "../types.ts";
import type { TypedDocumentString } from "../../../client/gql/graphql.ts";
import { EVENTS_EXECUTION, EVENTS_JOB, EVENTS_ROLLOUT } from "./documents.ts";
import { addEvent, executionEventRow, jobEventRow, resyncFrom, rolloutEventRow, type JobEventRow } from "./state.ts";

const BINDINGS: Binding[] = [{ keys: ["enter"], label: "open", help: "open the execution an event is about" }];

function columns(now: number): Column<JobEventRow>[] {
  return [
    { header: "AGE", width: 6, cell: (e) => since(e.at, now) },
    { header: "TYPE", width: 15, cell: (e) => e.type },
    { header: "OBJECT", width: 25, drop: 1, cell: (e) => e.object },
    { header: "MESSAGE", width: 20, grow: true, cell: (e) => ({ text: e.message, tone: e.tone }) },
  ];
}

/**
 * Follows one of a job's event streams from the start of the event log, and
 * after a reconnect from the last event it delivered (client.live asks for
 * the variables again). When retention already removed the oldest events the
 * server says up to where, and the stream starts after that instead.
 */
function followFromStart<R>(
  client: DroverClient,
  doc: TypedDocumentString<R, { jobId: string; after?: number | null }>,
  jobId: string,
  toRow: (data: R) => JobEventRow,
  add: (row: JobEventRow) => void,
  fail: (message: string) => void,
): () => void {
  let last = 0;
  let stop = () => {};
  const start = () => {
    stop = client.live(doc, () => ({ jobId, after: last }), {
      next: (d) => {
        const row = toRow(d);
        if (row.seq <= last) return;
        last = row.seq;
        add(row);
      },
      error: (err) => {
        const from = resyncFrom(err.message);
        if (from === null || from <= last) return fail(err.message);
        last = from;
        stop();
        start();
      },
    });
  };
  start();
  return () => stop();
}

/** A job's recent events, newest first, like kubectl describe's Events: its own, its executions' and its rollouts'. */
export function EventsScreen({ route, active, width, height }: ScreenProps<"events">) {
  const tui = useTui();
  const now = useNow();
  const [rows, dispatch] = useReducer(addEvent, []);
  const { jobId } = route;

  useEffect(() => {
    const fail = (m: string) => tui.notify(`✗ ${m}`, "bad");
    const stops = [
      followFromStart(tui.client, EVENTS_JOB, jobId, (d) => jobEventRow(d.jobEvents), dispatch, fail),
      followFromStart(tui.client, EVENTS_EXECUTION, jobId, (d) => executionEventRow(d.executionEvents), dispatch, fail),
      followFromStart(tui.client, EVENTS_ROLLOUT, jobId, (d) => rolloutEventRow(d.rolloutEvents), dispatch, fail),
    ];
    return () => stops.forEach((s) => s());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jobId]);

  const tableHeight = Math.max(2, height - 1);
  const list = useListSelection(rows, (r) => String(r.seq), tableHeight - 1, { stickToTop: true });
  useScreen(active, { title: "events", bindings: BINDINGS }, (key) => {
    if (list.onKey(key)) return;
    const selected = list.selected;
    if (key === "enter" && selected?.executionId) tui.push({ screen: "execution", executionId: selected.executionId, jobId, name: route.name });
  });

  return (
    <Box flexDirection="column" height={height}>
      <Rule width={width} title={`Events ${route.name}`} extra={`${rows.length} newest first`} />
      <Table columns={columns(now)} rows={rows} rowKey={(r) => String(r.seq)} selected={rows.length ? list.index : null} width={width} height={tableHeight} empty="no events yet" />
    </Box>
  );
}
