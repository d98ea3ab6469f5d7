/**
 * Text that every database can store. PostgreSQL refuses a NUL character in
 * text and in JSON (`invalid byte sequence`, `unsupported Unicode escape
 * sequence`), and a lone UTF-16 surrogate is not Unicode at all (it cannot be
 * encoded as UTF-8): both are refused at input, naming the field, rather
 * than failing at the database as an internal error (or being stored
 * differently per database).
 */

// A high surrogate not followed by a low one, or a low one not preceded by a high one (no `u` flag: it must see halves).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A message completing "<field> ...", or null when the text can be stored as is. */
export function textProblem(text: string): string | null {
  if (text.indexOf("\u0000") >= 0) return "must not contain a NUL character (\\u0000)";
  if (LONE_SURROGATE.test(text)) return "must be valid Unicode: it contains a lone surrogate (half of a UTF-16 pair)";
  return null;
}
