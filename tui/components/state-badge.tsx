import React from "react";
import { lookOf } from "../theme.ts";
import { ToneText } from "./tone-text.tsx";
import { pad } from "../format.ts";

/** "● RUNNING", "✗ FAILED": the symbol says it without colour. */
export function stateText(state: string | null | undefined): string {
  return `${lookOf(state).symbol} ${state ?? "—"}`;
}

export function StateBadge(props: { state: string | null | undefined; width?: number }) {
  const text = stateText(props.state);
  return <ToneText tone={lookOf(props.state).tone}>{props.width ? pad(text, props.width) : text}</ToneText>;
}
