import React from "react";
import { Box, Text } from "ink";
import { pad } from "../format.ts";
import type { Tone } from "../theme.ts";
import { ToneText } from "./tone-text.tsx";
import { windowStart } from "../state/selection.ts";

export interface Cell {
  text: string;
  tone?: Tone;
}

export interface Column<T> {
  header: string;
  width: number;
  align?: "left" | "right";
  /** Columns with a higher number are dropped first when the terminal is narrow; 0 never. */
  drop?: number;
  /** The one column that takes the width left over. */
  grow?: boolean;
  cell: (row: T) => string | Cell;
}

const GAP = 2;
const MARKER = 2;

/** The columns that fit `width`: drop the most droppable until the rest fit, then let one grow. */
export function fitColumns<T>(columns: Column<T>[], width: number): { column: Column<T>; width: number }[] {
  let kept = [...columns];
  const total = (cols: Column<T>[]) => MARKER + cols.reduce((n, c) => n + c.width, 0) + GAP * Math.max(0, cols.length - 1);
  while (total(kept) > width) {
    const droppable = kept.filter((c) => (c.drop ?? 0) > 0);
    if (!droppable.length) break;
    const worst = droppable.reduce((a, b) => ((b.drop ?? 0) >= (a.drop ?? 0) ? b : a));
    kept = kept.filter((c) => c !== worst);
  }
  const spare = Math.max(0, width - total(kept));
  const growIndex = kept.findIndex((c) => c.grow);
  return kept.map((c, i) => ({ column: c, width: i === growIndex ? c.width + spare : c.width }));
}

export function Table<T>(props: {
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  selected: number | null;
  width: number;
  height: number;
  empty?: string;
}) {
  const cols = fitColumns(props.columns, props.width);
  const bodyHeight = Math.max(1, props.height - 1);
  const start = props.selected === null ? 0 : windowStart(props.selected, props.rows.length, bodyHeight);
  const visible = props.rows.slice(start, start + bodyHeight);
  const header = " ".repeat(MARKER) + cols.map((c) => pad(c.column.header, c.width, c.column.align)).join(" ".repeat(GAP));
  return (
    <Box flexDirection="column" height={props.height}>
      <Text bold wrap="truncate">{header}</Text>
      {visible.length === 0 ? (
        <ToneText tone="muted">{"  " + (props.empty ?? "nothing here")}</ToneText>
      ) : (
        visible.map((row, i) => {
          const index = start + i;
          const isSelected = index === props.selected;
          return (
            <Box key={props.rowKey(row)}>
              <Text bold={isSelected}>{isSelected ? "▸ " : "  "}</Text>
              {cols.map((c, ci) => {
                const raw = c.column.cell(row);
                const cell = typeof raw === "string" ? { text: raw } : raw;
                return (
                  <ToneText key={ci} tone={cell.tone} bold={isSelected}>
                    {pad(cell.text, c.width, c.column.align) + (ci < cols.length - 1 ? " ".repeat(GAP) : "")}
                  </ToneText>
                );
              })}
            </Box>
          );
        })
      )}
    </Box>
  );
}
