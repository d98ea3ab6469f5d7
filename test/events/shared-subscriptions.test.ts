import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createToken } from "../../server/auth/tokens.ts";
import { collect, startTestServer, type TestServer } from "../support/server.ts";
import { createTestDatabase, requirePostgres, type TestDatabase } from "../support/database.ts";
import { eventually } from "../support/agents.ts";

const JOB_EVENTS = `subscription($id: ID!) { jobEvents(jobId: $id) { seq type job { name status { revision } } } }`;
const RESUME = `subscription($id: ID!, $after: Seq) { jobEvents(jobId: $id, after: $after) { seq type } }`;

async function submit(t: TestServer, name: string, namespace = "default"): Promise<{ id: string; seq: number }> {
  const r = await t.gql(`mutation($n: String!, $ns: String) { submitJob(input: { name: $n, namespace: $ns, type: BATCH, command: "true" }) { seq job { id } } }`, { n: name, ns: namespace });
  expect(r.errors).toBeUndefined();
  return { id: r.data.submitJob.job.id, seq: r.data.submitJob.seq };
}

async function change(t: TestServer, id: string, command: string): Promise<void> {
  const r = await t.gql(`mutation($id: ID!, $c: String!) { updateJob(input: { id: $id, command: $c }) { job { id } } }`, { id, c: command });
  expect(r.errors).toBeUndefined();
}

/** Waits until the server holds `n` live subscriptions beyond `base` (graphql-ws subscribes asynchronously). */
async function listeners(t: TestServer, n: number): Promise<void> {
  await eventually(async () => t.server.services.tailer.listenerCount === n, { what: `${n} tailer listeners` });
}

