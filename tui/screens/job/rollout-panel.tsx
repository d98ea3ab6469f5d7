import React from "react";
import { Box, Text } from "ink";
import { barText } from "../../components/progress-bar.tsx";
import { Rule } from "../../components/rule.tsx";
import { ToneText } from "../../components/tone-text.tsx";
import { lookOf, toneColor } from "../../theme.ts";
import { fitWords } from "../../format.ts";
import { rolloutTitle, type Rollout } from "./summary.ts";

/**
 * The wave line's parts for a width: "  wave 2/3   ████░░  4/6 updated  0 failed  (halts above 0)".
 * The bar takes what the words leave (10 to 34 cells); the budget note goes first when it is narrow.
 * Every line of the panel is one Text that fits, so none wraps and pushes the screen down.
 */
export function waveLine(r: Rollout, width: number, budget: number | null): { head: string; bar: number; counts: string; failed: string; halts: string } {
  const head = `  wave ${r.currentWave}/${r.totalWaves}`.padEnd(13);
  const counts = `  ${r.updatedNodes}/${r.totalNodes} updated  `;
  const failed = `${r.failedNodes} failed`;
  let halts = budget !== null ? `  (halts above ${budget})` : "";
  const room = (h: string) => width - head.length - counts.length - failed.length - h.length;
  if (room(halts) < 10) halts = "";
  return { head, bar: Math.max(4, Math.min(34, room(halts))), counts, failed, halts };
}

/** Lines the panel draws: its rule, the wave bar, the state, and the canary or rollback line when there is one. */
export function rolloutRows(r: Rollout): number {
  return 3 + (r.canaryNodes.length || (r.rollbackToVersion > 0 && r.state !== "SUCCEEDED") ? 1 : 0);
}

/** Rollout progress as TUI.md draws it: the wave bar, failures, and the canary line. */
export function RolloutPanel(props: { rollout: Rollout; width: number; budget: number | null }) {
  const r = props.rollout;
  const tone = r.state === "FAILED" ? "bad" : r.state === "SUCCEEDED" ? "ok" : "busy";
  const stateLook = lookOf(r.state === "SUCCEEDED" ? "SUCCEEDED" : r.state === "FAILED" ? "FAILED" : r.state === "PAUSED" ? "ROLLOUT_PAUSED" : "DEPLOYING");
  const w = waveLine(r, props.width, props.budget);
  const b = barText(r.updatedNodes, r.totalNodes, w.bar, r.failedNodes);
  const canary = r.canaryNodes.length
    ? `  canary     ${r.canaryNodes.join(", ")} ${r.canaryPromoted ? "✓ promoted" : r.state === "PAUSED" ? "‖ waiting for promote (p)" : "◐ proving itself"}`
    : "";
  const rollback = r.rollbackToVersion > 0 && (r.canaryNodes.length || r.state !== "SUCCEEDED") ? `   rollback to v${r.rollbackToVersion} if it fails` : "";
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Rule width={props.width} title="Rollout" extra={rolloutTitle(r)} />
      <Text wrap="truncate">
        {w.head}
        <Text color={toneColor(tone)}>{b.done}</Text>
        <Text color={toneColor("bad")}>{b.failed}</Text>
        <Text color={toneColor("muted")}>{b.rest}</Text>
        {w.counts}
        <Text color={toneColor(r.failedNodes ? "bad" : "plain")}>{w.failed}</Text>
        <Text color={toneColor("muted")}>{w.halts}</Text>
      </Text>
      <ToneText tone={stateLook.tone}>{fitWords(`  ${stateLook.symbol} ${r.state.toLowerCase()}: ${r.message}`, props.width)}</ToneText>
      {canary ? (
        <Text wrap="truncate">
          <Text color={toneColor(r.canaryPromoted ? "ok" : "busy")}>{canary}</Text>
          <Text color={toneColor("muted")}>{rollback.length + canary.length <= props.width ? rollback : ""}</Text>
        </Text>
      ) : rollback ? (
        <ToneText tone="muted">{`  ${rollback.trim()}`}</ToneText>
      ) : null}
    </Box>
  );
}
