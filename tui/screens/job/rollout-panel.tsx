import React from "react";
import { Box, Text } from "ink";
import { ProgressBar } from "../../components/progress-bar.tsx";
import { Rule } from "../../components/rule.tsx";
import { ToneText } from "../../components/tone-text.tsx";
import { lookOf } from "../../theme.ts";
import { rolloutTitle, type Rollout } from "./summary.ts";

/** Rollout progress as TUI.md draws it: the wave bar, failures, and the canary line. */
export function RolloutPanel(props: { rollout: Rollout; width: number; budget: number | null }) {
  const r = props.rollout;
  const tone = r.state === "FAILED" ? "bad" : r.state === "SUCCEEDED" ? "ok" : "busy";
  const barWidth = Math.max(10, Math.min(34, props.width - 46));
  const stateLook = lookOf(r.state === "SUCCEEDED" ? "SUCCEEDED" : r.state === "FAILED" ? "FAILED" : r.state === "PAUSED" ? "ROLLOUT_PAUSED" : "DEPLOYING");
  return (
    <Box flexDirection="column">
      <Rule width={props.width} title="Rollout" extra={rolloutTitle(r)} />
      <Box>
        <Text>{`  wave ${r.currentWave}/${r.totalWaves}`.padEnd(13)}</Text>
        <ProgressBar done={r.updatedNodes} total={r.totalNodes} failed={r.failedNodes} width={barWidth} tone={tone} />
        <Text>{`  ${r.updatedNodes}/${r.totalNodes} updated  `}</Text>
        <ToneText tone={r.failedNodes ? "bad" : "plain"}>{`${r.failedNodes} failed`}</ToneText>
        {props.budget !== null ? <ToneText tone="muted">{`  (halts above ${props.budget})`}</ToneText> : null}
      </Box>
      <ToneText tone={stateLook.tone}>{`  ${stateLook.symbol} ${r.state.toLowerCase()}: ${r.message}`}</ToneText>
      {r.canaryNodes.length ? (
        <Box>
          <Text>{"  canary     "}</Text>
          <ToneText tone={r.canaryPromoted ? "ok" : "busy"}>
            {`${r.canaryNodes.join(", ")} ${r.canaryPromoted ? "✓ promoted" : r.state === "PAUSED" ? "‖ waiting for promote (p)" : "◐ proving itself"}`}
          </ToneText>
          {r.rollbackToVersion > 0 ? <ToneText tone="muted">{`   rollback to v${r.rollbackToVersion} if it fails`}</ToneText> : null}
        </Box>
      ) : r.rollbackToVersion > 0 && r.state !== "SUCCEEDED" ? (
        <ToneText tone="muted">{`  rollback to v${r.rollbackToVersion} if it fails`}</ToneText>
      ) : null}
    </Box>
  );
}
