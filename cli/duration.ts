import { tryParseDuration } from "../common/duration.ts";
import { UsageError } from "./errors.ts";

/**
 * A duration flag ("30s", "5m", "1h30m") in milliseconds; null when not given.
 * The grammar is the spec's own (a pure function of the server's), so a flag
 * and a spec file accept the same spellings. A bare number counts as seconds.
 */
export function parseTimeout(value: string | undefined, flag: string): number | null {
  if (value === undefined) return null;
  const text = /^\s*\d+\s*$/.test(value) ? `${value.trim()}s` : value;
  const d = tryParseDuration(text);
  if (!d.ok) throw new UsageError(`${flag}: ${d.message}`);
  return d.ms;
}
