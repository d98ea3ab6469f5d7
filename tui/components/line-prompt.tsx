import React, { useEffect, useReducer, useRef } from "react";
import { Box, Text, useInput } from "ink";
import { editLine, lineAt, type LineState } from "../line-edit.ts";

/**
 * A one-line editor at the bottom of the screen: Enter submits, Esc cancels.
 * The line lives in a ref, not in React state, so keys that arrive faster
 * than Ink redraws each apply to the previous key's result instead of to a
 * stale copy (with the text kept in state, quick typing lost characters).
 */
export function LinePrompt(props: { label: string; initial: string; onSubmit: (text: string) => void; onCancel: () => void; takeTypeAhead?: () => string }) {
  const line = useRef<LineState>(lineAt(props.initial));
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const apply = (next: LineState) => {
    if (next === line.current) return;
    line.current = next;
    redraw();
  };
  useInput((input, key) => {
    if (key.escape) return props.onCancel();
    if (key.return) return props.onSubmit(line.current.text);
    apply(editLine(line.current, input, key));
  });
  // After the key handler above is registered (effects run in order): the keys typed before it
  // was, an Enter among them included ("/night⏎" typed or pasted at once).
  useEffect(() => {
    const early = props.takeTypeAhead?.() ?? "";
    if (!early) return;
    const [text, ...rest] = early.split("\r");
    apply(editLine(line.current, text, {}));
    if (rest.length) props.onSubmit(line.current.text);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const { text, cursor } = line.current;
  return (
    <Box>
      <Text bold>{` ${props.label} `}</Text>
      <Text>
        {text.slice(0, cursor)}
        <Text inverse>{text[cursor] ?? " "}</Text>
        {text.slice(cursor + 1)}
      </Text>
    </Box>
  );
}
