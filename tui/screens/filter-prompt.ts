import type { Tui } from "../context.tsx";
import { parseFilter, type Filter } from "../state/filter.ts";

/** `/` on any screen: asks for a filter (starting from the current one) and reports a bad /regex/ instead of applying it. */
export function promptFilter(tui: Tui, current: string, apply: (text: string, filter: Filter | null) => void): void {
  tui.prompt("/", current, (text) => {
    const parsed = parseFilter(text);
    if ("error" in parsed) tui.notify(`✗ ${parsed.error}`, "bad");
    else apply(text.trim(), parsed.filter);
  });
}
