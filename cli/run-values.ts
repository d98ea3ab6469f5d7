import fs from "node:fs";
import { UsageError } from "./errors.ts";

/** Commander's fold for a repeatable `--meta`: the flags as given, parsed by `parseMeta` in the action (where a usage error exits 2). */
export function collectMeta(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * `--meta k=v`, repeatable: one key per flag, so a value may hold commas and
 * "=" (everything after the first "=" is the value).
 */
export function parseMeta(flags: string[] | undefined): Record<string, string> | null {
  if (!flags?.length) return null;
  const meta: Record<string, string> = {};
  for (const value of flags) {
    const eq = value.indexOf("=");
    if (eq <= 0) throw new UsageError(`--meta "${value}": give key=value`);
    const key = value.slice(0, eq);
    if (Object.hasOwn(meta, key)) throw new UsageError(`--meta ${key} given twice`);
    Object.defineProperty(meta, key, { value: value.slice(eq + 1), enumerable: true, writable: true, configurable: true });
  }
  return meta;
}

/** `--payload-file f` (or "-" for stdin): the file's text, sent as the run's payload as it is. */
export function readPayloadFile(file: string | undefined): string | null {
  if (file === undefined) return null;
  try {
    return fs.readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (err) {
    throw new UsageError(`--payload-file ${file}: ${(err as Error).message}`);
  }
}
