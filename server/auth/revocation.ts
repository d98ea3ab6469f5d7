import type { PrismaClient } from "../db/client.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "../../common/logger.ts";

/** What a tracked connection needs: graphql-ws's `ws` socket has both. */
export interface Closable {
  close(code: number, reason: string): void;
  once(event: "close", listener: () => void): unknown;
}

/** The close code of a refused token, as graphql-ws uses for a refused connection_init. */
export const TOKEN_REFUSED_CLOSE = 4403;

const POLL_SLICE = 500;

/**
 * The open WebSocket connections of each token, so that revoking a token
 * closes them (subscriptions authenticate once, at connect). A revocation
 * made through this server closes its connections at once; one made through
 * another replica (or a token that expired or whose node was deleted) is
 * found by a poll of the tracked tokens, one query every `pollMs`.
 */
export class LiveConnections {
  private readonly byToken = new Map<string, Set<Closable>>();
  private timer: NodeJS.Timeout | null = null;
  private polling = false;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly pollMs = 500,
  ) {}

  track(tokenId: string, socket: Closable): void {
    let set = this.byToken.get(tokenId);
    if (!set) this.byToken.set(tokenId, (set = new Set()));
    set.add(socket);
    socket.once("close", () => {
      set.delete(socket);
      if (set.size === 0 && this.byToken.get(tokenId) === set) this.byToken.delete(tokenId);
    });
  }

  /** Closes every tracked connection of these tokens with 4403. */
  close(tokenIds: Iterable<string>, reason = "token revoked"): void {
    for (const id of tokenIds) {
      const set = this.byToken.get(id);
      if (!set) continue;
      this.byToken.delete(id);
      for (const socket of set) socket.close(TOKEN_REFUSED_CLOSE, reason);
    }
  }

  start(): void {
    this.timer ??= setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Closes the connections of tracked tokens that are no longer valid. */
  async poll(): Promise<void> {
    if (this.polling || this.byToken.size === 0) return;
    this.polling = true;
    try {
      const ids = [...this.byToken.keys()];
      const now = this.clock.now();
      const keep = new Set<string>();
      // In slices, so a fleet of agents stays under the databases' bound-parameter limits.
      for (let i = 0; i < ids.length; i += POLL_SLICE) {
        const valid = await this.prisma.apiToken.findMany({
          where: { id: { in: ids.slice(i, i + POLL_SLICE) }, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
          select: { id: true },
        });
        for (const t of valid) keep.add(t.id);
      }
      this.close(ids.filter((id) => !keep.has(id)), "token revoked or expired");
    } catch (err) {
      this.log.warn({ err }, "cannot check the tokens of open connections");
    } finally {
      this.polling = false;
    }
  }
}
