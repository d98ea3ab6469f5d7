import { useReducer, useRef } from "react";
import { LIST_KEYS } from "../keys.ts";
import { followSelection, moveIndex, type Move, type Selection } from "../state/selection.ts";

/** The list keys and the moves they make, for every screen that scrolls. */
export const MOVES: [readonly string[], Move][] = [
  [LIST_KEYS.up, "up"],
  [LIST_KEYS.down, "down"],
  [LIST_KEYS.top, "top"],
  [LIST_KEYS.bottom, "bottom"],
  [LIST_KEYS.pageUp, "pageUp"],
  [LIST_KEYS.pageDown, "pageDown"],
];

/**
 * The selected row of a live list, kept by key: rows that arrive, leave or
 * re-sort around it do not move it off its item (the first row is pinned as
 * soon as it is drawn), and when its item goes the selection stays at the
 * same position. It lives in a ref, not in state, so several keys handled
 * before the next redraw (key repeat, a pasted "jjj") each move on from the
 * previous one instead of from the last drawn position. `onKey` returns true
 * when it handled the key; `selected` is read at the time of the key.
 */
export function useListSelection<T>(rows: readonly T[], keyOf: (row: T) => string, pageRows: number, opts: { stickToTop?: boolean; initialKey?: string } = {}) {
  const selection = useRef<Selection>({ key: opts.initialKey ?? null, index: 0 });
  // A feed that grows at the top (newest first) keeps the newest selected until the operator moves.
  const moved = useRef(false);
  if (opts.stickToTop && !moved.current) selection.current = { key: null, index: 0 };
  const current = useRef<{ rows: readonly T[]; keys: string[] }>({ rows, keys: [] });
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const keys = rows.map(keyOf);
  current.current = { rows, keys };
  selection.current = followSelection(keys, selection.current);
  const index = selection.current.index;
  const move = (m: Move) => {
    const { keys: now } = current.current;
    const at = followSelection(now, selection.current).index;
    const to = moveIndex(at, now.length, m, pageRows);
    selection.current = { key: now[to] ?? null, index: to };
    moved.current = to > 0;
    redraw();
  };
  return {
    index,
    get selected(): T | null {
      const { rows: now, keys: nowKeys } = current.current;
      return (now[followSelection(nowKeys, selection.current).index] ?? null) as T | null;
    },
    onKey(name: string): boolean {
      const found = MOVES.find(([names]) => names.includes(name));
      if (!found) return false;
      move(found[1]);
      return true;
    },
  };
}
