import React from "react";
import { Box, Text } from "ink";
import { useNow, useTui } from "../../context.tsx";
import { movedStream, useLiveQuery } from "../../hooks/use-live.ts";
import { useScreen } from "../../hooks/use-screen.ts";
import { Rule } from "../../components/rule.tsx";
import { ToneText } from "../../components/tone-text.tsx";
import { lookOf } from "../../theme.ts";
import { ago, clockTime, fit } from "../../format.ts";
import type { Binding } from "../../keys.ts";
import type { TuiRunDetailQuery } from "../../../client/gql/graphql.ts";
import type { ScreenProps } from "../types.ts";
import { RUN_DETAIL, RUN_DETAIL_EVENTS } from "./documents.ts";
import { cancelRunAction, retryRunAction } from "./run-actions.ts";
import { runDuration } from "./runs-screen.tsx";

const BINDINGS: Binding[] = [
  { keys: ["c"], label: "cancel", help: "cancel the run (kills its processes)" },
  { keys: ["y"], label: "retry", help: "retry the run (broadcasts: the nodes that did not succeed)" },
  { keys: ["l"], label: "logs", help: "the run's logs, every node merged" },
  { keys: ["m"], label: "metrics", help: "cpu and memory of the run" },
];

const TIMELINE_LOOK: Record<string, string> = { completed: "SUCCEEDED", failed: "FAILED", skipped: "STOPPED", retried: "PENDING", started: "RUNNING" };

/** A run: its state and timings, each node's answer (broadcasts), and the timeline. */
export function RunScreen({ route, active, width, height }: ScreenProps<"run">) {
  const tui = useTui();
  const now = useNow();
  const live = useLiveQuery<TuiRunDetailQuery>({
    client: tui.client,
    deps: [route.runId],
    load: async () => {
      const data = await tui.client.query(RUN_DETAIL, { id: route.runId });
      return { data, seq: data.executions.seq };
    },
    streams: [movedStream(RUN_DETAIL_EVENTS, (after) => ({ runId: route.runId, after }), (d) => d.runEvents.seq)],
  });
  const run = live.data?.run ?? null;

  useScreen(active, { title: "run", detail: run ? `${lookOf(run.state).symbol} ${run.state}` : undefined, bindings: BINDINGS }, (key) => {
    if (key === "c") cancelRunAction(tui, route.runId);
    else if (key === "y") retryRunAction(tui, route.runId);
    else if (key === "l") tui.push({ screen: "logs", target: { runId: route.runId }, title: route.name });
    else if (key === "m") tui.push({ screen: "metrics", target: { runId: route.runId }, title: route.name });
  });

  if (!run) {
    return <ToneText tone={live.error ? "bad" : "muted"}>{live.error ? `  ${live.error}` : "  loading…"}</ToneText>;
  }
  const look = lookOf(run.state);
  const facts = [
    `trigger ${run.trigger.toLowerCase()}${run.scheduledAt ? ` for ${new Date(run.scheduledAt).toLocaleString()}` : ""}`,
    `v${run.jobVersion}`,
    `created ${ago(run.createdAt, now)}`,
    `took ${runDuration(run, now)}`,
    run.exitCode !== null ? `exit ${run.exitCode}` : "",
    run.retryOfRunId ? `retry of ${run.retryOfRunId}` : "",
  ].filter(Boolean);
  const responseRows = Math.min(run.responses.length, Math.max(2, Math.floor((height - 6) / 2)));
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Rule width={width} title={`Run ${run.id}`} />
      <ToneText tone={look.tone}>{`  ${look.symbol} ${run.state}  ${fit(run.error ?? run.message, width - run.state.length - 6)}`}</ToneText>
      <ToneText tone="muted">{`  ${fit(facts.join(" · "), width - 2)}`}</ToneText>
      {run.responses.length ? <Rule width={width} title={`Responses ${run.responses.length}`} /> : null}
      {run.responses.slice(0, responseRows).map((r) => {
        const l = lookOf(r.status.toUpperCase());
        const data = r.data === null || r.data === undefined ? "" : JSON.stringify(r.data);
        return (
          <Box key={r.nodeId}>
            <ToneText tone={l.tone}>{`  ${l.symbol} ${r.status.toLowerCase().padEnd(10)}`}</ToneText>
            <Text>{fit(r.nodeId, 22).padEnd(23)}</Text>
            <ToneText tone="muted">{r.changed ? "changed  " : "         "}</ToneText>
            <Text>{fit(r.error ?? data, Math.max(5, width - 47))}</Text>
          </Box>
        );
      })}
      {run.responses.length > responseRows ? <ToneText tone="muted">{`  … ${run.responses.length - responseRows} more`}</ToneText> : null}
      <Rule width={width} title="Timeline" />
      {run.timeline.slice(-Math.max(1, height - 6 - (run.responses.length ? responseRows + 1 : 0))).map((e, i) => {
        const l = lookOf(TIMELINE_LOOK[e.event] ?? "PENDING");
        return (
          <ToneText key={i} tone={e.error ? "bad" : "plain"}>
            {fit(`  ${clockTime(e.timestamp)}  ${l.symbol} ${e.event.padEnd(12)} ${(e.nodeId ?? e.hostname ?? "").padEnd(18)} ${e.error ?? e.message}`, width)}
          </ToneText>
        );
      })}
    </Box>
  );
}
