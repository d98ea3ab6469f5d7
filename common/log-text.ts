/**
 * What a stored log line may contain. A process may print any bytes; the
 * agent decodes them as UTF-8, which already turns every invalid sequence
 * into U+FFFD (the replacement character). Two things survive decoding that
 * storage refuses: NUL (PostgreSQL text cannot hold U+0000) and, in text
 * that did not come through a decoder (a hand-written agent, JSON escapes),
 * unpaired UTF-16 surrogates, which are not characters at all. Both become
 * U+FFFD too, so any output is stored, visibly marked where it was not text.
 *
 * Used by the agent on every line it reads and again by the server on every
 * line it ingests. Imports nothing: the agent uses it without server code.
 */

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const HAS_UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const REPLACEMENT_CHARACTER = "\uFFFD";

/** `text` with NUL and unpaired surrogates replaced by U+FFFD; the same string when there are none. */
export function storableLogText(text: string): string {
  return HAS_UNSTORABLE.test(text) ? text.replace(UNSTORABLE, REPLACEMENT_CHARACTER) : text;
}
