import React from "react";
import { Text } from "ink";
import { toneColor, type Tone } from "../theme.ts";

const TICKS = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

/**
 * One character per value on a scale from 0 to `max` (the series maximum
 * when not given): zero is drawn empty, anything above zero at least the
 * lowest tick, `max` and above the full block. Missing points (null) are
 * "·", so "nothing sampled" differs from "zero".
 */
export function sparkline(values: (number | null)[], width: number, max?: number): string {
  const tail = values.slice(-width);
  const top = max ?? Math.max(0, ...tail.filter((v): v is number => v !== null));
  return tail
    .map((v) => {
      if (v === null) return "·";
      if (v <= 0 || top <= 0) return " ";
      return TICKS[Math.min(TICKS.length - 1, Math.max(0, Math.ceil((v / top) * TICKS.length) - 1))];
    })
    .join("")
    .padStart(Math.min(width, values.length), " ");
}

export function Sparkline(props: { values: (number | null)[]; width: number; max?: number; tone?: Tone }) {
  return <Text color={toneColor(props.tone ?? "accent")}>{sparkline(props.values, props.width, props.max)}</Text>;
}
