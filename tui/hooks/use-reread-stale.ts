import { useEffect } from "react";

/**
 * Reads rows again that a change touched without carrying them (a run or an
 * execution changed a job's or a node's row), a batch of ten at a time after
 * a short pause, so a burst of events costs one read per row.
 */
export function useRereadStale<T>(stale: ReadonlySet<string>, read: (id: string) => Promise<T>, apply: (id: string, row: T) => void): void {
  const batch = [...stale].slice(0, 10).join(",");
  useEffect(() => {
    if (!batch) return;
    const t = setTimeout(() => {
      for (const id of batch.split(",")) read(id).then((row) => apply(id, row), () => {});
    }, 200);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [batch]);
}
