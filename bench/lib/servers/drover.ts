// A Drover server as a user runs it: startServer configured from the
// environment (DATABASE_URL, DROVER_DATA_DIR, DROVER_PORT=0, ...), control
// loops on, in its own process so its CPU and memory are its own.
import { startServer } from "../../../server/app.ts";
import { serveParent } from "../child.ts";

const server = await startServer();
serveParent({ url: server.url, wsUrl: server.wsUrl, adminToken: server.adminToken }, {}, () => server.stop());
