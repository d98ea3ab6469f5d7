import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { DroverError } from "../errors.ts";

/**
 * In-memory fixed-window counters (rate-limiter-flexible), per server
 * process: each replica limits what reaches it. A limit of 0 turns it off.
 */
export interface RateLimitSettings {
  /** Failed authentications one client address may make per minute before it is refused for the rest of the minute. */
  authFailuresPerMinute: number;
  /** Requests (HTTP requests and WebSocket operations) one token may make per minute. */
  tokenRequestsPerMinute: number;
}

export const RATE_LIMIT_DEFAULTS: RateLimitSettings = {
  // Enough for a person mistyping a token or a script retrying now and then; a guesser gets 20 tries a minute.
  authFailuresPerMinute: 20,
  // 1,000 a second averaged over a minute: far above an agent in a log flood or a busy script, low enough that
  // one runaway client cannot take the whole server.
  tokenRequestsPerMinute: 60_000,
};

/** RATE_LIMITED, saying when to come back (also as `extensions.retryAfter`, in seconds). */
export function rateLimited(what: string, msBeforeNext: number): DroverError {
  const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new DroverError("RATE_LIMITED", `${what}: retry after ${retryAfter}s`, { details: { retryAfter } });
}

export class RateLimits {
  private readonly failures: RateLimiterMemory | null;
  private readonly requests: RateLimiterMemory | null;

  constructor(settings: RateLimitSettings) {
    this.failures = settings.authFailuresPerMinute > 0 ? new RateLimiterMemory({ points: settings.authFailuresPerMinute, duration: 60 }) : null;
    this.requests = settings.tokenRequestsPerMinute > 0 ? new RateLimiterMemory({ points: settings.tokenRequestsPerMinute, duration: 60 }) : null;
  }

  /**
   * Counts one failed authentication of `address`; past the limit, throws
   * RATE_LIMITED for the rest of the minute. Only failures are refused: a
   * valid token from the same address still gets in, so a stranger's guesses
   * cannot lock out the agents and people behind that address (loopback,
   * NAT). A guess is 256 random bits, so letting a right one in tells a
   * guesser nothing they could use.
   */
  async recordFailure(address: string): Promise<void> {
    if (!this.failures) return;
    try {
      await this.failures.consume(address, 1);
    } catch (res) {
      if (res instanceof RateLimiterRes) throw rateLimited("too many failed authentications from this address", res.msBeforeNext);
      throw res;
    }
  }

  /** Counts one request of a token; throws RATE_LIMITED past its limit. */
  async countRequest(tokenId: string): Promise<void> {
    if (!this.requests) return;
    try {
      await this.requests.consume(tokenId, 1);
    } catch (res) {
      if (res instanceof RateLimiterRes) throw rateLimited("this token made too many requests", res.msBeforeNext);
      throw res;
    }
  }
}

/** Reads DROVER_AUTH_FAILURE_LIMIT and DROVER_TOKEN_RATE_LIMIT (per minute; 0 = off). */
export function rateLimitSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): RateLimitSettings {
  return {
    authFailuresPerMinute: perMinute(env.DROVER_AUTH_FAILURE_LIMIT, RATE_LIMIT_DEFAULTS.authFailuresPerMinute, "DROVER_AUTH_FAILURE_LIMIT"),
    tokenRequestsPerMinute: perMinute(env.DROVER_TOKEN_RATE_LIMIT, RATE_LIMIT_DEFAULTS.tokenRequestsPerMinute, "DROVER_TOKEN_RATE_LIMIT"),
  };
}

function perMinute(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined || text.trim() === "") return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a whole number of requests per minute (0 = no limit), not "${text}"`);
  return n;
}
