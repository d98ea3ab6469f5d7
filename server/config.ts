import path from "node:path";
import { rateLimitSettingsFromEnv, type RateLimitSettings } from "./auth/rate-limit.ts";
import { DEFAULT_MAX_PAYLOAD_BYTES } from "./http/payload.ts";
import { parseOriginList } from "./http/origin.ts";

/** Everything a server process can be told, with the defaults of the quickstart. */
export interface ServerConfig {
  /** Interface to bind; loopback by default so a fresh install is not exposed. */
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Holds drover.db (SQLite default), admin.token and server.json. */
  dataDir: string;
  /** `file:...` for SQLite, `postgres://...` for PostgreSQL. */
  databaseUrl: string;
  /** When set, wake-ups travel through Redis so every replica delivers every change. */
  redisUrl?: string;
  /** How long the event log keeps events for resuming subscriptions. */
  eventRetentionMs: number;
  /** Write `.drover/admin.token` and `server.json` (the quickstart does; tests may not). */
  writeStateFiles: boolean;
  logLevel: string;
  /** Log lines and metric samples older than this are deleted. */
  logRetentionMs: number;
  /** At most this many lines are kept per execution (the newest). */
  logMaxLinesPerExecution: number;
  /** A node whose last heartbeat is older than this is DOWN and its executions LOST. */
  heartbeatTtlMs: number;
  /** Run the scheduler and liveness loops in this process (off for API-only replicas). */
  controlLoops: boolean;
  /** Failed authentications per address and requests per token, per minute (DROVER_AUTH_FAILURE_LIMIT, DROVER_TOKEN_RATE_LIMIT). */
  rateLimits: RateLimitSettings;
  /** Web origins (`https://ui.example.com`) whose pages may call the API; any other page is refused (DROVER_CORS_ORIGINS, comma-separated). */
  corsOrigins: string[];
  /** The largest request body over HTTP and the largest graphql-ws message (DROVER_MAX_PAYLOAD_BYTES). */
  maxPayloadBytes: number;
}

/** Reads DROVER_* and DATABASE_URL / REDIS_URL from the environment, then applies overrides. */
export function loadConfig(overrides: Partial<ServerConfig> = {}, env = process.env): ServerConfig {
  const dataDir = path.resolve(overrides.dataDir ?? env.DROVER_DATA_DIR ?? ".drover");
  const base: ServerConfig = {
    host: env.DROVER_HOST ?? "127.0.0.1",
    port: env.DROVER_PORT ? Number(env.DROVER_PORT) : 4000,
    dataDir,
    databaseUrl: env.DATABASE_URL || `file:${path.join(dataDir, "drover.db")}`,
    redisUrl: env.REDIS_URL || undefined,
    eventRetentionMs: env.DROVER_EVENT_RETENTION_HOURS ? Number(env.DROVER_EVENT_RETENTION_HOURS) * 3_600_000 : 7 * 24 * 3_600_000,
    writeStateFiles: true,
    logLevel: env.DROVER_LOG_LEVEL ?? env.LOG_LEVEL ?? "info",
    heartbeatTtlMs: env.DROVER_HEARTBEAT_TTL_MS ? Number(env.DROVER_HEARTBEAT_TTL_MS) : 15_000,
    logRetentionMs: env.DROVER_LOG_RETENTION_HOURS ? Number(env.DROVER_LOG_RETENTION_HOURS) * 3_600_000 : 7 * 24 * 3_600_000,
    logMaxLinesPerExecution: env.DROVER_LOG_MAX_LINES ? Number(env.DROVER_LOG_MAX_LINES) : 100_000,
    controlLoops: env.DROVER_CONTROL_LOOPS !== "false",
    rateLimits: rateLimitSettingsFromEnv(env),
    corsOrigins: parseOriginList(env.DROVER_CORS_ORIGINS),
    maxPayloadBytes: env.DROVER_MAX_PAYLOAD_BYTES ? Number(env.DROVER_MAX_PAYLOAD_BYTES) : DEFAULT_MAX_PAYLOAD_BYTES,
  };
  const merged = { ...base, ...stripUndefined(overrides), dataDir };
  if (!Number.isInteger(merged.port) || merged.port < 0 || merged.port > 65535) {
    throw new Error(`invalid port ${merged.port}: expected 0-65535`);
  }
  // Checked after the overrides too: the command line's --cors-origin arrives as an override.
  merged.corsOrigins = parseOriginList(merged.corsOrigins.join(","));
  if (!Number.isInteger(merged.maxPayloadBytes) || merged.maxPayloadBytes < 1024) {
    throw new Error(`invalid DROVER_MAX_PAYLOAD_BYTES ${merged.maxPayloadBytes}: expected a whole number of bytes, at least 1024`);
  }
  return merged;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
