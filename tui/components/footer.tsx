import React from "react";
import { Text } from "ink";
import { keyLabel, type Binding } from "../keys.ts";
import { toneColor } from "../theme.ts";

/**
 * "  ⏎ open  t trigger  / filter": the visible bindings on one line. When they
 * do not fit, the minor ones leave first (from the end), so the keys that act
 * stay; whatever still does not fit is cut at a whole binding, never mid-word.
 */
export function footerText(bindings: Binding[], width: number): string {
  const parts = (list: Binding[]) => list.map((b) => ` ${keyLabel(b.keys)} ${b.label} `);
  let shown = bindings.filter((x) => !x.hidden);
  const length = (list: Binding[]) => 1 + parts(list).join("").length;
  while (length(shown) > width && shown.some((b) => b.minor)) {
    const last = shown.map((b) => Boolean(b.minor)).lastIndexOf(true);
    shown = shown.filter((_, i) => i !== last);
  }
  let out = " ";
  for (const part of parts(shown)) {
    if (out.length + part.length > width) break;
    out += part;
  }
  return out;
}

export function Footer(props: { bindings: Binding[]; width: number }) {
  return <Text color={toneColor("muted")} wrap="truncate">{footerText(props.bindings, props.width)}</Text>;
}
