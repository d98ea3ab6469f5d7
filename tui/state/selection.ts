/**
 * Cursor and scroll position of a list, as pure functions: the screens keep
 * the selected row's key (not its index) so a live update that inserts or
 * removes rows above it does not move the operator's selection.
 */
export type Move = "up" | "down" | "top" | "bottom" | "pageUp" | "pageDown";

export function moveIndex(index: number, count: number, move: Move, page: number): number {
  if (count === 0) return 0;
  const step = Math.max(1, page - 1);
  const next =
    move === "up" ? index - 1
    : move === "down" ? index + 1
    : move === "top" ? 0
    : move === "bottom" ? count - 1
    : move === "pageUp" ? index - step
    : index + step;
  return Math.min(count - 1, Math.max(0, next));
}

/** The index of `key` in `keys`, or the nearest valid index when it is gone. */
export function indexOfKey(keys: readonly string[], key: string | null, fallback = 0): number {
  if (key !== null) {
    const i = keys.indexOf(key);
    if (i >= 0) return i;
  }
  return Math.min(Math.max(0, fallback), Math.max(0, keys.length - 1));
}

/** The selected item's key and where it was last seen. */
export interface Selection {
  key: string | null;
  index: number;
}

/**
 * The selection after the rows changed: on the same item wherever it moved,
 * or, when it is gone (or nothing was selected yet), on the row now at its
 * last position, which then becomes the selected item.
 *
 * Example: keys [a, b, c], selected b at 1; c is inserted first → [c, a, b]:
 * b at 2. Then b leaves → [c, a]: the row at 2 is gone, so a (at 1) is selected.
 */
export function followSelection(keys: readonly string[], s: Selection): Selection {
  // An empty list (loading, or a filter that matches nothing) keeps the selection for when rows come back.
  if (keys.length === 0) return s;
  const index = indexOfKey(keys, s.key, s.index);
  return { key: keys[index] ?? null, index };
}

/** The first row to draw so that `selected` is visible in a window of `height` rows. */
export function windowStart(selected: number, count: number, height: number): number {
  if (height <= 0 || count <= height) return 0;
  const half = Math.floor(height / 2);
  return Math.min(Math.max(0, selected - half), count - height);
}
