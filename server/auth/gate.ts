import type { Database, PrismaClient, ApiToken } from "../db/client.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "../../common/logger.ts";
import { DroverError } from "../errors.ts";
import type { Principal } from "./principal.ts";
import { hashSecret, principalOfToken } from "./tokens.ts";
import { RateLimits, type RateLimitSettings } from "./rate-limit.ts";
import { LiveConnections, type Closable } from "./revocation.ts";

/** lastUsedAt is a hint for operators, written at most this often per token so requests stay read-only. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Close code of a WebSocket refused for RATE_LIMITED (graphql-ws's "too many requests"). */
export const RATE_LIMITED_CLOSE = 4429;

/**
 * The one door every request and WebSocket connection goes through: the
 * bearer secret is checked (failed attempts are rate-limited per client
 * address), each token's request rate is limited, and open connections are
 * tracked so that revoking a token closes them.
 */
export class AuthGate {
  readonly connections: LiveConnections;
  private readonly limits: RateLimits;
  private readonly lastUsedWritten = new Map<string, number>();
  private readonly prisma: PrismaClient;

  constructor(
    private readonly db: Pick<Database, "prisma" | "reads">,
    private readonly clock: Clock,
    private readonly log: Logger,
    settings: RateLimitSettings,
  ) {
    this.prisma = db.prisma;
    this.limits = new RateLimits(settings);
    this.connections = new LiveConnections(db.prisma, clock, log);
  }

  start(): void {
    this.connections.start();
  }

  stop(): void {
    this.connections.stop();
  }

  /**
   * The principal behind a secret. Throws UNAUTHENTICATED (missing or bad
   * secret) or RATE_LIMITED (a bad secret from an address that failed too
   * often this minute, or a token over its request rate).
   */
  async authenticate(secret: string | null, address: string | undefined): Promise<Principal> {
    if (!secret) throw new DroverError("UNAUTHENTICATED", "missing token: send Authorization: Bearer <token>");
    const from = address ?? "unknown";
    const principal = await this.lookUp(secret);
    if (!principal) {
      this.log.info({ remoteAddress: from }, "refused a request with an invalid, expired or revoked token");
      await this.limits.recordFailure(from);
      throw new DroverError("UNAUTHENTICATED", "invalid, expired or revoked token");
    }
    await this.countRequest(principal);
    await this.touch(principal.tokenId);
    return principal;
  }

  /**
   * The token row is read on every request, through the driver: one indexed
   * statement, so a token revoked, expired or deleted (with its node) through
   * any replica is refused at the next request, as a cache could not promise.
   */
  private async lookUp(secret: string): Promise<Principal | null> {
    if (!secret.startsWith("drv_")) return null;
    const hash = hashSecret(secret);
    const [row] = await this.db.reads.rows<ApiToken>("ApiToken", `SELECT * FROM "ApiToken" WHERE "hash" = ?`, [hash]);
    return row ? principalOfToken(row, hash, this.clock.now()) : null;
  }

  /** Counts one request or WebSocket operation against the token's rate. */
  countRequest(principal: Principal): Promise<void> {
    return this.limits.countRequest(principal.tokenId);
  }

  /** Follows a WebSocket connection authenticated as `principal`, to close it when the token is revoked. */
  track(principal: Principal, socket: Closable): void {
    this.connections.track(principal.tokenId, socket);
  }

  /** Closes the open connections of tokens just revoked through this server. */
  revoked(tokenIds: Iterable<string>): void {
    const ids = [...tokenIds];
    for (const id of ids) this.lastUsedWritten.delete(id);
    this.connections.close(ids);
  }

  private async touch(tokenId: string): Promise<void> {
    const now = this.clock.now().getTime();
    if (now - (this.lastUsedWritten.get(tokenId) ?? -Infinity) < LAST_USED_RESOLUTION_MS) return;
    this.lastUsedWritten.set(tokenId, now);
    try {
      await this.prisma.apiToken.update({ where: { id: tokenId }, data: { lastUsedAt: new Date(now) } });
    } catch (err) {
      // A token deleted with its node in between: the request goes on as authenticated a moment ago.
      this.log.debug({ err, tokenId }, "cannot record a token's last use");
    }
  }
}

/** The HTTP answer to a refused authentication: 401, or 429 with Retry-After. */
export function refusalResponse(err: unknown): Response {
  const e = err instanceof DroverError ? err : new DroverError("UNAUTHENTICATED", "invalid, expired or revoked token");
  const headers: Record<string, string> = { "content-type": "application/json" };
  let status = 401;
  if (e.code === "RATE_LIMITED") {
    status = 429;
    headers["retry-after"] = String(e.extensions.retryAfter ?? 60);
  } else {
    headers["www-authenticate"] = "Bearer";
  }
  return new Response(JSON.stringify({ errors: [{ message: e.message, extensions: e.extensions }] }), { status, headers });
}

/** Refuses a graphql-ws connection: 4429 for RATE_LIMITED; false lets graphql-ws close a bad token with 4403. */
export function refuseSocket(err: unknown, socket: Closable): false {
  if (err instanceof DroverError && err.code === "RATE_LIMITED") socket.close(RATE_LIMITED_CLOSE, err.message.slice(0, 120));
  else if (!(err instanceof DroverError)) throw err;
  return false;
}
