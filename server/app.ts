import fs from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { createYoga, type Plugin } from "graphql-yoga";
import { GraphQLError } from "graphql";
import { openDatabase, restrictSqliteFiles } from "./db/client.ts";
import { applyMigrations } from "./db/migrate.ts";
import { loadConfig, type ServerConfig } from "./config.ts";
import { systemClock, type Clock } from "./clock.ts";
import { createLogger, type Logger } from "../common/logger.ts";
import { createMemoryBus, createRedisBus } from "./events/bus.ts";
import { EventTailer } from "./events/tail.ts";
import { ensureEventCounters } from "./events/log.ts";
import { bearerSecret, ensureAdminToken } from "./auth/tokens.ts";
import { AuthGate, refusalResponse } from "./auth/gate.ts";
import type { Principal } from "./auth/principal.ts";
import { schema } from "./graphql/schema/index.ts";
import type { Context } from "./graphql/context.ts";
import { graphiqlOptions } from "./http/graphiql.ts";
import { renderGraphiqlPage, serveGraphiqlAsset } from "./http/graphiql-page.ts";
import { corsOptions, foreignOriginBody, judgeOrigin } from "./http/origin.ts";
import { operationLimitPlugins } from "./graphql/limits.ts";
import { payloadLimitError } from "./http/payload.ts";
import { healthResponse } from "./http/health.ts";
import type { Services } from "./services.ts";
import { ControlPlane } from "./control/plane.ts";
import { LogFeed } from "./logs/feed.ts";
import { openIngestWriter } from "./db/ingest-writer.ts";
import { acquireSqliteLock } from "./db/sqlite-lock.ts";
import { providerFromUrl, sqliteFilePath } from "./db/url.ts";
import { StartupError } from "./errors.ts";
import { createLoaders } from "./graphql/loaders.ts";
import { statementTracePlugin } from "./graphql/statement-trace-plugin.ts";
import { countSubscriptionResults, createWsServer } from "./http/ws-server.ts";
import { SharedSubscriptions } from "./http/shared-subscriptions.ts";

export interface DroverServer {
  /** e.g. http://127.0.0.1:4000/graphql */
  url: string;
  wsUrl: string;
  port: number;
  /** The quickstart admin token (also in `<dataDir>/admin.token`). */
  adminToken: string;
  services: Services;
  /** The subscriptions executing once for all their subscribers. */
  sharedSubscriptions: SharedSubscriptions;
  stop(): Promise<void>;
}

export interface StartOptions {
  config?: Partial<ServerConfig>;
  clock?: Clock;
  log?: Logger;
}

const GRAPHQL_PATH = "/graphql";

/**
 * Starts a Drover server: migrates the database, makes sure the admin token
 * exists, then serves GraphQL over HTTP and graphql-ws on one port.
 */
