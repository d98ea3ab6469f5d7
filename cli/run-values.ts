import fs from "node:fs";
import { UsageError } from "./errors.ts";

/**
 * `--meta k=v`, repeatable: one key per flag, so a value may hold commas and
 * "=" (everything after the first "=" is the value). Commander folds the
 * flags into one map through this.
 */
export function collectMeta(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf("=");
  if (eq <= 0) throw new UsageError(`--meta "${value}": give key=value`);
  const key = value.slice(0, eq);
  if (Object.hasOwn(previous, key)) throw new UsageError(`--meta ${key} given twice`);
  return { ...previous, [key]: value.slice(eq + 1) };
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
