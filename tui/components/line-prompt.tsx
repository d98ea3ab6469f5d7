import React, { useState } from "react";
import { Box, Text, useInput } from "ink";
import TextInput from "ink-text-input";

/** A one-line editor at the bottom of the screen: Enter submits, Esc cancels. */
export function LinePrompt(props: { label: string; initial: string; onSubmit: (text: string) => void; onCancel: () => void }) {
  const [value, setValue] = useState(props.initial);
  useInput((_input, key) => {
    if (key.escape) props.onCancel();
  });
  return (
    <Box>
      <Text bold>{` ${props.label} `}</Text>
      <TextInput value={value} onChange={setValue} onSubmit={props.onSubmit} />
    </Box>
  );
}
