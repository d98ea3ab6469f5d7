/**
 * The line numbers a follower has passed without seeing: its cursor is the
 * highest lineNo delivered, and lines below it that were not there yet (an
 * agent's batches stored out of order, through two replicas, or one agent
 * sending 1, 2, 5 and then 4, 3) would otherwise never be delivered. A hole
 * is watched for a while and then given up: most holes are lines an agent
 * dropped (its marker line says so) and will never come.
 */
export const HOLE_WATCH_MS = 60_000;
/** Ranges watched at most per execution (each costs a read per database look); the oldest go first. */
export const MAX_HOLES = 100;

interface Hole {
  from: number;
  to: number;
  openedAt: number;
}

export class LineHoles {
  private holes: Hole[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Lines from..to (inclusive) were skipped. */
  open(from: number, to: number): void {
    if (to < from) return;
    this.holes.push({ from, to, openedAt: this.now() });
    if (this.holes.length > MAX_HOLES) this.holes.splice(0, this.holes.length - MAX_HOLES);
  }

  has(lineNo: number): boolean {
    return this.holes.some((h) => h.from <= lineNo && lineNo <= h.to);
  }

  /** lineNo has been delivered: it no longer counts as missing. */
  fill(lineNo: number): void {
    const i = this.holes.findIndex((h) => h.from <= lineNo && lineNo <= h.to);
    if (i < 0) return;
    const h = this.holes[i]!;
    const parts: Hole[] = [];
    if (h.from < lineNo) parts.push({ from: h.from, to: lineNo - 1, openedAt: h.openedAt });
    if (lineNo < h.to) parts.push({ from: lineNo + 1, to: h.to, openedAt: h.openedAt });
    this.holes.splice(i, 1, ...parts);
  }

  /** The ranges still watched (older ones are given up here). */
  ranges(): readonly { from: number; to: number }[] {
    const cutoff = this.now() - HOLE_WATCH_MS;
    if (this.holes.some((h) => h.openedAt < cutoff)) this.holes = this.holes.filter((h) => h.openedAt >= cutoff);
    return this.holes;
  }

  get size(): number {
    return this.holes.length;
  }

  /**
   * Records what a delivery skipped: `lines` are the new lines after
   * `cursor`, in lineNo order; every gap before and between them is a hole.
   */
  noteDelivered(cursor: number, lineNos: readonly number[]): void {
    let prev = cursor;
    for (const n of lineNos) {
      if (n > prev + 1) this.open(prev + 1, n - 1);
      if (n > prev) prev = n;
    }
  }
}
