import React from "react";
import { Text } from "ink";
import { toneColor } from "../theme.ts";

/** A horizontal rule with an optional title: "─ Executions ────────". */
export function Rule(props: { width: number; title?: string; extra?: string }) {
  const head = props.title ? `─ ${props.title} ${props.extra ? `─ ${props.extra} ` : ""}` : "";
  const line = head + "─".repeat(Math.max(0, props.width - head.length));
  return <Text color={toneColor("muted")}>{line.slice(0, props.width)}</Text>;
}