export async function startServer(opts: StartOptions = {}): Promise<DroverServer> {
  const config = loadConfig(opts.config);
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? createLogger(config.logLevel);

  const sqliteFile = providerFromUrl(config.databaseUrl) === "sqlite" ? sqliteFilePath(config.databaseUrl) : ":memory:";
  const lock = sqliteFile === ":memory:" ? null : acquireSqliteLock(sqliteFile);
  try {
    await applyMigrations(config.databaseUrl, (line: string) => log.debug({ migration: line }, "migration"));
  } catch (err) {
    lock?.release();
    throw err;
  }
  const db = await openDatabase(config.databaseUrl);
  await ensureEventCounters(db.prisma);
  restrictSqliteFiles(sqliteFile);
  const adminToken = await ensureAdminToken(db.prisma, clock, config.dataDir, config.writeStateFiles);
  const bus = config.redisUrl ? await createRedisBus(config.redisUrl) : createMemoryBus();
  const tailer = new EventTailer(db.prisma, db.reads, bus, log);
  await tailer.start();
  const ingest = openIngestWriter(config.databaseUrl);
  const auth = new AuthGate(db, clock, log, config.rateLimits);
  const shared = new SharedSubscriptions();
  const services: Services = { config, db, clock, log, bus, tailer, logFeed: new LogFeed(), ingest, auth };
  const control = config.controlLoops ? new ControlPlane(services) : null;

  // Requests whose bearer token was checked before Yoga parsed them.
  const principals = new WeakMap<Request, Principal>();
  const yoga = createYoga<{ principal?: Principal; remoteAddress?: string }, Context>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    landingPage: false,
    logging: {
      debug: (...a) => log.debug(a.length === 1 ? a[0] : a),
      info: (...a) => log.info(a.length === 1 ? a[0] : a),
      warn: (...a) => log.warn(a.length === 1 ? a[0] : a),
      error: (...a) => log.error(a.length === 1 ? a[0] : a),
    },
    graphiql: graphiqlOptions(),
    renderGraphiQL: renderGraphiqlPage,
    cors: corsOptions(config.corsOrigins),
    maxRequestBodySize: config.maxPayloadBytes,
    maskedErrors: {
      maskError(error, message) {
        const tooLarge = payloadLimitError(error, config.maxPayloadBytes);
        if (tooLarge) return tooLarge;
        if (isExpectedError(error)) return error as Error;
        const original = (error as { originalError?: unknown }).originalError ?? error;
        log.error({ err: original }, "unexpected error in a GraphQL operation");
        return new GraphQLError(message, { extensions: { code: "INTERNAL_SERVER_ERROR" } });
      },
    },
    context: ({ request, principal }) => {
      const p = principal ?? principals.get(request);
      // The auth plugin refuses requests without one before execution; this is a guard.
      if (!p) throw new GraphQLError("missing or invalid token", { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
      return { services, principal: p, loaders: createLoaders(db) };
    },
    plugins: [statementTracePlugin(), bearerAuth(services, principals), ...operationLimitPlugins(), countSubscriptionResults(shared)],
  });

  const server = http.createServer(async (req, res) => {
    const pathname = new URL(req.url ?? "/", "http://drover").pathname;
    if (pathname === "/health") {
      const h = await healthResponse(services);
      res.writeHead(h.status, { "content-type": "application/json" });
      res.end(JSON.stringify(h.body));
      return;
    }
    // Before anything else reads the request: a foreign web page learns nothing, not even whether its token was good.
    if (judgeOrigin(req.headers.origin, req.headers.host, config.corsOrigins) === "foreign") {
      res.writeHead(403, { "content-type": "application/json" }).end(foreignOriginBody(req.headers.origin!));
      return;
    }
    if (await serveGraphiqlAsset(pathname, req, res)) return;
    yoga(req, res, { remoteAddress: req.socket.remoteAddress });
  });

  // Upgrades are routed here rather than by handing `server` to ws, which would
  // re-emit the HTTP server's errors (a port in use) as WebSocket server errors.
  const wsServer = createWsServer({ path: GRAPHQL_PATH, maxPayloadBytes: config.maxPayloadBytes, corsOrigins: config.corsOrigins, auth, schema, yoga, shared });
  server.on("upgrade", (req, socket, head) => wsServer.upgrade(req, socket, head));

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (err) {
    await wsServer.close();
    await tailer.stop();
    await bus.close();
    await ingest.close();
    await db.close();
    lock?.release();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      throw new StartupError(`${config.host}:${config.port} is already in use (another Drover server?): choose another port with --port or DROVER_PORT`);
    }
    if (code === "EACCES" || code === "EADDRNOTAVAIL") {
      throw new StartupError(`cannot listen on ${config.host}:${config.port} (${code}): choose another --host or --port`);
    }
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}${GRAPHQL_PATH}`;
  lock?.describe({ url });
  const wsUrl = url.replace(/^http/, "ws");
  if (config.writeStateFiles) {
    await fs.mkdir(config.dataDir, { recursive: true, mode: 0o700 });
    // The admin token and the database live here: nobody else may list or read it, even if it existed before.
    await fs.chmod(config.dataDir, 0o700);
    await fs.writeFile(
      path.join(config.dataDir, "server.json"),
      JSON.stringify({ url, wsUrl, pid: process.pid, startedAt: clock.now().toISOString() }, null, 2) + "\n",
    );
  }

  control?.start();
  auth.start();

  let stopped = false;
  return {
    url,
    wsUrl,
    port,
    adminToken,
    services,
    sharedSubscriptions: shared,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await control?.stop();
        auth.stop();
        await wsServer.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await tailer.stop();
        await bus.close();
        await ingest.close();
        await db.close();
      } finally {
        // Whatever failed on the way down, the database is free for the next server.
        lock?.release();
      }
    },
  };
}

/**
 * A GraphQL error made on purpose (a DroverError, or GraphQL's own validation
 * and coercion errors), as opposed to a bug that must be masked. Checked by
 * shape, not instanceof: Yoga and our code may load different copies (ESM and
 * CommonJS) of the graphql package.
 */
function isExpectedError(error: unknown): boolean {
  const e = error as { name?: string; originalError?: { name?: string } | null } | null;
  if (!e || e.name !== "GraphQLError") return false;
  return !e.originalError || e.originalError.name === "GraphQLError";
}

/**
 * Refuses HTTP requests without a valid bearer token with 401 before Yoga
 * parses them. The GraphiQL page itself is open (it carries no data).
 */
function bearerAuth(s: Services, principals: WeakMap<Request, Principal>): Plugin {
  return {
    async onRequest({ request, endResponse, url, serverContext }) {
      if (url.pathname !== GRAPHQL_PATH) return;
      const accept = request.headers.get("accept") ?? "";
      if (request.method === "GET" && accept.includes("text/html")) return;
      const secret = bearerSecret(request.headers.get("authorization"));
      let principal: Principal;
      try {
        principal = await s.auth.authenticate(secret, (serverContext as { remoteAddress?: string }).remoteAddress);
      } catch (err) {
        endResponse(refusalResponse(err));
        return;
      }
      principals.set(request, principal);
    },
  };
}
