// Subscribers in their own process, so their CPU is not the server's: many
// graphql-ws clients of one subscription (or plain WebSockets of a bare
// broadcast). Each message carries the time of its change (`at`); after
// "arm", the first message each client receives records its delay.
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { serveParent } from "../child.ts";

interface ConnectArgs {
  group: string;
  mode: "graphql-ws" | "bare";
  url: string;
  count: number;
  token?: string;
  query?: string;
  variables?: Record<string, unknown>;
}

interface Group {
  armedAt: number;
  /** Per client: the delay of its first message since arm, or -1. */
  delays: Float64Array;
  got: number;
  messages: number;
  seqs: Set<string>;
  sample: string | null;
  close(): Promise<void>;
}

const groups = new Map<string, Group>();
let closing = false;
const CONNECTS_IN_FLIGHT = 200;

/** The change's time and identity, wherever the payload keeps them. */
function stamp(text: string): { at: number; seq: string } {
  const msg = JSON.parse(text) as { payload?: { data?: { jobEvents?: { at: string; seq: string } } } };
  const ev = msg.payload?.data?.jobEvents;
  return { at: ev ? Date.parse(ev.at) : NaN, seq: ev ? String(ev.seq) : "?" };
}

function record(g: Group, i: number, text: string): void {
  g.messages++;
  g.sample ??= text;
  const { at, seq } = stamp(text);
  g.seqs.add(seq);
  if (g.armedAt > 0 && g.delays[i] < 0) {
    g.delays[i] = Date.now() - at;
    g.got++;
  }
}

async function pool<T>(n: number, limit: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, n) }, async () => { while (next < n) { const i = next++; out[i] = await task(i); } }));
  return out;
}

async function connect(a: ConnectArgs): Promise<{ connectMs: number }> {
  const g: Group = { armedAt: 0, delays: new Float64Array(a.count).fill(-1), got: 0, messages: 0, seqs: new Set(), sample: null, close: async () => {} };
  groups.set(a.group, g);
  const t0 = performance.now();
  if (a.mode === "bare") {
    const sockets = await pool(a.count, CONNECTS_IN_FLIGHT, (i) => new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(a.url);
      ws.on("message", (data) => record(g, i, data.toString()));
      ws.once("open", () => resolve(ws));
      ws.once("error", reject);
    }));
    g.close = async () => { for (const s of sockets) s.terminate(); };
  } else {
    const clients = await pool(a.count, CONNECTS_IN_FLIGHT, (i) => new Promise<Client>((resolve, reject) => {
      const client = createClient({
        url: a.url,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${a.token}` },
        retryAttempts: 0,
        lazy: false,
        on: {
          connected: () => resolve(client),
          message: (m) => { if (m.type === "next") record(g, i, JSON.stringify(m)); },
          closed: (e) => reject(new Error(`closed before ack: ${(e as { code?: number }).code}`)),
          error: reject,
        },
      });
      client.subscribe({ query: a.query!, variables: a.variables }, { next: () => {}, error: (e) => { if (!closing) process.stderr.write(`subscription error: ${e instanceof Error ? e.message : JSON.stringify(e)}\n`); }, complete: () => {} });
    }));
    g.close = async () => { await Promise.all(clients.map((c) => c.dispose())); };
  }
  return { connectMs: performance.now() - t0 };
}

function arm({ group }: { group: string }): void {
  const g = groups.get(group)!;
  g.armedAt = Date.now();
  g.delays.fill(-1);
  g.got = 0;
  g.messages = 0;
  g.seqs = new Set();
}

/** Waits until every client has its message (or the timeout), then for quiet, and hands back the delays. */
async function collect({ group, timeoutMs, quietMs }: { group: string; timeoutMs: number; quietMs: number }) {
  const g = groups.get(group)!;
  const deadline = Date.now() + timeoutMs;
  while (g.got < g.delays.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const allAt = Date.now();
  for (let last = -1; last !== g.messages; ) {
    last = g.messages;
    await new Promise((r) => setTimeout(r, quietMs));
  }
  g.armedAt = 0;
  return { delays: Array.from(g.delays).filter((d) => d >= 0), missing: g.delays.length - g.got, messages: g.messages, seqs: [...g.seqs], allAt };
}

function sample({ group }: { group: string }): string | null {
  return groups.get(group)!.sample;
}

serveParent({}, { connect, arm, collect, sample }, async () => {
  closing = true;
  for (const g of groups.values()) await g.close();
});
