import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { request } from "../../client/graphql-http.ts";
import { wsUrlOf } from "../../client/connection.ts";
import type { TypedDocumentString } from "../../client/gql/graphql.ts";

export type ConnectionState = "connecting" | "live" | "reconnecting" | "closed";

export interface ConnectionStatus {
  state: ConnectionState;
  /** Reconnect attempts since the connection was last live. */
  attempt: number;
  /** Why the last connection ended, when it did. */
  reason: string | null;
}

export interface LiveHandlers<R> {
  next(data: R): void;
  error?(err: Error): void;
}

/** How long a keep-alive ping may go unanswered before the socket counts as lost. */
const PONG_TIMEOUT_MS = 3000;

/**
 * The TUI's only way to the server: queries and mutations over HTTP, live data
 * over one graphql-ws socket that reconnects forever.
 *
 * Resuming is the caller's business, by design: `live()` takes a function for its
 * variables and calls it again on every reconnect, so a subscription restarts from
 * the last seq the screen applied (`after: lastSeq`) instead of from where it began.
 * graphql-ws would otherwise resend the original payload on retry.
 */
export class DroverClient {
  private readonly ws: Client;
  private status: ConnectionStatus = { state: "connecting", attempt: 0, reason: null };
  private readonly statusListeners = new Set<(s: ConnectionStatus) => void>();
  private readonly reconnectListeners = new Set<() => void>();
  private readonly disconnectListeners = new Set<() => void>();
  private everConnected = false;
  private pongTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly url: string,
    private readonly token: string | null,
    opts: { keepAliveMs?: number } = {},
  ) {
    let socket: WebSocket | null = null;
    this.ws = createClient({
      url: wsUrlOf(url),
      webSocketImpl: WebSocket,
      connectionParams: () => (token ? { authorization: `Bearer ${token}` } : {}),
      lazy: false,
      keepAlive: opts.keepAliveMs ?? 5000,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => this.status.state !== "closed",
      // Quick first retries so a restarted server is picked up at once, then at most every 3 s.
      retryWait: (retries) => new Promise((r) => setTimeout(r, Math.min(3000, 250 * 2 ** retries))),
      on: {
        connecting: (isRetry) => {
          // Before the first connection the server was never reached: that is "connecting", not "reconnecting".
          if (isRetry) this.setStatus({ state: this.everConnected ? "reconnecting" : "connecting", attempt: this.status.attempt + 1, reason: this.status.reason });
        },
        connected: (s) => {
          socket = s as WebSocket;
          const wasReconnect = this.everConnected;
          this.everConnected = true;
          this.setStatus({ state: "live", attempt: 0, reason: null });
          if (wasReconnect) for (const fn of [...this.reconnectListeners]) fn();
        },
        ping: (received) => {
          if (received || !socket) return;
          const current = socket;
          this.pongTimer = setTimeout(() => {
            if (current.readyState === WebSocket.OPEN) current.close(4408, "keep-alive ping unanswered");
          }, PONG_TIMEOUT_MS);
        },
        pong: (received) => {
          if (received && this.pongTimer) clearTimeout(this.pongTimer);
        },
        closed: (event) => {
          socket = null;
          if (this.pongTimer) clearTimeout(this.pongTimer);
          if (this.status.state === "closed") return;
          const e = event as { code?: number; reason?: string };
          const reason = e.code === 4403 ? "token refused" : e.reason || (e.code ? `closed (${e.code})` : "connection lost");
          const wasLive = this.status.state === "live";
          this.setStatus({ state: this.everConnected ? "reconnecting" : "connecting", attempt: this.status.attempt, reason });
          if (wasLive) for (const fn of [...this.disconnectListeners]) fn();
        },
      },
    });
  }

  get connection(): ConnectionStatus {
    return this.status;
  }

  onStatus(fn: (s: ConnectionStatus) => void): () => void {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }

  query<R, V>(doc: TypedDocumentString<R, V>, variables: V): Promise<R> {
    return request(this.url, this.token, doc, variables);
  }

  /**
   * Follows a subscription across reconnects. `variables` is called on the first
   * subscribe and again after each reconnect (see the class comment).
   */
  live<R, V>(doc: TypedDocumentString<R, V>, variables: () => V, handlers: LiveHandlers<R>): () => void {
    let dispose: (() => void) | null = null;
    let stopped = false;
    const start = () => {
      if (stopped) return;
      dispose?.();
      dispose = this.ws.subscribe<R>(
        { query: String(doc), variables: variables() as Record<string, unknown> },
        {
          next: (msg) => {
            if (msg.errors?.length) handlers.error?.(new Error(msg.errors.map((e) => e.message).join("; ")));
            else if (msg.data) handlers.next(msg.data as R);
          },
          error: (err) => {
            // Socket-level errors are retried by the client; only GraphQL errors reach here.
            if (Array.isArray(err)) handlers.error?.(new Error(err.map((e: { message: string }) => e.message).join("; ")));
          },
          complete: () => {},
        },
      );
    };
    // Drop the stale subscription when the socket goes, so the retry does not replay it
    // with its first variables; start again with fresh ones once connected.
    const onDown = () => {
      dispose?.();
      dispose = null;
    };
    this.disconnectListeners.add(onDown);
    this.reconnectListeners.add(start);
    start();
    return () => {
      stopped = true;
      this.disconnectListeners.delete(onDown);
      this.reconnectListeners.delete(start);
      dispose?.();
      dispose = null;
    };
  }

  async close(): Promise<void> {
    this.setStatus({ state: "closed", attempt: 0, reason: null });
    if (this.pongTimer) clearTimeout(this.pongTimer);
    // While the server is unreachable, the pending connection attempt rejects with its
    // socket error (ECONNREFUSED) inside dispose(): quitting then is normal, not a crash.
    // A connection attempt to a host that never answers is not waited for either.
    const disposed = Promise.resolve()
      .then(() => this.ws.dispose())
      .then(
        () => true,
        () => true,
      );
    const settled = await Promise.race([disposed, new Promise<boolean>((r) => setTimeout(() => r(false), 1000).unref())]);
    if (!settled) this.ws.terminate();
  }

  private setStatus(s: ConnectionStatus): void {
    // Closed is final: a connection attempt that fails while closing reports nothing more.
    if (this.status.state === "closed") return;
    this.status = s;
    for (const fn of [...this.statusListeners]) fn(s);
  }
}
