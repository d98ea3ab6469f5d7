import React from "react";
import { Text } from "ink";
import { toneColor, type Tone } from "../theme.ts";

/** Text in a tone's colour; plain text when NO_COLOR is set. */
export function ToneText(props: { tone?: Tone; bold?: boolean; dim?: boolean; inverse?: boolean; wrap?: "truncate" | "wrap"; children: React.ReactNode }) {
  return (
    <Text color={toneColor(props.tone ?? "plain")} bold={props.bold} dimColor={props.dim} inverse={props.inverse} wrap={props.wrap ?? "truncate"}>
      {props.children}
    </Text>
  );
}
