/**
 * Every timestamp Drover writes comes from a Clock, so tests and the pure
 * control-loop functions can drive time instead of sleeping.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that moves only when told to. */
export class FakeClock implements Clock {
  private ms: number;
  constructor(start: Date | string | number = "2026-01-01T00:00:00Z") {
    this.ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.ms);
  }
  set(at: Date | string | number): void {
    this.ms = new Date(at).getTime();
  }
  advance(ms: number): Date {
    this.ms += ms;
    return this.now();
  }
}
