import React from "react";
import { Box, Text } from "ink";
import { useNow, useTui } from "../../context.tsx";
import { movedStream, useLiveQuery } from "../../hooks/use-live.ts";
import { useScreen } from "../../hooks/use-screen.ts";
import { Rule } from "../../components/rule.tsx";
import { ToneText } from "../../components/tone-text.tsx";
import { lookOf } from "../../theme.ts";
import { clockTime, executionLabel, fit } from "../../format.ts";
import type { Binding } from "../../keys.ts";
import type { TuiExecutionDetailQuery } from "../../../client/gql/graphql.ts";
import type { ScreenProps } from "../types.ts";
import { isActiveCompute } from "../../../common/states.ts";
import { EXECUTION_DETAIL, EXECUTION_DETAIL_EVENTS } from "./documents.ts";
import { executionMessage } from "./message.ts";
import { detailLines, executionChain, executionFacts, executionTimes } from "./facts.ts";

/** Previous and next only when the execution has them. */
function bindingsFor(e: { previousExecutionId?: string | null; nextExecutionId?: string | null } | null): Binding[] {
  return [
    { keys: ["l"], label: "logs", help: "the execution's whole log, following" },
    ...(e?.previousExecutionId ? [{ keys: ["["], label: "previous", help: "the execution this one replaced" }] : []),
    ...(e?.nextExecutionId ? [{ keys: ["]"], label: "next", help: "the execution that replaced this one" }] : []),
  ];
}

/** Output of a running execution arrives without execution events: read it again this often while it runs. */
const OUTPUT_REFRESH_MS = 2000;

/** One execution: state, exit, node, attempt, its place in a chain of replacements, details and its last lines. */
export function ExecutionScreen({ route, active, width, height }: ScreenProps<"execution">) {
  const tui = useTui();
  const now = useNow(OUTPUT_REFRESH_MS);
  const { executionId, jobId } = route;
  const live = useLiveQuery<TuiExecutionDetailQuery>({
    client: tui.client,
    deps: [executionId],
    load: async () => {
      const data = await tui.client.query(EXECUTION_DETAIL, { id: executionId, jobId });
      return { data, seq: data.executions.seq };
    },
    streams: [movedStream(EXECUTION_DETAIL_EVENTS, (after) => ({ jobId, after }), (d) => d.executionEvents.seq)],
  });
  const e = live.data?.execution ?? null;
  const running = e ? isActiveCompute(e.computeState.stateType) : false;
  // The clock ticks every OUTPUT_REFRESH_MS; while the execution runs, each tick reads its output again.
  React.useEffect(() => {
    if (running && active) live.refresh();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [now]);

  const open = (id: string | null | undefined, what: string) => {
    if (!id) return tui.notify(`${executionLabel(executionId)} has no ${what} execution`, "muted");
    tui.push({ screen: "execution", executionId: id, jobId, name: route.name });
  };
  useScreen(active, { title: "execution", detail: e ? `${lookOf(e.computeState.stateType).symbol} ${e.computeState.stateType}` : undefined, bindings: bindingsFor(e) }, (key) => {
    if (key === "l") tui.push({ screen: "logs", target: { executionId }, title: `${route.name} ${executionLabel(executionId)}` });
    else if (key === "[") open(e?.previousExecutionId, "previous");
    else if (key === "]") open(e?.nextExecutionId, "next");
  });

  if (!e) {
    return (
      <Box flexDirection="column" height={height}>
        <Rule width={width} title={`Execution ${executionLabel(executionId)}`} />
        <ToneText tone={live.error ? "bad" : "muted"}>{live.error ? `  ${live.error}` : live.loading ? "  loading…" : "  this execution no longer exists"}</ToneText>
      </Box>
    );
  }
  const look = lookOf(e.computeState.stateType);
  const message = executionMessage(e);
  const details = detailLines(e);
  const lines = [...(live.data?.logs ?? [])].reverse();
  const detailRows = Math.min(details.length, 4);
  const outputRows = Math.max(1, height - 6 - (detailRows ? detailRows + 1 : 0));
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Rule width={width} title={`Execution ${e.id}`} extra={route.name} />
      <ToneText tone={look.tone}>{fit(`  ${look.symbol} ${e.computeState.stateType}  ${executionFacts(e)}`, width)}</ToneText>
      <ToneText tone={message && look.tone === "bad" ? "bad" : "plain"}>{fit(`  ${message || "no message"}`, width)}</ToneText>
      <ToneText tone="muted">{fit(`  ${executionTimes(e, Date.now())}${e.runId ? ` · run ${e.runId}` : ""}`, width)}</ToneText>
      <ToneText tone="muted">{fit(`  ${executionChain(e)}`, width)}</ToneText>
      {detailRows ? <Rule width={width} title="Details" /> : null}
      {details.slice(0, detailRows).map((d) => (
        <Text key={d} wrap="truncate">{fit(`  ${d}`, width)}</Text>
      ))}
      <Rule width={width} title="Output" extra={lines.length ? `last ${lines.length} lines ─ l for all` : undefined} />
      {lines.length === 0 ? (
        <ToneText tone="muted">{running ? "  waiting for output…" : "  no output"}</ToneText>
      ) : (
        lines.slice(-outputRows).map((l) => (
          <ToneText key={l.lineNo} tone={l.stream === "stderr" ? "bad" : "plain"}>
            {fit(`  ${clockTime(l.at)} │ ${l.stream === "stderr" ? "! " : ""}${l.text}`, width)}
          </ToneText>
        ))
      )}
    </Box>
  );
}
