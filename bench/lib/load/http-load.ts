// The HTTP load generator, in its own process: `connections` clients, each
// sending one request and waiting for its answer before the next (no
// pipelining), over keep-alive sockets, for `durationMs`.
import http from "node:http";
import { serveParent } from "../child.ts";
import { percentile } from "../stats.ts";

export interface LoadArgs {
  url: string;
  headers?: Record<string, string>;
  /** The request body; every "__N__" becomes a number unique within this generator. */
  body: string;
  connections: number;
  durationMs: number;
}

export interface LoadResult {
  ok: number;
  errors: number;
  elapsedMs: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  firstError: string | null;
}

let counter = 0;

function once(agent: http.Agent, url: URL, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function run(args: LoadArgs): Promise<LoadResult> {
  const url = new URL(args.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: args.connections });
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  let firstError: string | null = null;
  const started = performance.now();
  const deadline = started + args.durationMs;
  await Promise.all(
    Array.from({ length: args.connections }, async () => {
      while (performance.now() < deadline) {
        const body = args.body.includes("__N__") ? args.body.replaceAll("__N__", String(++counter)) : args.body;
        const t0 = performance.now();
        try {
          const res = await once(agent, url, args.headers ?? {}, body);
          // A GraphQL error answers 200 too: only a body without "errors" counts.
          if (res.status === 200 && !res.text.includes('"errors"')) ok++;
          else {
            errors++;
            firstError ??= `${res.status} ${res.text.slice(0, 300)}`;
          }
        } catch (err) {
          errors++;
          firstError ??= String(err);
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { ok, errors, elapsedMs, perSecond: (ok * 1000) / elapsedMs, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), firstError };
}

serveParent({}, { run });
