import React from "react";
import { Text } from "ink";
import { keyLabel, type Binding } from "../keys.ts";
import { toneColor } from "../theme.ts";

/** "  ⏎ open  t trigger  / filter": the visible bindings that fit on one line. */
export function footerText(bindings: Binding[], width: number): string {
  let out = " ";
  for (const b of bindings.filter((x) => !x.hidden)) {
    const part = ` ${keyLabel(b.keys)} ${b.label} `;
    if (out.length + part.length > width) break;
    out += part;
  }
  return out;
}

export function Footer(props: { bindings: Binding[]; width: number }) {
  return <Text color={toneColor("muted")} wrap="truncate">{footerText(props.bindings, props.width)}</Text>;
}
