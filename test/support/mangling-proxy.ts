import http from "node:http";
import net from "node:net";

/**
 * A loopback proxy in front of a real server that rewrites the bodies of
 * chosen HTTP requests on the way (WebSocket upgrades pass through as they
 * are): how a test makes a real agent's report arrive as something the
 * server refuses, the way a bug or a broken clock would.
 */
export async function startManglingProxy(
  target: string,
  mangle: (body: string) => string,
): Promise<{ url: string; close(): Promise<void> }> {
  const t = new URL(target);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.from(mangle(Buffer.concat(chunks).toString("utf8")));
      const headers = { ...req.headers, "content-length": String(body.length) };
      const up = http.request({ host: t.hostname, port: t.port, path: req.url, method: req.method, headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on("error", () => res.destroy());
      up.end(body);
    });
  });
  server.on("upgrade", (req, socket, head) => {
    const up = net.connect(Number(t.port), t.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`, ...Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`), "", ""];
      up.write(lines.join("\r\n"));
      up.write(head);
      socket.pipe(up).pipe(socket);
    });
    up.on("error", () => socket.destroy());
    socket.on("error", () => up.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${t.pathname}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
