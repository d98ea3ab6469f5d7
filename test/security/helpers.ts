import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startServer, type DroverServer } from "../../server/app.ts";
import type { ServerConfig } from "../../server/config.ts";
import { createLogger } from "../../common/logger.ts";
import { createTestDatabase, type TestProvider } from "../support/database.ts";

export interface EdgeServer {
  server: DroverServer;
  /** http://127.0.0.1:PORT */
  origin: string;
  stop(): Promise<void>;
}

/** A real server on port 0 with its own database and the given edge settings (CORS list, payload limit, ...). */
export async function startEdgeServer(provider: TestProvider, config: Partial<ServerConfig> = {}): Promise<EdgeServer> {
  const db = await createTestDatabase(provider);
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "drover-edge-"));
  const server = await startServer({
    config: { port: 0, host: "127.0.0.1", dataDir, databaseUrl: db.url, writeStateFiles: true, ...config },
    log: createLogger(process.env.DROVER_TEST_LOG ?? "silent"),
  });
  return {
    server,
    origin: new URL(server.url).origin,
    async stop() {
      await server.stop();
      await db.drop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** POSTs one operation with the given headers; returns status, headers and parsed body. */
export async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: left null, the status says enough
  }
  return { status: res.status, headers: res.headers, json, text };
}
