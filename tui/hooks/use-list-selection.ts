import { useState } from "react";
import { LIST_KEYS } from "../keys.ts";
import { indexOfKey, moveIndex, type Move } from "../state/selection.ts";

const MOVES: [readonly string[], Move][] = [
  [LIST_KEYS.up, "up"],
  [LIST_KEYS.down, "down"],
  [LIST_KEYS.top, "top"],
  [LIST_KEYS.bottom, "bottom"],
  [LIST_KEYS.pageUp, "pageUp"],
  [LIST_KEYS.pageDown, "pageDown"],
];

/**
 * The selected row of a live list, kept by key so rows arriving or leaving
 * above it do not move it, and the movement keys every list shares (arrows,
 * j/k, g/G, page up/down). `onKey` returns true when it handled the key.
 */
export function useListSelection<T>(rows: readonly T[], keyOf: (row: T) => string, pageRows: number) {
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const keys = rows.map(keyOf);
  const index = indexOfKey(keys, selectedKey);
  const move = (m: Move) => setSelectedKey(keys[moveIndex(index, keys.length, m, pageRows)] ?? null);
  return {
    index,
    selected: (rows[index] ?? null) as T | null,
    onKey(name: string): boolean {
      const found = MOVES.find(([names]) => names.includes(name));
      if (!found) return false;
      move(found[1]);
      return true;
    },
  };
}
