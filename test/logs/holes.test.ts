import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { HOLE_WATCH_MS, LineHoles } from "../../server/logs/holes.ts";

describe("LineHoles", () => {
  it("opens a hole for every gap a delivery skipped, and closes it line by line", () => {
    const h = new LineHoles();
    h.noteDelivered(0, [1, 2, 5, 9]);
    expect(h.ranges()).toMatchObject([{ from: 3, to: 4 }, { from: 6, to: 8 }]);
    h.fill(4);
    h.fill(7);
    expect(h.ranges()).toMatchObject([{ from: 3, to: 3 }, { from: 6, to: 6 }, { from: 8, to: 8 }]);
    expect(h.has(3) && h.has(6) && h.has(8)).toBe(true);
    expect(h.has(4) || h.has(7) || h.has(9)).toBe(false);
  });

  it("gives a hole up after a while: lines an agent dropped never come", () => {
    let now = 0;
    const h = new LineHoles(() => now);
    h.noteDelivered(0, [10]);
    now = HOLE_WATCH_MS - 1;
    expect(h.ranges()).toHaveLength(1);
    now = HOLE_WATCH_MS + 1;
    expect(h.ranges()).toHaveLength(0);
    expect(h.has(5)).toBe(false);
  });

  it("whatever order lines arrive in, delivering each once leaves no line both delivered and missing", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 10 }), { minLength: 1, maxLength: 10 }), (batches) => {
        const h = new LineHoles();
        let cursor = 0;
        const delivered = new Set<number>();
        for (const batch of batches) {
          const fresh = [...new Set(batch)].filter((n) => n > cursor).sort((a, b) => a - b);
          for (const n of batch) if (n <= cursor && h.has(n) && !delivered.has(n)) {
            h.fill(n);
            delivered.add(n);
          }
          h.noteDelivered(cursor, fresh);
          for (const n of fresh) delivered.add(n);
          if (fresh.length) cursor = fresh[fresh.length - 1];
        }
        for (let n = 1; n <= cursor; n++) expect(h.has(n)).toBe(!delivered.has(n));
      }),
    );
  });
});
