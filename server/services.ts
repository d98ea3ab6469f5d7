import type { Database } from "./db/client.ts";
import type { Clock } from "./clock.ts";
import type { ServerConfig } from "./config.ts";
import type { Logger } from "../common/logger.ts";
import type { WakeBus } from "./events/bus.ts";
import type { EventTailer } from "./events/tail.ts";
import type { LogFeed } from "./logs/feed.ts";
import type { IngestWriter } from "./db/ingest-writer.ts";
import type { AuthGate } from "./auth/gate.ts";

/** What domain code needs from the process: one object, built once per server. */
export interface Services {
  config: ServerConfig;
  db: Database;
  clock: Clock;
  log: Logger;
  bus: WakeBus;
  tailer: EventTailer;
  logFeed: LogFeed;
  /** The direct-driver writer for log lines and metric samples. */
  ingest: IngestWriter;
  /** Authentication, rate limits, and the open connections of each token (closed when it is revoked). */
  auth: AuthGate;
}
