import type { Key } from "ink";

/** A one-line editor's text and cursor (an offset into the text). */
export interface LineState {
  text: string;
  cursor: number;
}

export function lineAt(text: string): LineState {
  return { text, cursor: text.length };
}

/**
 * One key applied to a line, with the readline keys operators' fingers
 * expect: arrows, Home/End and Ctrl-A/Ctrl-E, Backspace, Ctrl-U (to the
 * start), Ctrl-K (to the end), Ctrl-W (the word before). Returns the same
 * object when the key changes nothing. Pure, so a burst of keys applied one
 * after another, faster than the screen redraws, never loses one.
 */
export function editLine(s: LineState, input: string, key: Partial<Key>): LineState {
  const { text, cursor } = s;
  const at = (t: string, c: number): LineState => ({ text: t, cursor: Math.max(0, Math.min(t.length, c)) });
  if (key.leftArrow) return cursor > 0 ? at(text, cursor - 1) : s;
  if (key.rightArrow) return cursor < text.length ? at(text, cursor + 1) : s;
  if (key.home || (key.ctrl && input === "a")) return at(text, 0);
  if (key.end || (key.ctrl && input === "e")) return at(text, text.length);
  // Most terminals send DEL (0x7f) for Backspace, which Ink reports as `delete`.
  if (key.backspace || key.delete) return cursor > 0 ? at(text.slice(0, cursor - 1) + text.slice(cursor), cursor - 1) : s;
  if (key.ctrl && input === "u") return at(text.slice(cursor), 0);
  if (key.ctrl && input === "k") return at(text.slice(0, cursor), cursor);
  if (key.ctrl && input === "w") {
    const before = text.slice(0, cursor).replace(/\S+\s*$/, "");
    return at(before + text.slice(cursor), before.length);
  }
  if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.pageUp || key.pageDown || key.return || key.escape || !input) return s;
  // Printable input (a pasted chunk arrives as one string); control characters are dropped.
  const printable = input.replace(/[\u0000-\u001f\u007f]/g, "");
  if (!printable) return s;
  return at(text.slice(0, cursor) + printable + text.slice(cursor), cursor + printable.length);
}
