import pino from "pino";

/** One structured logger for operators; clients never see what it records. */
export type Logger = pino.Logger;

export function createLogger(level = "info"): Logger {
  return pino({ level, base: { service: "drover" } });
}
