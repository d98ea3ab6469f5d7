import React from "react";
import { Text } from "ink";
import { toneColor, type Tone } from "../theme.ts";

/** "████████░░": `done` of `total` in `width` cells; failed cells drawn as ✗ at the end of the done part. */
export function barText(done: number, total: number, width: number, failed = 0): { done: string; failed: string; rest: string } {
  if (total <= 0 || width <= 0) return { done: "", failed: "", rest: "░".repeat(Math.max(0, width)) };
  const cell = (n: number) => Math.round((Math.min(n, total) / total) * width);
  const f = failed > 0 ? Math.max(1, cell(failed)) : 0;
  const d = Math.max(0, Math.min(width - f, cell(done)));
  return { done: "█".repeat(d), failed: "✗".repeat(f), rest: "░".repeat(Math.max(0, width - d - f)) };
}

export function ProgressBar(props: { done: number; total: number; failed?: number; width: number; tone?: Tone }) {
  const b = barText(props.done, props.total, props.width, props.failed ?? 0);
  return (
    <Text>
      <Text color={toneColor(props.tone ?? "ok")}>{b.done}</Text>
      <Text color={toneColor("bad")}>{b.failed}</Text>
      <Text color={toneColor("muted")}>{b.rest}</Text>
    </Text>
  );
}
