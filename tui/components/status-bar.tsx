import React from "react";
import { ToneText } from "./tone-text.tsx";
import type { StatusMessage } from "../context.tsx";

export function StatusBar(props: { message: StatusMessage | null }) {
  if (!props.message) return <ToneText tone="muted"> </ToneText>;
  return <ToneText tone={props.message.tone}>{` ${props.message.text}`}</ToneText>;
}