describe("subscribers asking the same live subscription share one execution (sqlite)", () => {
  let t: TestServer;
  let base: number;
  beforeAll(async () => {
    t = await startTestServer("sqlite", { controlLoops: false });
    base = t.server.services.tailer.listenerCount;
  });
  afterAll(async () => t?.stop());

  it("executes once per event for N subscribers on several sockets, and all get the same payload", async () => {
    const job = await submit(t, "shared");
    const sockets = [t.ws(), t.ws()];
    const subs = Array.from({ length: 6 }, (_, i) => collect(sockets[i % 2], JOB_EVENTS, { id: job.id }));
    await eventually(async () => t.server.sharedSubscriptions.size === 1 && t.server.services.tailer.listenerCount === base + 1, { what: "one shared execution" });
    const before = t.server.sharedSubscriptions.executedResults;
    await change(t, job.id, "echo 2");
    for (const s of subs) await s.waitFor(1);
    expect(t.server.sharedSubscriptions.executedResults - before).toBe(1);
    const payloads = subs.map((s) => JSON.stringify(s.items));
    expect(new Set(payloads).size).toBe(1);
    expect(subs[0].items[0].jobEvents).toMatchObject({ type: "JOB_UPDATED", job: { name: "shared" } });
    expect(subs.flatMap((s) => s.errors)).toEqual([]);

    // One leaving leaves the others subscribed.
    subs[0].stop();
    await change(t, job.id, "echo 3");
    for (const s of subs.slice(1)) await s.waitFor(2);
    expect(subs.slice(1).map((s) => s.items.length)).toEqual([2, 2, 2, 2, 2]);
    expect(subs[0].items).toHaveLength(1);

    // The last leaving ends the execution and frees its listener.
    for (const s of subs.slice(1)) s.stop();
    await listeners(t, base);
    expect(t.server.sharedSubscriptions.size).toBe(0);
  });

  it("does not share across variables or principals", async () => {
    const a = await submit(t, "vars-a");
    const b = await submit(t, "vars-b");
    const viewer = await createToken(t.services().db.prisma, t.services().clock, { name: "viewer", kind: "USER", roles: { "*": "viewer" } });
    const subs = [collect(t.ws(), JOB_EVENTS, { id: a.id }), collect(t.ws(), JOB_EVENTS, { id: b.id }), collect(t.ws(viewer.secret), JOB_EVENTS, { id: a.id })];
    await listeners(t, base + 3);
    expect(t.server.sharedSubscriptions.size).toBe(3);
    const before = t.server.sharedSubscriptions.executedResults;
    await change(t, a.id, "echo a");
    await subs[0].waitFor(1);
    await subs[2].waitFor(1);
    expect(t.server.sharedSubscriptions.executedResults - before).toBe(2);
    expect(subs[1].items).toEqual([]);
    for (const s of subs) s.stop();
    await listeners(t, base);
  });

  it("replays for a subscriber resuming with after, on its own", async () => {
    const job = await submit(t, "resume");
    await change(t, job.id, "echo missed");
    const live = collect(t.ws(), JOB_EVENTS, { id: job.id });
    const resumed = collect(t.ws(), RESUME, { id: job.id, after: job.seq });
    const items = await resumed.waitFor(1);
    expect(items[0].jobEvents.type).toBe("JOB_UPDATED");
    await listeners(t, base + 2);
    // The live subscriber shares (nobody to share with); the resuming one runs alone.
    expect(t.server.sharedSubscriptions.size).toBe(1);
    await change(t, job.id, "echo live");
    await resumed.waitFor(2);
    await live.waitFor(1);
    expect(resumed.items.map((i) => i.jobEvents.seq)).toEqual([...resumed.items.map((i) => i.jobEvents.seq)].sort((x, y) => x - y));
    expect(live.items).toHaveLength(1);
    live.stop();
    resumed.stop();
    await listeners(t, base);
  });

  it("sends a refusal to every subscriber that shares it", async () => {
    const job = await submit(t, "private", "secret");
    const outsider = await createToken(t.services().db.prisma, t.services().clock, { name: "outsider", kind: "USER", roles: { default: "viewer" } });
    const q = `subscription { jobEvents(namespace: "secret") { seq } }`;
    const client = t.ws(outsider.secret);
    const subs = [collect(client, q, {}), collect(client, q, {})];
    for (const s of subs) await eventually(async () => s.errors.length > 0, { what: "a refusal" });
    for (const s of subs) expect((s.errors[0] as { extensions?: { code?: string } }).extensions?.code).toBe("FORBIDDEN");
    expect(t.server.sharedSubscriptions.size).toBe(0);
    await listeners(t, base);
    void job;
  });

  it("sends each shared subscriber a text frame of its own id around the same payload, non-ASCII included", async () => {
    const job = await submit(t, "frames");
    const socket = new WebSocket(t.server.wsUrl, "graphql-transport-ws");
    const frames: { text: string; binary: boolean }[] = [];
    socket.on("message", (data: Buffer, isBinary: boolean) => frames.push({ text: data.toString("utf8"), binary: isBinary }));
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${t.server.adminToken}` } }));
    await eventually(async () => frames.some((f) => f.text.includes("connection_ack")), { what: "connection_ack" });
    const query = `subscription($id: ID!) { jobEvents(jobId: $id) { type job { spec { command } } } }`;
    for (const id of ["één", "two"]) socket.send(JSON.stringify({ id, type: "subscribe", payload: { query, variables: { id: job.id } } }));
    await eventually(async () => t.server.sharedSubscriptions.size === 1 && t.server.services.tailer.listenerCount === base + 1, { what: "one shared execution" });
    await change(t, job.id, "echo héllo ✓");
    await eventually(async () => frames.filter((f) => f.text.includes('"next"')).length === 2, { what: "two next messages" });
    const next = frames.filter((f) => f.text.includes('"next"'));
    expect(next.map((f) => f.binary)).toEqual([false, false]);
    const messages = next.map((f) => JSON.parse(f.text));
    expect(messages.map((m) => m.id).sort()).toEqual(["two", "één"]);
    for (const m of messages) expect(m).toEqual({ id: m.id, type: "next", payload: { data: { jobEvents: { type: "JOB_UPDATED", job: { spec: { command: "echo héllo ✓" } } } } } });
    socket.close();
    await listeners(t, base);
  });
});

if (await requirePostgres()) {
  describe("shared executions on two replicas (postgresql + redis)", () => {
    let db: TestDatabase;
    let a: TestServer;
    let b: TestServer;
    beforeAll(async () => {
      db = await createTestDatabase("postgresql");
      a = await startTestServer("postgresql", { database: db, redisUrl: "redis://127.0.0.1:6379", controlLoops: false });
      b = await startTestServer("postgresql", { database: db, redisUrl: "redis://127.0.0.1:6379", controlLoops: false });
    });
    afterAll(async () => {
      await a?.stop();
      await b?.stop();
      await db?.drop();
    });

    it("a change written through one replica reaches the shared subscribers of both, executed once on each", async () => {
      const job = await submit(a, "replicated");
      const onA = [collect(a.ws(), JOB_EVENTS, { id: job.id }), collect(a.ws(), JOB_EVENTS, { id: job.id })];
      const onB = [collect(b.ws(b.token), JOB_EVENTS, { id: job.id }), collect(b.ws(b.token), JOB_EVENTS, { id: job.id })];
      await eventually(async () => a.server.sharedSubscriptions.size === 1 && b.server.sharedSubscriptions.size === 1, { what: "one shared execution per replica" });
      const before = [a.server.sharedSubscriptions.executedResults, b.server.sharedSubscriptions.executedResults];
      await change(a, job.id, "echo replicated");
      for (const s of [...onA, ...onB]) await s.waitFor(1);
      expect([a.server.sharedSubscriptions.executedResults - before[0], b.server.sharedSubscriptions.executedResults - before[1]]).toEqual([1, 1]);
      expect(new Set([...onA, ...onB].map((s) => JSON.stringify(s.items))).size).toBe(1);
      for (const s of [...onA, ...onB]) s.stop();
    });
  });
}
