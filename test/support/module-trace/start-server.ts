// Starts a server on a fresh SQLite database (or the one in TRACE_DATA_DIR, left in place), then
// stops it: for tests of what a start loads.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startServer } from "../../../server/app.ts";
import { createLogger } from "../../../common/logger.ts";

const given = process.env.TRACE_DATA_DIR;
const dataDir = given ?? (await fs.mkdtemp(path.join(os.tmpdir(), "drover-trace-")));
const s = await startServer({ config: { port: 0, host: "127.0.0.1", dataDir, databaseUrl: `file:${path.join(dataDir, "d.db")}`, writeStateFiles: false }, log: createLogger("info") });
await s.stop();
if (!given) await fs.rm(dataDir, { recursive: true, force: true });
process.stderr.write("started and stopped\n");
