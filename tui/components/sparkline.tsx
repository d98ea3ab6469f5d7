import React from "react";
import { Text } from "ink";
import { toneColor, type Tone } from "../theme.ts";

const TICKS = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

/**
 * One character per value, scaled between 0 and the series maximum (a flat
 * series of zeros draws the lowest tick). Missing points (null) draw a space.
 */
export function sparkline(values: (number | null)[], width: number): string {
  const tail = values.slice(-width);
  const max = Math.max(0, ...tail.filter((v): v is number => v !== null));
  return tail
    .map((v) => {
      if (v === null) return " ";
      if (max <= 0) return TICKS[0];
      return TICKS[Math.min(TICKS.length - 1, Math.floor((v / max) * (TICKS.length - 1) + 0.5))];
    })
    .join("")
    .padStart(Math.min(width, values.length), " ");
}

export function Sparkline(props: { values: (number | null)[]; width: number; tone?: Tone }) {
  return <Text color={toneColor(props.tone ?? "accent")}>{sparkline(props.values, props.width)}</Text>;
}
