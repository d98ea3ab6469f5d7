import React, { useMemo, useRef, useState } from "react";
import { Box } from "ink";
import { useTui, useNow } from "../../context.tsx";
import { useLive, stream } from "../../hooks/use-live.ts";
import { useScreen } from "../../hooks/use-screen.ts";
import { useRereadStale } from "../../hooks/use-reread-stale.ts";
import { Table } from "../../components/table.tsx";
import { Rule } from "../../components/rule.tsx";
import { ToneText } from "../../components/tone-text.tsx";
import type { Binding } from "../../keys.ts";
import { useListSelection } from "../../hooks/use-list-selection.ts";
import { jobColumns } from "./columns.ts";
import { DELETE_JOB, JOB_EVENTS, JOB_EXECUTION_EVENTS, JOB_ROW_BY_ID, JOB_RUN_EVENTS, STOP_JOB, TRIGGER_RUN } from "./documents.ts";
import { emptyJobs, reduceJobs, SORT_KEYS, TRIGGERABLE, visibleJobs, type JobRow, type JobsEvent, type SortKey } from "./state.ts";
import type { ScreenProps } from "../types.ts";
import { promptFilter } from "../filter-prompt.ts";
import { loadJobs } from "./load.ts";
import { scopeVariables } from "../../scope.ts";

const BINDINGS: Binding[] = [
  { keys: ["enter"], label: "open", help: "open the job: rollout, executions, runs" },
  { keys: ["t"], label: "trigger", help: "trigger a run of a batch or broadcast job" },
  { keys: ["s"], label: "stop", help: "stop the job (its executions stop)" },
  { keys: ["l"], label: "logs", help: "follow the job's logs, every execution merged" },
  { keys: ["/"], label: "filter", help: "filter by name, namespace, type or state: text or /regex/, case-insensitive unless it has a capital" },
  { keys: ["y"], label: "yaml", help: "the job's spec and status as YAML (describe)" },
  { keys: ["ctrl+d"], label: "delete", help: "delete the job with its executions, runs, logs and events (asks first)" },
  { keys: ["n"], label: "namespace", help: "pick a namespace (or all)" },
  { keys: ["o"], label: "sort", help: "sort by name, state, type or last update", minor: true },
  { keys: ["N"], label: "nodes", help: "the nodes view", minor: true },
];

export function JobsScreen({ active, width, height }: ScreenProps<"jobs">) {
  const tui = useTui();
  const { client, namespace } = tui;
  const now = useNow();
  const [filter, setFilter] = useState("");
  const [sort, setSort] = useState<SortKey>("name");
  // Two o's in one chunk step twice: the next sort is computed from the last one chosen, not the last drawn.
  const sortRef = useRef<SortKey>("name");

  const live = useLive<ReturnType<typeof emptyJobs>, JobsEvent>({
    client,
    deps: [namespace],
    initial: emptyJobs(),
    load: () => loadJobs(client, namespace),
    streams: [
      stream(JOB_EVENTS, (after) => ({ ...scopeVariables(namespace), after }), (d) => [{ seq: d.jobEvents.seq, kind: "job" as const, type: d.jobEvents.type, jobId: d.jobEvents.jobId, job: d.jobEvents.job }]),
      stream(JOB_RUN_EVENTS, (after) => ({ ...scopeVariables(namespace), after }), (d) => [{ seq: d.runEvents.seq, kind: "touched" as const, jobId: d.runEvents.run.jobId }]),
      stream(JOB_EXECUTION_EVENTS, (after) => ({ ...scopeVariables(namespace), after }), (d) => [
        { seq: d.executionEvents.seq, kind: "touched" as const, jobId: d.executionEvents.execution.jobId },
      ]),
    ],
    reduce: reduceJobs,
  });

  // Rows touched by run or execution changes are read again.
  useRereadStale(
    live.state.stale,
    async (id) => (await client.query(JOB_ROW_BY_ID, { id })).job,
    (id, job) => live.apply({ seq: 0, kind: "refreshed", jobId: id, job }),
  );

  const rows = useMemo(() => visibleJobs(live.state, filter, sort), [live.state, filter, sort]);
  const tableHeight = Math.max(2, height - 1);

  const list = useListSelection(rows, (r) => r.id, tableHeight - 1);
  const index = list.index;

  useScreen(
    active,
    { title: "jobs", bindings: BINDINGS },
    (name) => {
      if (list.onKey(name)) return;
      const selected = list.selected;
      if (name === "/") promptFilter(tui, "", setFilter);
      else if (name === "n") tui.push({ screen: "namespaces" });
      else if (name === "o") {
        sortRef.current = SORT_KEYS[(SORT_KEYS.indexOf(sortRef.current) + 1) % SORT_KEYS.length];
        setSort(sortRef.current);
        tui.notify(`sorted by ${sortRef.current}`, "accent");
      } else if (name === "N") tui.push({ screen: "nodes" });
      else if (!selected) return;
      else if (name === "enter") tui.push({ screen: "job", jobId: selected.id, name: selected.name });
      else if (name === "l") tui.push({ screen: "logs", target: { jobId: selected.id }, title: selected.name });
      else if (name === "y") tui.push({ screen: "describe", jobId: selected.id, name: selected.name });
      else if (name === "ctrl+d")
        tui.confirm(`Delete ${selected.namespace}/${selected.name} with its executions, runs, logs and events?`, async () => {
          await client.query(DELETE_JOB, { id: selected.id });
          return `${selected.name} deleted`;
        });
      else if (name === "t") {
        if (!TRIGGERABLE.has(selected.type)) {
          tui.notify(`${selected.name} is a ${selected.type.toLowerCase()} job: only batch and broadcast jobs have runs`, "bad");
          return;
        }
        tui.confirm(`Trigger a run of ${selected.name}?`, async () => {
          const r = await client.query(TRIGGER_RUN, { jobId: selected.id });
          return `run ${r.triggerRun.run.id} of ${selected.name} ${r.triggerRun.run.state.toLowerCase()}`;
        });
      } else if (name === "s") {
        tui.confirm(`Stop ${selected.name}?`, async () => {
          const r = await client.query(STOP_JOB, { id: selected.id });
          return `${selected.name} is ${r.stopJob.job.status.state.stateType.toLowerCase()}`;
        });
      }
    },
  );

  const title = `Jobs ${rows.length}${rows.length !== live.state.byId.size ? ` of ${live.state.byId.size}` : ""}`;
  return (
    <Box flexDirection="column" height={height}>
      <Rule width={width} title={title} extra={[filter ? `/${filter}` : "", `sort:${sort}`].filter(Boolean).join(" ─ ")} />
      {live.error && !live.state.byId.size ? (
        <ToneText tone="bad">{`  ${live.error}`}</ToneText>
      ) : live.loading ? (
        <ToneText tone="muted">  loading jobs…</ToneText>
      ) : (
        <Table
          columns={jobColumns(now, namespace === null && new Set(rows.map((r) => r.namespace)).size > 1)}
          rows={rows}
          rowKey={(r) => r.id}
          selected={rows.length ? index : null}
          width={width}
          height={tableHeight}
          empty={filter ? `no job matches "${filter}"` : "no jobs yet: submit one with drover job apply -f job.yaml"}
        />
      )}
    </Box>
  );
}
