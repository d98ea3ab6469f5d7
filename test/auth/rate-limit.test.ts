import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../server/auth/tokens.ts";
import { RATE_LIMIT_DEFAULTS, rateLimitSettingsFromEnv } from "../../server/auth/rate-limit.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

const QUERY = `{ jobs { totalCount } }`;

async function post(t: TestServer, token: string) {
  return fetch(t.server.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: QUERY }),
  });
}

/** The close code of a graphql-ws connection made with this token. */
function wsCloseCode(t: TestServer, token: string): Promise<number> {
  const client = t.ws(token);
  const code = new Promise<number>((resolve) => client.on("closed", (e) => resolve((e as { code: number }).code)));
  client.subscribe({ query: `subscription { jobEvents { seq } }` }, { next: () => {}, error: () => {}, complete: () => {} });
  return code;
}

describe("rate limit settings", () => {
  it("defaults are generous and documented; the environment sets them; 0 turns one off; garbage is refused", () => {
    expect(RATE_LIMIT_DEFAULTS).toEqual({ authFailuresPerMinute: 20, tokenRequestsPerMinute: 60_000 });
    expect(rateLimitSettingsFromEnv({})).toEqual(RATE_LIMIT_DEFAULTS);
    expect(rateLimitSettingsFromEnv({ DROVER_AUTH_FAILURE_LIMIT: "5", DROVER_TOKEN_RATE_LIMIT: "0" })).toEqual({
      authFailuresPerMinute: 5,
      tokenRequestsPerMinute: 0,
    });
    expect(() => rateLimitSettingsFromEnv({ DROVER_TOKEN_RATE_LIMIT: "lots" })).toThrow(/DROVER_TOKEN_RATE_LIMIT must be a whole number/);
  });
});

describe("failed authentication is limited per client address", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer("sqlite", { controlLoops: false, rateLimits: { authFailuresPerMinute: 5, tokenRequestsPerMinute: 0 } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("answers 401 up to the limit, then RATE_LIMITED (429, Retry-After) to that address's bad tokens, WebSockets too", async () => {
    for (let i = 0; i < 5; i++) {
      const res = await post(t, `drv_guess${i}`);
      expect(res.status).toBe(401);
    }
    const limited = await post(t, "drv_guess5");
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = await limited.json();
    expect(body.errors[0].extensions).toMatchObject({ code: "RATE_LIMITED", retryAfter });
    expect(body.errors[0].message).toMatch(/too many failed authentications.*retry after \d+s/);

    expect(await wsCloseCode(t, "drv_guess6")).toBe(4429);
    // A valid token from the same address still gets in: a stranger's guesses must not lock out
    // the agents and people on that address (the quickstart's agent shares loopback with everyone).
    expect((await post(t, t.token)).status).toBe(200);
    // Requests without a token say nothing about a guess and are not counted: still 401.
    const none = await fetch(t.server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: QUERY }) });
    expect(none.status).toBe(401);
  });
});

describe("each token has a request rate", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer("sqlite", { controlLoops: false, rateLimits: { authFailuresPerMinute: 0, tokenRequestsPerMinute: 8 } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("refuses a token over its rate with RATE_LIMITED while other tokens go on", async () => {
    const s = t.services();
    const other = await createToken(s.db.prisma, s.clock, { name: "other", kind: "USER", roles: { "*": "viewer" } });
    for (let i = 0; i < 8; i++) expect((await post(t, t.token)).status).toBe(200);
    const over = await post(t, t.token);
    expect(over.status).toBe(429);
    expect(over.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await over.json()).errors[0].extensions.code).toBe("RATE_LIMITED");
    expect((await post(t, other.secret)).status).toBe(200);
  });

  it("counts WebSocket operations too: subscribing past the rate is refused with RATE_LIMITED", async () => {
    const s = t.services();
    const ws = await createToken(s.db.prisma, s.clock, { name: "ws", kind: "USER", roles: { "*": "viewer" } });
    const client = t.ws(ws.secret);
    const errors: unknown[] = [];
    // The connection counts once; then seven subscriptions are within the rate of 8, the eighth is not.
    // They stay open, so the lazy client keeps its one connection.
    for (let i = 0; i < 8; i++) {
      client.subscribe({ query: `subscription { jobEvents { seq } }` }, { next: () => {}, error: (e) => errors.push(...(Array.isArray(e) ? e : [e])), complete: () => {} });
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(errors).toHaveLength(1);
    expect((errors[0] as { extensions?: { code?: string } }).extensions?.code).toBe("RATE_LIMITED");
  });
});
