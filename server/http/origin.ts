import type { CORSOptions } from "graphql-yoga";
import { StartupError } from "../errors.ts";

/**
 * Who a browser says a request comes from, judged against the server's own
 * address and the operator's allow-list (`--cors-origin`, DROVER_CORS_ORIGINS).
 *
 * - `none`: no Origin header. Scripts, agents and the CLI send none; they stay
 *   allowed (a browser always sends one on cross-origin requests and on
 *   WebSocket upgrades).
 * - `same`: the page was served by this server (Origin's host:port equals the
 *   Host header), such as GraphiQL.
 * - `allowed`: on the allow-list: gets CORS headers.
 * - `foreign`: any other web page. Refused, so a page open in a browser on the
 *   server's machine can neither read answers nor open a socket.
 */
export type OriginVerdict = "none" | "same" | "allowed" | "foreign";

export function judgeOrigin(origin: string | null | undefined, host: string | null | undefined, allowed: readonly string[]): OriginVerdict {
  if (origin === undefined || origin === null) return "none";
  const normalised = normaliseOrigin(origin);
  if (normalised && allowed.includes(normalised)) return "allowed";
  if (normalised && host && new URL(normalised).host === host.toLowerCase()) return "same";
  return "foreign";
}

/** `scheme://host[:port]` in URL's canonical spelling (default ports dropped), or null when `value` is not one. */
function normaliseOrigin(value: string): string | null {
  try {
    const u = new URL(value);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    return u.origin;
  } catch {
    return null;
  }
}

/** Parses the comma-separated allow-list; a malformed entry stops the server at start, naming it. */
export function parseOriginList(value: string | undefined | null): string[] {
  if (!value) return [];
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const origin = normaliseOrigin(entry);
      if (!origin || origin !== entry.replace(/\/$/, "").toLowerCase()) {
        throw new StartupError(`--cors-origin / DROVER_CORS_ORIGINS: "${entry}" is not an origin such as https://ui.example.com or http://localhost:5173 (scheme, host and port only)`);
      }
      return origin;
    });
}

/**
 * Yoga's CORS option: headers only for allow-listed origins, never with
 * credentials (Drover authenticates with bearer tokens, not cookies).
 * Same-origin requests need none; foreign ones never reach Yoga.
 */
export function corsOptions(allowed: readonly string[]): (request: Request) => CORSOptions | false {
  return (request) => {
    const origin = request.headers.get("origin");
    if (judgeOrigin(origin, request.headers.get("host"), allowed) !== "allowed") return false;
    return {
      origin: [normaliseOrigin(origin!)!],
      credentials: false,
      methods: ["GET", "POST", "OPTIONS"],
      allowedHeaders: ["authorization", "content-type", "accept"],
      maxAge: 600,
    };
  };
}

/** The answer to a browser request from a foreign page: 403, no CORS headers, so the page learns nothing. */
export function foreignOriginBody(origin: string): string {
  return JSON.stringify({
    errors: [
      {
        message: `requests from ${origin} are not allowed: add it to --cors-origin or DROVER_CORS_ORIGINS to let that page call Drover`,
        extensions: { code: "FORBIDDEN" },
      },
    ],
  });
}
