import { DroverError } from "../errors.ts";

/**
 * One limit for what a client may send at once: the HTTP request body and
 * the graphql-ws message (ws used to execute messages up to its own default
 * of 100 MiB while HTTP stopped at Yoga's 25 MB). 48 MiB leaves room for an
 * agent's largest log report (2,000 lines of up to 16 KiB, about 32 MiB,
 * plus JSON escaping), which travels over HTTP.
 */
export const DEFAULT_MAX_PAYLOAD_BYTES = 48 * 1024 * 1024;

/**
 * Yoga refuses a larger body with its own REQUEST_ENTITY_TOO_LARGE; Drover
 * answers every limit with LIMIT_EXCEEDED, so clients handle one code.
 */
export function payloadLimitError(error: unknown, maxBytes: number): DroverError | null {
  const e = error as { extensions?: { code?: unknown } } | null;
  if (e?.extensions?.code !== "REQUEST_ENTITY_TOO_LARGE") return null;
  return new DroverError("LIMIT_EXCEEDED", `request body is larger than ${maxBytes} bytes (DROVER_MAX_PAYLOAD_BYTES)`, {
    details: { limit: "payload", max: maxBytes, http: { status: 413 } },
  });
}
