import { Command, InvalidArgumentError } from "commander";

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError("expected a port 0-65535");
  return n;
}

export function serverCommand(): Command {
  return new Command("server")
    .description("serve the GraphQL API (HTTP and graphql-ws on one port) and run the control loops")
    .option("--host <host>", "interface to bind (env DROVER_HOST)")
    .option("-p, --port <port>", "port to listen on, 0 for any (env DROVER_PORT)", port)
    .option("--data-dir <dir>", "state directory: drover.db, admin.token, server.json (env DROVER_DATA_DIR)")
    .option("--database-url <url>", "file:PATH for SQLite or postgres://... (env DATABASE_URL)")
    .option("--redis-url <url>", "Redis for cross-replica wake-ups (env REDIS_URL)")
    .option("--no-local-agent", "do not run a local agent in this process (the quickstart runs one)")
    .option("--cors-origin <origins>", "web origins whose pages may call the API, comma-separated, e.g. https://ui.example.com (env DROVER_CORS_ORIGINS)")
    .action(async (opts: { host?: string; port?: number; dataDir?: string; databaseUrl?: string; redisUrl?: string; localAgent: boolean; corsOrigin?: string }) => {
      // Loaded here, not at the top: the other drover commands start without the server's code.
      const [{ startServer }, { createLogger }, { startLocalAgent }] = await Promise.all([
        import("../server/app.ts"),
        import("../common/logger.ts"),
        import("./local-agent.ts"),
      ]);
      const log = createLogger(process.env.DROVER_LOG_LEVEL ?? "info");
      // Listen for signals from the start: one that arrives while the server is still starting (it
      // answers /health before it is done) must still stop it cleanly, releasing the database's lock.
      let shutdown: ((signal: string) => Promise<void>) | null = null;
      let pending: string | null = null;
      const onSignal = (signal: string) => (shutdown ? void shutdown(signal) : (pending ??= signal));
      process.on("SIGINT", () => onSignal("SIGINT"));
      process.on("SIGTERM", () => onSignal("SIGTERM"));
      const server = await startServer({
        log,
        config: {
          host: opts.host,
          port: opts.port,
          dataDir: opts.dataDir,
          databaseUrl: opts.databaseUrl,
          redisUrl: opts.redisUrl,
          corsOrigins: opts.corsOrigin?.split(","),
        },
      }).catch((err: unknown) => {
        // What the operator can fix is said in one line; anything else keeps its stack for the bug report.
        if (err instanceof Error && err.name === "StartupError") {
          process.stderr.write(`drover server: ${err.message}\n`);
          process.exit(1);
        }
        throw err;
      });
      const { config } = server.services;
      const agent = opts.localAgent ? await startLocalAgent(server, log) : null;
      const tokenFile = `${config.dataDir}/admin.token`;
      process.stderr.write(
        [
          "",
          `  Drover is running`,
          `  GraphQL + GraphiQL  ${server.url}`,
          `  WebSocket           ${server.wsUrl}`,
          `  Health              ${server.url.replace(/\/graphql$/, "/health")}`,
          `  Database            ${server.services.db.provider}${server.services.db.provider === "sqlite" ? ` (${config.databaseUrl.replace(/^file:/, "")})` : ""}`,
          `  Admin token         ${tokenFile}`,
          `  Local agent         ${agent ? `${agent.nodeId} (capacity ${agent.capacity})` : "off"}`,
          "",
          "",
        ].join("\n"),
      );
      let stopping = false;
      shutdown = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, "shutting down");
        await agent?.stop();
        await server.stop();
        process.exit(0);
      };
      if (pending) void shutdown(pending);
    });
}
