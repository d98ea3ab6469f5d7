// The HTTP side of the raw reference servers: node:http on a loopback port,
// one JSON answer per POST (500 with the error as a GraphQL-shaped body),
// handed to the parent process like every benchmark child.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { serveParent } from "../child.ts";

/** Serves `answer(path, body)` until the parent stops this child, then runs `close`. */
export async function serveRaw(answer: (path: string, body: string) => Promise<string>, close: () => Promise<void>): Promise<void> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      try {
        const body = await answer(req.url ?? "/", Buffer.concat(chunks).toString("utf8"));
        res.writeHead(200, { "content-type": "application/json" }).end(body);
      } catch (err) {
        res.writeHead(500).end(JSON.stringify({ errors: [{ message: String(err) }] }));
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as AddressInfo).port;
  serveParent({ url: `http://127.0.0.1:${port}` }, {}, async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await close();
  });
}
