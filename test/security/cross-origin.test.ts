import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createClient } from "graphql-ws";
import { databaseProviders } from "../support/database.ts";
import { post, startEdgeServer, type EdgeServer } from "./helpers.ts";

const EVIL = "https://evil.example";
const UI = "https://ui.example.com";

/** graphql-ws over a WebSocket that sends `origin`, as a browser does. */
function wsClientFrom(url: string, token: string, origin: string | undefined) {
  class BrowserLikeSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, origin ? { origin } : {});
    }
  }
  return createClient({ url, webSocketImpl: BrowserLikeSocket, connectionParams: { authorization: `Bearer ${token}` }, lazy: true, retryAttempts: 0 });
}

function queryOverWs(client: ReturnType<typeof wsClientFrom>, query: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let result: unknown;
    client.subscribe({ query }, { next: (v) => (result = v), error: reject, complete: () => resolve(result) });
  });
}

/** Resolves with the HTTP status the server answered an upgrade with, or 101 when it accepted it. */
function upgradeStatus(url: string, origin?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, "graphql-transport-ws", origin ? { origin } : {});
    ws.on("open", () => {
      ws.close();
      resolve(101);
    });
    ws.on("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on("error", (err) => reject(err));
  });
}

for (const provider of await databaseProviders()) {
  describe(`cross-origin requests (${provider})`, () => {
    let t: EdgeServer;
    let token: string;
    beforeAll(async () => {
      t = await startEdgeServer(provider, { corsOrigins: [UI], controlLoops: false });
      token = t.server.adminToken;
    });
    afterAll(async () => t?.stop());
    const auth = () => ({ authorization: `Bearer ${token}` });

    it("refuses a foreign page's request with 403 and no CORS headers, and writes nothing", async () => {
      const res = await post(t.server.url, { query: `mutation { submitJob(input: { name: "stolen", type: BATCH, command: "true" }) { created } }` }, { ...auth(), origin: EVIL });
      expect(res.status).toBe(403);
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
      expect(res.headers.get("access-control-allow-credentials")).toBeNull();
      expect(res.json.errors[0].extensions.code).toBe("FORBIDDEN");
      expect(res.json.data).toBeUndefined();
      const jobs = await post(t.server.url, { query: `{ jobs { totalCount } }` }, auth());
      expect(jobs.json.data.jobs.totalCount).toBe(0);
    });

    it("answers a foreign preflight without CORS headers", async () => {
      const res = await fetch(t.server.url, {
        method: "OPTIONS",
        headers: { origin: EVIL, "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
      });
      expect(res.status).toBe(403);
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
    });

    it("serves a GraphiQL page that holds no token, and none to a foreign page", async () => {
      const page = await fetch(t.server.url, { headers: { accept: "text/html" } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("drover-graphiql.js");
      expect(html).not.toContain(token);
      const foreign = await fetch(t.server.url, { headers: { accept: "text/html", origin: EVIL } });
      expect(foreign.status).toBe(403);
      expect(await foreign.text()).not.toContain(token);
    });

    it("keeps same-origin and Origin-less requests working, without CORS headers", async () => {
      const same = await post(t.server.url, { query: `{ jobs { totalCount } }` }, { ...auth(), origin: t.origin });
      expect(same.status).toBe(200);
      expect(same.json.data.jobs.totalCount).toBe(0);
      expect(same.headers.get("access-control-allow-origin")).toBeNull();
      const script = await post(t.server.url, { query: `{ jobs { totalCount } }` }, auth());
      expect(script.status).toBe(200);
    });

    it("gives an allow-listed origin CORS headers without credentials", async () => {
      const pre = await fetch(t.server.url, {
        method: "OPTIONS",
        headers: { origin: UI, "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
      });
      expect(pre.status).toBe(204);
      expect(pre.headers.get("access-control-allow-origin")).toBe(UI);
      expect(pre.headers.get("access-control-allow-headers")).toContain("authorization");
      expect(pre.headers.get("access-control-allow-credentials")).toBeNull();
      const res = await post(t.server.url, { query: `{ jobs { totalCount } }` }, { ...auth(), origin: UI });
      expect(res.status).toBe(200);
      expect(res.headers.get("access-control-allow-origin")).toBe(UI);
    });

    it("refuses a foreign page's WebSocket upgrade and accepts same-origin, allow-listed and Origin-less ones", async () => {
      expect(await upgradeStatus(t.server.wsUrl, EVIL)).toBe(403);
      expect(await upgradeStatus(t.server.wsUrl, "null")).toBe(403);
      for (const origin of [t.origin, UI, undefined]) {
        const client = wsClientFrom(t.server.wsUrl, token, origin);
        const result = (await queryOverWs(client, `{ jobs { totalCount } }`)) as { data: { jobs: { totalCount: number } } };
        expect(result.data.jobs.totalCount).toBe(0);
        await client.dispose();
      }
    });
  });
}
