import React, { useEffect, useReducer, useRef, useState } from "react";
import { Box } from "ink";
import { useTui } from "../../context.tsx";
import { useScreen } from "../../hooks/use-screen.ts";
import { useQuery } from "../../hooks/use-live.ts";
import { isTerminalCompute } from "../../../common/states.ts";
import { EXECUTION_STATE } from "../execution/documents.ts";
import { Rule } from "../../components/rule.tsx";
import { ToneText } from "../../components/tone-text.tsx";
import { clockTime, executionLabel, fit, thousands } from "../../format.ts";
import type { Binding } from "../../keys.ts";
import type { ScreenProps } from "../types.ts";
import { promptFilter } from "../filter-prompt.ts";
import { LOG_LINES } from "./documents.ts";
import { initialLogs, reduceLogs, resumeSince, visibleLines, windowOf, MAX_LINES, type LogLine } from "./state.ts";

const BINDINGS: Binding[] = [
  { keys: ["f"], label: "follow", help: "follow: jump to the newest line and stay there" },
  { keys: ["space"], label: "pause", help: "pause or resume following (new lines are counted)" },
  { keys: ["/"], label: "filter", help: "filter: a substring or /regex/, case-insensitive unless it has a capital (empty clears)" },
  { keys: ["g", "G"], label: "top/bottom", help: "oldest held line / newest line" },
  { keys: ["up", "k", "down", "j"], label: "scroll", help: "scroll one line (pgup/pgdn a page)", hidden: true },
  { keys: ["e"], label: "pick execution", help: "narrow a job's or run's merged log to one execution" },
  { keys: ["w"], label: "wrap", help: `wrap long lines or cut them (keeps the last ${MAX_LINES.toLocaleString("en-US")} lines)` },
];

/** How far back a job's or run's merged log starts. */
const BACKLOG = "15m";

export function LogsScreen({ route, active, width, height }: ScreenProps<"logs">) {
  const tui = useTui();
  const [state, dispatch] = useReducer(reduceLogs, undefined, initialLogs);
  const merged = !("executionId" in route.target);
  const last = useRef<{ lineNo: number; at: string | null }>({ lineNo: 0, at: null });

  useEffect(() => {
    const target = route.target;
    return tui.client.live(
      LOG_LINES,
      // Called again on every reconnect: resume after the last line held.
      () =>
        "executionId" in target
          ? { executionId: target.executionId, afterLineNo: last.current.lineNo }
          : { ...target, since: resumeSince(last.current.at, Date.now(), BACKLOG) },
      {
        next: (d) => {
          const lines = d.logLines.lines;
          if (!lines.length) return;
          for (const l of lines) {
            if (l.lineNo > last.current.lineNo) last.current.lineNo = l.lineNo;
            if (!last.current.at || l.at > last.current.at) last.current.at = l.at;
          }
          dispatch({ type: "lines", lines });
        },
        error: (err) => tui.notify(`✗ ${err.message}`, "bad"),
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [JSON.stringify(route.target)]);

  // A finished execution writes nothing more: say so instead of waiting for output forever.
  const executionId = "executionId" in route.target ? route.target.executionId : null;
  const [finished, setFinished] = useState<string | null>(null);
  const probe = useQuery(tui.client, EXECUTION_STATE, { id: executionId ?? "" }, [executionId], 2000, !executionId || finished !== null);
  const probed = probe.data?.execution ?? null;
  useEffect(() => {
    if (probed && isTerminalCompute(probed.computeState.stateType))
      setFinished(`${probed.computeState.stateType.toLowerCase()}${probed.exitCode === null ? "" : `, exit ${probed.exitCode}`}`);
  }, [probed]);

  const rows = Math.max(1, height - 1);
  const total = visibleLines(state).length;
  const detail = [
    state.following ? "following ●" : `paused${state.unseen ? ` (${thousands(state.unseen)} new)` : ""}`,
    state.filter ? `filter: ${state.filter.text}` : "",
    `${thousands(total)} lines`,
  ]
    .filter(Boolean)
    .join("  ");

  useScreen(active, { title: "logs", detail, bindings: executionId ? BINDINGS.filter((b) => !b.keys.includes("e")) : BINDINGS }, (name) => {
    if (name === "e" && !("executionId" in route.target)) tui.push({ screen: "pick", target: route.target, title: route.title });
    else if (name === "f") dispatch({ type: "follow" });
    else if (name === "space") dispatch({ type: "pause" });
    else if (name === "G") dispatch({ type: "follow" });
    else if (name === "g") dispatch({ type: "top", page: rows });
    else if (name === "up" || name === "k") dispatch({ type: "scroll", by: -1, page: rows });
    else if (name === "down" || name === "j") dispatch({ type: "scroll", by: 1, page: rows });
    else if (name === "pageup" || name === "ctrl+u") dispatch({ type: "scroll", by: -(rows - 1), page: rows });
    else if (name === "pagedown" || name === "ctrl+d") dispatch({ type: "scroll", by: rows - 1, page: rows });
    else if (name === "w") dispatch({ type: "wrap" });
    else if (name === "/") promptFilter(tui, "", (_, filter) => dispatch({ type: "filter", filter }));
  });

  // Wrapped lines take several rows: keep only as many of the newest as fit.
  let shown = windowOf(state, rows);
  if (state.wrap) {
    const prefix = merged ? 34 : 15;
    let used = 0;
    let first = shown.length;
    while (first > 0) {
      const need = Math.max(1, Math.ceil((prefix + shown[first - 1].text.length + 2) / Math.max(1, width - prefix)));
      if (used + need > rows) break;
      used += need;
      first--;
    }
    shown = shown.slice(first);
  }
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Rule width={width} title={`Logs ${route.title}`} extra={state.dropped ? `oldest ${thousands(state.dropped)} dropped` : undefined} />
      {shown.length === 0 ? (
        <ToneText tone="muted">{total === 0 && state.lines.length ? "  no line matches the filter" : finished ? `  no output (${finished})` : "  waiting for output…"}</ToneText>
      ) : (
        shown.map((l) => <LogRow key={`${l.executionId}:${l.lineNo}`} line={l} merged={merged} width={width} wrap={state.wrap} />)
      )}
    </Box>
  );
}

/** "10:35:01.112 us-west-01 e-7f3a │ text": node and execution only for a merged stream. */
function LogRow(props: { line: LogLine; merged: boolean; width: number; wrap: boolean }) {
  const { line } = props;
  const node = line.nodeId.replace(/^node-/, "");
  const label = props.merged ? ` ${fit(node, 14).padEnd(14)} ${executionLabel(line.executionId)}` : "";
  const prefix = `${clockTime(line.at)}${label} │ `;
  const text = props.wrap ? line.text : fit(line.text, Math.max(1, props.width - prefix.length));
  return (
    <Box>
      <ToneText tone="muted">{prefix}</ToneText>
      <ToneText tone={line.stream === "stderr" ? "bad" : "plain"} wrap={props.wrap ? "wrap" : "truncate"}>
        {line.stream === "stderr" ? `! ${text}` : text}
      </ToneText>
    </Box>
  );
}
