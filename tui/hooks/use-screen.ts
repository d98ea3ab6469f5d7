import { useEffect, useRef } from "react";
import { useInput } from "ink";
import { useTui, type Chrome } from "../context.tsx";
import { splitKeys } from "../keys.ts";

/**
 * Declares the active screen's title and keys (for the header, footer and `?`)
 * and routes its key presses. Inactive screens (under another on the stack, or
 * under an open dialog) get no input: `isActive` switches their handler off.
 */
export function useScreen(active: boolean, chrome: Chrome, onKey: (name: string, input: string) => void): void {
  const tui = useTui();
  const signature = `${chrome.title}\u0000${chrome.detail ?? ""}\u0000${chrome.bindings.map((b) => b.keys.join(",") + b.label).join("|")}`;
  useEffect(() => {
    if (active) tui.setChrome(chrome);
    // chrome is compared by its signature: a new object with the same content changes nothing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active, signature]);
  const handler = useRef(onKey);
  handler.current = onKey;
  // Every key of a chunk is handled (see splitKeys); the handler reads the screen's state through
  // refs or reducers, so the second key of a chunk sees what the first one did.
  useInput(
    (input, key) => {
      for (const k of splitKeys(input, key)) {
        if (tui.dialogOpen()) {
          if (k.name === "enter") tui.typeAhead("\r");
          else if (k.input.length === 1 && k.input >= " ") tui.typeAhead(k.input);
          continue;
        }
        handler.current(k.name, k.input);
      }
    },
    { isActive: active },
  );
}
