import type { Logger } from "../../common/logger.ts";

/**
 * A control loop: runs `tick` every `intervalMs`, or at once when woken, never
 * two ticks at a time. A tick that reports more work pending runs again
 * immediately. Errors are logged and the loop goes on: the next tick retries
 * from the database, which holds all state.
 */
export class Loop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    readonly name: string,
    private readonly tick: () => Promise<boolean | void>,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.schedule(0);
  }

  /** Asks for a tick as soon as possible (coalesced with one already running). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), ms);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    if (this.running || this.stopped) return;
    this.again = false;
    let more = false;
    this.running = (async () => {
      try {
        more = (await this.tick()) === true;
      } catch (err) {
        if (!this.stopped) this.log.error({ err, loop: this.name }, "control loop tick failed");
      }
    })();
    await this.running;
    this.running = null;
    this.schedule(more || this.again ? 0 : this.intervalMs);
  }
}
