import { createRequire } from "node:module";
import pino from "pino";

// pino-pretty (and its dependencies) load only when a person watches a terminal.
const require = createRequire(import.meta.url);

/** One structured logger for operators; clients never see what it records. */
export type Logger = pino.Logger;

/**
 * JSON lines for machines (a pipe, a file, a log collector); readable lines
 * when a person watches a terminal. DROVER_LOG_FORMAT=json|pretty overrides.
 */
export function createLogger(level = "info", base: Record<string, unknown> = { service: "drover" }): Logger {
  const format = process.env.DROVER_LOG_FORMAT ?? (process.stderr.isTTY ? "pretty" : "json");
  if (format === "pretty") {
    const pretty = require("pino-pretty") as typeof import("pino-pretty");
    return pino(
      { level, base },
      pretty({ destination: 2, colorize: !process.env.NO_COLOR, translateTime: "HH:MM:ss.l", ignore: "pid,hostname,service", singleLine: true }),
    );
  }
  return pino({ level, base }, pino.destination(2));
}
