import RE2 from "re2";
import { DroverError } from "../errors.ts";

/** Longer patterns are refused: a filter is something typed, not a program. */
export const MAX_FILTER_PATTERN_LENGTH = 512;

export type LogFilter = ((text: string) => boolean) | { contains: string } | null;

/**
 * Compiles `filter`: /re/ or /re/i is a regular expression, anything else a
 * plain substring. Expressions come from any viewer, so they run on RE2, whose
 * matching time is linear in the line's length: with JavaScript's backtracking
 * engine `/^(\w+\s?)*$/` held the event loop for 42 s over one 29-character
 * line. RE2 has no backreferences or lookaround; such patterns are refused
 * with the engine's reason.
 */
export function compileLogFilter(filter: string | null | undefined): LogFilter {
  if (!filter) return null;
  const m = /^\/(.*)\/([a-z]*)$/s.exec(filter);
  if (!m) return { contains: filter };
  const [, source, flags] = m as unknown as [string, string, string];
  if (!/^[imsu]*$/.test(flags)) throw new DroverError("VALIDATION_FAILED", `regular expression flags may be i, m, s and u, not "${flags}"`, { field: "filter" });
  if (source.length > MAX_FILTER_PATTERN_LENGTH) {
    throw new DroverError("VALIDATION_FAILED", `regular expression is ${source.length} characters long; at most ${MAX_FILTER_PATTERN_LENGTH} are allowed`, { field: "filter" });
  }
  let re: RE2;
  try {
    re = new RE2(source, flags);
  } catch (err) {
    throw new DroverError("VALIDATION_FAILED", `invalid regular expression ${filter}: ${(err as Error).message}`, { field: "filter" });
  }
  return (text) => re.test(text);
}
