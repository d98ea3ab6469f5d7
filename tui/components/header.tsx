import React from "react";
import { Box, Text } from "ink";
import type { ConnectionStatus } from "../api/client.ts";
import { toneColor } from "../theme.ts";
import { fitWords } from "../format.ts";

export function connectionText(c: ConnectionStatus): { text: string; tone: "ok" | "busy" | "bad" } {
  switch (c.state) {
    case "live":
      return { text: "● live", tone: "ok" };
    case "connecting":
      return c.attempt > 0 ? { text: `● unreachable (attempt ${c.attempt})`, tone: "bad" } : { text: "◐ connecting", tone: "busy" };
    case "reconnecting":
      return { text: `● reconnecting (attempt ${Math.max(1, c.attempt)})`, tone: "bad" };
    case "closed":
      return { text: "○ closed", tone: "bad" };
  }
}

/** " drover  jobs › log-processor  ns:prod        localhost:4000 ● live   ? help  q quit" */
export function Header(props: { width: number; crumbs: string; detail?: string; namespace: string | null; host: string; connection: ConnectionStatus }) {
  const conn = connectionText(props.connection);
  const wide = props.width >= 90;
  const host = wide ? `${props.host} ` : "";
  const keys = wide ? "   ? help  q quit" : "  ? help";
  const rightLength = host.length + conn.text.length + keys.length;
  const left = ` drover  ${props.crumbs}${props.namespace ? `  ns:${props.namespace}` : ""}${props.detail ? `  ${props.detail}` : ""}`;
  const room = Math.max(0, props.width - rightLength);
  return (
    <Box width={props.width}>
      <Text bold>{fitWords(left, room - 1).padEnd(room)}</Text>
      <Text>{host}</Text>
      <Text color={toneColor(conn.tone)} bold={conn.tone === "bad"}>
        {conn.text}
      </Text>
      <Text>{keys}</Text>
    </Box>
  );
}
