import type { Key } from "ink";

/**
 * A key binding: what the operator presses, what the help overlay and the footer
 * call it. Screens declare their bindings as data so `?` can list every key of
 * the current screen and the footer can show the main ones.
 */
export interface Binding {
  /** Names: single characters ("t", "G", "/"), or "enter", "escape", "space", "up", "down", "left", "right", "pageup", "pagedown", "tab". */
  keys: string[];
  /** Shown in the footer and the help overlay, e.g. "trigger". */
  label: string;
  /** Longer text for the help overlay. */
  help?: string;
  /** Listed in the help overlay but not in the footer. */
  hidden?: boolean;
  /** Leaves the footer first when the line is full (still listed by `?`). */
  minor?: boolean;
}

export function keyName(input: string, key: Key): string {
  if (key.return) return "enter";
  if (key.escape) return "escape";
  if (key.upArrow) return "up";
  if (key.downArrow) return "down";
  if (key.leftArrow) return "left";
  if (key.rightArrow) return "right";
  if (key.pageUp) return "pageup";
  if (key.pageDown) return "pagedown";
  if (key.tab) return "tab";
  if (key.backspace || key.delete) return "backspace";
  if (input === " ") return "space";
  if (key.ctrl && input) return `ctrl+${input}`;
  return input;
}

/**
 * The keys in one input event. A terminal hands over whatever arrived in one
 * read, so key repeat, a paste or `tmux send-keys jjj` reach Ink as one
 * string ("jjj"); Ink splits off escape sequences but not printable runs.
 * Each character is its own key here, control characters included
 * ("j\r" is j then Enter). A single key passes through unchanged.
 */
export function splitKeys(input: string, key: Key): { name: string; input: string }[] {
  const chars = Array.from(input);
  if (chars.length <= 1 || key.ctrl || key.meta) return [{ name: keyName(input, key), input }];
  return chars.map((ch) => ({ name: charName(ch), input: ch }));
}

function charName(ch: string): string {
  const code = ch.charCodeAt(0);
  if (ch === "\r" || ch === "\n") return "enter";
  if (ch === "\t") return "tab";
  if (ch === "\u007f" || ch === "\b") return "backspace";
  if (ch === "\u001b") return "escape";
  if (ch === " ") return "space";
  if (code < 32) return `ctrl+${String.fromCharCode(code + 96)}`;
  return ch;
}

export function matches(binding: Binding, name: string): boolean {
  return binding.keys.includes(name);
}

/** How a key is written in the footer and help: "⏎" for enter, "↑/k" for a pair. */
export function keyLabel(keys: string[]): string {
  const names: Record<string, string> = { enter: "⏎", escape: "esc", space: "space", up: "↑", down: "↓", left: "←", right: "→", pageup: "pgup", pagedown: "pgdn", tab: "tab" };
  return keys.map((k) => names[k] ?? k.replace(/^ctrl\+/, "^")).join("/");
}

/** Movement shared by every list: arrows and vim keys. */
export const LIST_KEYS = {
  up: ["up", "k"],
  down: ["down", "j"],
  top: ["g"],
  bottom: ["G"],
  // ctrl+d deletes, as in k9s; ctrl+b/ctrl+f page like less and vim.
  pageUp: ["pageup", "ctrl+b"],
  pageDown: ["pagedown", "ctrl+f"],
} as const;

/** Bindings every screen has; the app handles them. */
export const GLOBAL_BINDINGS: Binding[] = [
  { keys: ["?"], label: "help", help: "show or hide this help" },
  { keys: [":"], label: "command", help: "go to a view: jobs, nodes, ns NAME", hidden: true },
  { keys: ["escape"], label: "back", help: "go back one level (or close a dialog)", hidden: true },
  { keys: ["up", "k", "down", "j"], label: "move", help: "move the selection (g/G top/bottom, pgup/pgdn or ^b/^f a page)", hidden: true },
  { keys: ["q"], label: "quit", help: "quit (ctrl+c anywhere)", hidden: true },
];
