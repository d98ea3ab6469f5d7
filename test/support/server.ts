import { expect } from "vitest";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { startServer, type DroverServer } from "../../server/app.ts";
import { createLogger } from "../../common/logger.ts";
import type { Clock } from "../../server/clock.ts";
import type { ServerConfig } from "../../server/config.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";

export interface TestServer {
  server: DroverServer;
  token: string;
  /** Runs one operation over HTTP; returns the parsed body and status. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, opts?: { token?: string | null }): Promise<GqlResult<T>>;
  /** A real graphql-ws client connected with the admin token (or the given one). */
  ws(token?: string): Client;
  /** The server's services, for assertions on stored rows. */
  services(): DroverServer["services"];
  stop(): Promise<void>;
}

export interface GqlResult<T> {
  status: number;
  data: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
}

/** One real server on port 0 with its own database, per test file. */
export async function startTestServer(
  provider: "sqlite" | "postgresql" = "sqlite",
  opts: {
    clock?: Clock;
    redisUrl?: string;
    heartbeatTtlMs?: number;
    controlLoops?: boolean;
    /** An existing database (a restart, a second replica): kept when this server stops. */
    database?: TestDatabase;
    rateLimits?: ServerConfig["rateLimits"];
  } = {},
): Promise<TestServer> {
  const db = opts.database ? { url: opts.database.url, drop: async () => {} } : await createTestDatabase(provider);
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "drover-test-"));
  const server = await startServer({
    config: {
      port: 0,
      host: "127.0.0.1",
      dataDir,
      databaseUrl: db.url,
      redisUrl: opts.redisUrl,
      writeStateFiles: true,
      heartbeatTtlMs: opts.heartbeatTtlMs,
      controlLoops: opts.controlLoops,
      rateLimits: opts.rateLimits,
    },
    clock: opts.clock,
    log: createLogger(process.env.DROVER_TEST_LOG ?? "silent"),
  });
  const clients: Client[] = [];
  const token = server.adminToken;
  return {
    server,
    token,
    async gql(query, variables, o = {}) {
      const t = o.token === undefined ? token : o.token;
      const res = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(t ? { authorization: `Bearer ${t}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: unknown; errors?: GqlResult<unknown>["errors"] };
      return { status: res.status, data: (body.data ?? null) as any, errors: body.errors };
    },
    services: () => server.services,
    ws(t = token) {
      const client = createClient({
        url: server.wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${t}` },
        lazy: true,
        retryAttempts: 0,
      });
      clients.push(client);
      return client;
    },
    async stop() {
      await Promise.all(clients.map((c) => c.dispose()));
      await server.stop();
      await db.drop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Submits a job through the API, expecting no error, and returns its id. */
export async function submitJobId(t: TestServer, input: Record<string, unknown>): Promise<string> {
  const r = await t.gql(`mutation($input: SubmitJobInput!) { submitJob(input: $input) { job { id } } }`, { input });
  expect(r.errors).toBeUndefined();
  return r.data.submitJob.job.id as string;
}

/** Collects subscription payloads until `count` arrived or the timeout passes. */
export function collect<T = any>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
): { items: T[]; errors: unknown[]; waitFor(count: number, ms?: number): Promise<T[]>; stop(): void } {
  const items: T[] = [];
  const errors: unknown[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (v) => {
        if (v.errors) errors.push(...v.errors);
        if (v.data) items.push(v.data as T);
        wake?.();
      },
      error: (e) => {
        // graphql-ws hands operation errors over as an array of GraphQL errors.
        errors.push(...(Array.isArray(e) ? e : [e]));
        wake?.();
      },
      complete: () => wake?.(),
    },
  );
  return {
    items,
    errors,
    async waitFor(count, ms = 5000) {
      const deadline = Date.now() + ms;
      while (items.length < count && errors.length === 0 && Date.now() < deadline) {
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, Math.max(0, deadline - Date.now()));
        });
      }
      return items;
    },
    stop: unsubscribe,
  };
}
