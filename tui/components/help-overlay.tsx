import React from "react";
import { Box, Text } from "ink";
import { GLOBAL_BINDINGS, keyLabel, type Binding } from "../keys.ts";
import { Rule } from "./rule.tsx";
import { fit } from "../format.ts";

/** Every key of the current screen, then the keys every screen has. */
export function HelpOverlay(props: { title: string; bindings: Binding[]; width: number; height: number }) {
  const line = (b: Binding) => `  ${keyLabel(b.keys).padEnd(14)} ${b.help ?? b.label}`;
  const rows = [...props.bindings.map(line), "", ...GLOBAL_BINDINGS.map(line)];
  return (
    <Box flexDirection="column" height={props.height}>
      <Rule width={props.width} title={`Keys: ${props.title}`} extra="? or esc to close" />
      {rows.slice(0, props.height - 1).map((r, i) => (
        <Text key={i} wrap="truncate">{fit(r, props.width)}</Text>
      ))}
    </Box>
  );
}
