import React, { useRef, useReducer } from "react";
import { Box, Text } from "ink";
import { useTui } from "../../context.tsx";
import { movedStream, useLiveQuery } from "../../hooks/use-live.ts";
import { useScreen } from "../../hooks/use-screen.ts";
import { Rule } from "../../components/rule.tsx";
import { ToneText } from "../../components/tone-text.tsx";
import { fit } from "../../format.ts";
import { type Binding } from "../../keys.ts";
import { MOVES } from "../../hooks/use-list-selection.ts";
import { moveIndex } from "../../state/selection.ts";
import type { TuiDescribeJobQuery } from "../../../client/gql/graphql.ts";
import type { ScreenProps } from "../types.ts";
import { DESCRIBE_JOB, DESCRIBE_JOB_EVENTS } from "./documents.ts";
import { describeLines } from "./yaml-lines.ts";

const BINDINGS: Binding[] = [{ keys: ["up", "k", "down", "j"], label: "scroll", help: "scroll (g/G top/bottom, pgup/pgdn a page)" }];



/** A job as YAML (y on the jobs screen), like k9s's describe: its spec and status, live. */
export function DescribeScreen({ route, active, width, height }: ScreenProps<"describe">) {
  const tui = useTui();
  const live = useLiveQuery<TuiDescribeJobQuery>({
    client: tui.client,
    deps: [route.jobId],
    load: async () => {
      const data = await tui.client.query(DESCRIBE_JOB, { id: route.jobId });
      return { data, seq: data.executions.seq };
    },
    streams: [movedStream(DESCRIBE_JOB_EVENTS, (after) => ({ jobId: route.jobId, after }), (d) => d.jobEvents.seq)],
  });
  const job = live.data?.job ?? null;
  const lines = job ? describeLines(job) : [];
  const rows = Math.max(1, height - 1);
  const maxTop = Math.max(0, lines.length - rows);
  // The top line lives in a ref so keys of one chunk scroll from each other's result.
  const top = useRef(0);
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  top.current = Math.min(top.current, maxTop);

  useScreen(active, { title: "describe", bindings: BINDINGS }, (key) => {
    const found = MOVES.find(([names]) => names.includes(key));
    if (!found) return;
    top.current = Math.min(maxTop, moveIndex(top.current, maxTop + 1, found[1], rows));
    redraw();
  });

  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Rule width={width} title={`Describe ${route.name}`} extra={lines.length > rows ? `lines ${top.current + 1}-${Math.min(lines.length, top.current + rows)} of ${lines.length}` : undefined} />
      {!job ? (
        <ToneText tone={live.error ? "bad" : "muted"}>{live.error ? `  ${live.error}` : live.loading ? "  loading…" : "  this job no longer exists"}</ToneText>
      ) : (
        lines.slice(top.current, top.current + rows).map((l, i) => (
          <Text key={top.current + i} wrap="truncate">{fit(`  ${l}`, width)}</Text>
        ))
      )}
    </Box>
  );
}
