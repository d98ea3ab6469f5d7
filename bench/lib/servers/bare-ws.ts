// The reference for fan-out: a bare `ws` server that sends one payload to
// every connected client, the ordinary loop a hand-written broadcast would be.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { serveParent } from "../child.ts";

const server = http.createServer();
const wss = new WebSocketServer({ server });
await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
const port = (server.address() as AddressInfo).port;

/** `template` is the payload with "__AT__" where the change's time goes. */
function broadcast({ template }: { template: string }): { clients: number } {
  const data = template.replace("__AT__", new Date().toISOString());
  for (const c of wss.clients) c.send(data);
  return { clients: wss.clients.size };
}

serveParent({ url: `ws://127.0.0.1:${port}` }, { broadcast, clients: () => wss.clients.size }, async () => {
  for (const c of wss.clients) c.terminate();
  await new Promise<void>((r) => server.close(() => r()));
});
