import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createClient, type Client } from "graphql-ws";
import { databaseProviders } from "../support/database.ts";
import { post, startEdgeServer, type EdgeServer } from "./helpers.ts";

// What a viewer sends must not stall the server: each attempt below used to
// hold the event loop for tens of seconds. Each now answers at once, /health
// keeps answering meanwhile, and a heartbeating node stays READY.

const REDOS = "/^(\\w+\\s?)*$/";
const ALIAS_BOMB = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: jobs(first: 100) { totalCount }`).join(" ")} }`;
const ALIASES_ONLY = `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: jobs(first: 1) { totalCount }`).join(" ")} }`;
/** A request whose size is its variable's. */
const PADDED = `query($pad: String) { job(namespace: "default", name: $pad) { id } }`;

/** A document nested `levels` deep through a real path of object fields. */
function deepDocument(levels: number): string {
  // Drover's own types nest only a few levels; introspection's ofType nests as deep as asked.
  let inner = "name";
  for (let i = 0; i < levels; i++) inner = `ofType { ${inner} }`;
  return `{ __type(name: "Job") { ${inner} } }`;
}

/**
 * Polls /health every 25 ms until stopped; returns the slowest answer seen and
 * how many answered. A stalled event loop showed as answers tens of seconds
 * late; the bounds allow for a 2-core machine shared with other work.
 */
const HEALTH_BOUND_MS = 2500;
const ANSWER_BOUND_MS = 4000;
function watchHealth(origin: string) {
  let stop = false;
  let worst = 0;
  let answered = 0;
  const done = (async () => {
    while (!stop) {
      const started = performance.now();
      const res = await fetch(`${origin}/health`);
      await res.text();
      worst = Math.max(worst, performance.now() - started);
      if (res.status === 200) answered += 1;
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  return {
    async stop() {
      stop = true;
      await done;
      return { worst, answered };
    },
  };
}

function wsClient(url: string, token: string, maxPayload?: number): Client {
  class Socket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { origin: new URL(url.replace(/^ws/, "http")).origin, ...(maxPayload ? { maxPayload } : {}) });
    }
  }
  return createClient({ url, webSocketImpl: Socket, connectionParams: { authorization: `Bearer ${token}` }, lazy: true, retryAttempts: 0 });
}

function runOverWs(client: Client, query: string, variables?: Record<string, unknown>): Promise<{ errors?: any[]; data?: any; closed?: number }> {
  return new Promise((resolve) => {
    let last: { errors?: any[]; data?: any } = {};
    client.subscribe(
      { query, variables },
      {
        next: (v) => (last = v as typeof last),
        error: (e) => {
          if (Array.isArray(e)) resolve({ errors: e });
          else resolve({ closed: (e as { code?: number }).code ?? -1 });
        },
        complete: () => resolve(last),
      },
    );
  });
}

for (const provider of await databaseProviders()) {
  describe(`stall attempts (${provider})`, () => {
    let t: EdgeServer;
    let token: string;
    let jobId: string;
    let nodeId: string;
    let nodeToken: string;
    let heartbeats: { stop(): Promise<void> };
    const auth = () => ({ authorization: `Bearer ${token}`, origin: t.origin });

    beforeAll(async () => {
      t = await startEdgeServer(provider, { heartbeatTtlMs: 1500, maxPayloadBytes: 256 * 1024 });
      token = t.server.adminToken;
      const submitted = await post(t.server.url, { query: `mutation { submitJob(input: { name: "chatty", type: BATCH, command: "true" }) { job { id } } }` }, auth());
      jobId = submitted.json.data.submitJob.job.id;
      // One 29-character line: enough for the backtracking engine to take 42 s.
      await t.server.services.db.prisma.logLine.create({
        data: { executionId: "exec-redos", lineNo: 1, jobId, runId: null, nodeId: "node-x", stream: "stdout", at: new Date(), text: "aaaa aaaa aaaa aaaa aaaa aaa!" },
      });
      const reg = await post(
        t.server.url,
        { query: `mutation { registerNode(input: { nodeId: "node-steady", hostname: "steady", capacity: 1 }) { node { id } token } }` },
        auth(),
      );
      nodeId = reg.json.data.registerNode.node.id;
      nodeToken = reg.json.data.registerNode.token;
      let beating = true;
      const loop = (async () => {
        while (beating) {
          await post(t.server.url, { query: `mutation($id: ID!) { heartbeat(nodeId: $id) { __typename } }`, variables: { id: nodeId } }, { authorization: `Bearer ${nodeToken}` });
          await new Promise((r) => setTimeout(r, 200));
        }
      })();
      heartbeats = {
        async stop() {
          beating = false;
          await loop;
        },
      };
    });
    afterAll(async () => {
      await heartbeats?.stop();
      await t?.stop();
    });

    it("runs a catastrophic-backtracking filter in linear time", async () => {
      // Warm up the query path (connections, plans) with a plain substring, so the clock below times the expression.
      await post(t.server.url, { query: `query($j: ID!, $f: String) { logs(jobId: $j, filter: $f) { text } }`, variables: { j: jobId, f: "aaa" } }, auth());
      await fetch(`${t.origin}/health`).then((r) => r.text());
      const health = watchHealth(t.origin);
      const started = performance.now();
      const res = await post(t.server.url, { query: `query($j: ID!, $f: String) { logs(jobId: $j, filter: $f) { text } }`, variables: { j: jobId, f: REDOS } }, auth());
      const elapsed = performance.now() - started;
      const h = await health.stop();
      expect(res.json.errors).toBeUndefined();
      expect(res.json.data.logs).toEqual([]);
      expect(elapsed).toBeLessThan(ANSWER_BOUND_MS);
      expect(h.worst).toBeLessThan(HEALTH_BOUND_MS);
      // A matching expression still matches.
      const hit = await post(t.server.url, { query: `query($j: ID!, $f: String) { logs(jobId: $j, filter: $f) { text } }`, variables: { j: jobId, f: "/^(\\w+\\s?)*!$/" } }, auth());
      expect(hit.json.data.logs).toHaveLength(1);
    });

    it("refuses patterns RE2 cannot run or that are too long, naming the field", async () => {
      for (const filter of ["/(a)\\1/", "/(?=a)b/", `/${"a".repeat(600)}/`]) {
        const res = await post(t.server.url, { query: `query($j: ID!, $f: String) { logs(jobId: $j, filter: $f) { text } }`, variables: { j: jobId, f: filter } }, auth());
        expect(res.json.errors[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "filter" });
      }
    });

    it("refuses alias, token and depth bombs at once over HTTP, eight at a time, while /health answers", async () => {
      const health = watchHealth(t.origin);
      const started = performance.now();
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) => post(t.server.url, { query: [ALIAS_BOMB, ALIASES_ONLY, deepDocument(30)][i % 3] }, auth())),
      );
      const elapsed = performance.now() - started;
      const h = await health.stop();
      for (const [i, res] of answers.entries()) {
        // 400, or 200 for a parse error answered as application/json (the GraphQL-over-HTTP rule Yoga follows).
        expect([200, 400]).toContain(res.status);
        expect(res.json.data ?? null).toBeNull();
        expect(res.json.errors[0].extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: ["tokens", "aliases", "depth"][i % 3] });
      }
      expect(elapsed).toBeLessThan(ANSWER_BOUND_MS);
      expect(h.answered).toBeGreaterThan(0);
      expect(h.worst).toBeLessThan(HEALTH_BOUND_MS);
    });

    it("applies the same limits to graphql-ws operations", async () => {
      const client = wsClient(t.server.wsUrl, token);
      const [bomb, aliases, deep, fine] = await Promise.all([
        runOverWs(client, ALIAS_BOMB),
        runOverWs(client, ALIASES_ONLY),
        runOverWs(client, deepDocument(30)),
        runOverWs(client, `{ jobs { totalCount } }`),
      ]);
      expect(bomb.errors?.[0].extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "tokens" });
      expect(aliases.errors?.[0].extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "aliases" });
      expect(deep.errors?.[0].extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "depth" });
      expect(fine.data.jobs.totalCount).toBe(1);
      await client.dispose();
    });

    it("refuses a payload over the limit on HTTP (413) and WebSocket (close 1009) alike", async () => {
      const big = "x".repeat(300 * 1024);
      const http = await post(t.server.url, { query: PADDED, variables: { pad: big } }, auth());
      expect(http.status).toBe(413);
      expect(http.json.errors[0].extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "payload", max: 256 * 1024 });
      const client = wsClient(t.server.wsUrl, token);
      const ws = await runOverWs(client, PADDED, { pad: big });
      expect(ws.closed).toBe(1009);
      await client.dispose();
      // Just under the limit still runs on both.
      const fits = "x".repeat(200 * 1024);
      const ok = await post(t.server.url, { query: PADDED, variables: { pad: fits } }, auth());
      expect(ok.status).toBe(200);
      expect(ok.json.data.job).toBeNull();
      const client2 = wsClient(t.server.wsUrl, token);
      const wsOk = await runOverWs(client2, PADDED, { pad: fits });
      expect(wsOk.errors).toBeUndefined();
      expect(wsOk.data).toEqual({ job: null });
      await client2.dispose();
    });

    it("kept the heartbeating node READY through all of it", async () => {
      const res = await post(t.server.url, { query: `query($id: ID!) { node(id: $id) { state } }`, variables: { id: nodeId } }, auth());
      expect(res.json.data.node.state).toBe("READY");
      const down = await t.server.services.db.prisma.event.count({ where: { nodeId, type: { contains: "DOWN" } } });
      expect(down).toBe(0);
    });
  });
}
