import { useEffect, useRef } from "react";
import { useInput } from "ink";
import { useTui, type Chrome } from "../context.tsx";
import { keyName } from "../keys.ts";

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
  useInput((input, key) => handler.current(keyName(input, key), input), { isActive: active });
}
