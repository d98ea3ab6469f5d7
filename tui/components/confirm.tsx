import React from "react";
import { Text, useInput } from "ink";
import { toneColor } from "../theme.ts";

/** "Roll back log-processor to v2? y/N": y confirms, anything else declines. */
export function Confirm(props: { question: string; onAnswer: (yes: boolean) => void }) {
  useInput((input) => props.onAnswer(input === "y" || input === "Y"));
  return (
    <Text color={toneColor("busy")} bold wrap="truncate">
      {` ${props.question} y/N`}
    </Text>
  );
}
