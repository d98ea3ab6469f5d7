import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseProviders } from "../support/database.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import fc from "fast-check";
import { isLive, registrationVerdict } from "../../server/agents/join.ts";
import type { Role } from "../../server/auth/principal.ts";

const REGISTER = `mutation($input: RegisterNodeInput!) { registerNode(input: $input) { token node { id labels capacity } } }`;
// Long enough that a loaded machine's requests between a heartbeat and a live check fit in it.
const TTL_MS = 2500;

const input = (nodeId: string, extra: Record<string, unknown> = {}) => ({
  input: { nodeId, hostname: "h", capacity: 2, labels: { owner: "first" }, ...extra },
});

describe("registrationVerdict (pure)", () => {
  const now = new Date("2026-01-01T00:00:10Z");
  const live = { state: "READY", lastHeartbeatAt: new Date("2026-01-01T00:00:09Z") };
  const silent = { state: "READY", lastHeartbeatAt: new Date("2026-01-01T00:00:00Z") };
  const join = { kind: "JOIN" as const, roles: {}, nodeId: null, name: "j" };
  const admin = { kind: "ADMIN" as const, roles: { "*": "admin" as const }, nodeId: null, name: "a" };
  const own = { kind: "NODE" as const, roles: {}, nodeId: "node-a", name: "n" };
  const verdict = (p: Parameters<typeof registrationVerdict>[0], existing: typeof live | null) =>
    registrationVerdict(p, "node-a", existing, now, 5000);

  it("a join token creates new nodes only, using one use", () => {
    expect(verdict(join, null)).toEqual({ ok: true, consumesJoinUse: true });
    expect(verdict(join, silent)).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(verdict(join, { ...silent, state: "DOWN" })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
  });
  it("a live node is refused to everyone but its own token", () => {
    expect(verdict(join, live)).toMatchObject({ ok: false, error: { code: "INVALID_STATE" } });
    expect(verdict(admin, live)).toMatchObject({ ok: false, error: { code: "INVALID_STATE" } });
    expect(verdict(admin, { ...live, state: "DRAINING" })).toMatchObject({ ok: false, error: { code: "INVALID_STATE" } });
    expect(verdict(own, live)).toEqual({ ok: true, consumesJoinUse: false });
  });
  it("an admin takes over a node that is not live; another node's token never", () => {
    expect(verdict(admin, silent)).toEqual({ ok: true, consumesJoinUse: false });
    expect(verdict(admin, { ...live, state: "DOWN" })).toEqual({ ok: true, consumesJoinUse: false });
    expect(verdict({ ...own, nodeId: "node-b" }, silent)).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(verdict({ kind: "USER", roles: { default: "admin" }, nodeId: null, name: "u" }, null)).toMatchObject({ ok: false });
    expect(verdict({ kind: "USER", roles: { "*": "admin" }, nodeId: null, name: "u" }, null)).toEqual({ ok: true, consumesJoinUse: false });
  });

  it("for any caller and node: only the node's own token gets a live node, and a join token never an existing one", () => {
    const principal = fc.record({
      kind: fc.constantFrom("ADMIN" as const, "USER" as const, "NODE" as const, "JOIN" as const),
      roles: fc.constantFrom<Record<string, Role>[]>({}, { "*": "admin" }, { "*": "operator" }, { default: "admin" }),
      nodeId: fc.constantFrom(null, "node-a", "node-b"),
      name: fc.constant("p"),
    });
    const existing = fc.option(
      fc.record({ state: fc.constantFrom("READY", "DRAINING", "DOWN"), lastHeartbeatAt: fc.option(fc.integer({ min: 0, max: 20_000 }).map((ms) => new Date(now.getTime() - ms))) }),
    );
    fc.assert(
      fc.property(principal, existing, (p, e) => {
        const v = registrationVerdict(p, "node-a", e, now, 5000);
        const own = p.kind === "NODE" && p.nodeId === "node-a";
        if (e && isLive(e, now, 5000) && !own) expect(v.ok).toBe(false);
        if (e && p.kind === "JOIN") expect(v.ok).toBe(false);
        if (p.kind === "NODE" && !own) expect(v.ok).toBe(false);
        if (v.ok) expect(v.consumesJoinUse).toBe(p.kind === "JOIN");
        if (!v.ok) expect(v.error.extensions.field).toBe("nodeId");
      }),
    );
  });
});

for (const provider of await databaseProviders()) {
  describe(`registerNode rules (${provider})`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer(provider, { heartbeatTtlMs: TTL_MS, controlLoops: false });
    });
    afterAll(async () => {
      await t?.stop();
    });

    const join = async (maxUses?: number) =>
      (await t.gql(`mutation($m: Int) { createJoinToken(name: "fleet", maxUses: $m) { token id } }`, { m: maxUses ?? null })).data
        .createJoinToken as { token: string; id: string };
    const uses = async (id: string) => (await t.services().db.prisma.apiToken.findUniqueOrThrow({ where: { id } })).uses;
    const waitPastTtl = () => new Promise((r) => setTimeout(r, TTL_MS + 200));

    it("a join token cannot take over an existing node, live or not, and its attempt changes nothing", async () => {
      const first = await t.gql(REGISTER, input("node-victim"));
      expect(first.errors).toBeUndefined();
      const victimToken = first.data.registerNode.token;
      const j = await join();
      await t.gql(`mutation { heartbeat(nodeId: "node-victim") { serverTime } }`, undefined, { token: victimToken });

      const whileLive = await t.gql(REGISTER, input("node-victim", { labels: { owner: "attacker" }, capacity: 99 }), { token: j.token });
      expect(whileLive.data).toBeNull();
      expect(whileLive.errors?.[0].extensions).toMatchObject({ code: "INVALID_STATE", field: "nodeId" });
      expect(whileLive.errors?.[0].message).toMatch(/node-victim is live .*another agent runs as it/);

      await waitPastTtl();
      const afterTtl = await t.gql(REGISTER, input("node-victim", { labels: { owner: "attacker" }, capacity: 99 }), { token: j.token });
      expect(afterTtl.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", field: "nodeId" });
      expect(afterTtl.errors?.[0].message).toMatch(/join token registers only new nodes/);

      const node = await t.gql(`{ node(id: "node-victim") { labels capacity } }`);
      expect(node.data.node).toEqual({ labels: { owner: "first" }, capacity: 2 });
      expect(await uses(j.id)).toBe(0);
      // The node's own token still works: nothing was revoked by the refused attempts.
      const hb = await t.gql(`mutation { heartbeat(nodeId: "node-victim") { node { state } } }`, undefined, { token: victimToken });
      expect(hb.errors).toBeUndefined();
    });

    it("a second agent with an admin token is refused while the node is live, and takes it over once the node is silent", async () => {
      const first = await t.gql(REGISTER, input("node-twice"));
      const second = await t.gql(REGISTER, input("node-twice", { labels: { owner: "second" } }));
      expect(second.errors?.[0].extensions).toMatchObject({ code: "INVALID_STATE", field: "nodeId" });
      await waitPastTtl();
      const takeover = await t.gql(REGISTER, input("node-twice", { labels: { owner: "second" } }));
      expect(takeover.errors).toBeUndefined();
      expect(takeover.data.registerNode.node.labels).toEqual({ owner: "second" });
      // The first agent's token was revoked by the re-registration.
      const old = await t.gql(`mutation { heartbeat(nodeId: "node-twice") { node { state } } }`, undefined, { token: first.data.registerNode.token });
      expect(old.status).toBe(401);
      expect(old.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    });

    it("the node's own token re-registers it while live, revokes the old token and closes its subscription with 4403", async () => {
      const first = await t.gql(REGISTER, input("node-restart"));
      const oldToken = first.data.registerNode.token as string;
      const client = t.ws(oldToken);
      const closed = new Promise<number>((resolve) => client.on("closed", (e) => resolve((e as { code: number }).code)));
      const got = new Promise<void>((resolve) =>
        client.subscribe({ query: `subscription { assignments(nodeId: "node-restart") { full } }` }, { next: () => resolve(), error: () => {}, complete: () => {} }),
      );
      await got;

      const again = await t.gql(REGISTER, input("node-restart", { labels: { owner: "restarted" }, capacity: 3 }), { token: oldToken });
      expect(again.errors).toBeUndefined();
      expect(again.data.registerNode.node).toEqual({ id: "node-restart", labels: { owner: "restarted" }, capacity: 3 });
      const started = Date.now();
      expect(await closed).toBe(4403);
      expect(Date.now() - started).toBeLessThan(1000);

      const stale = await t.gql(`mutation { heartbeat(nodeId: "node-restart") { node { state } } }`, undefined, { token: oldToken });
      expect(stale.status).toBe(401);
      const fresh = await t.gql(`mutation { heartbeat(nodeId: "node-restart") { node { state } } }`, undefined, { token: again.data.registerNode.token });
      expect(fresh.errors).toBeUndefined();
      // The node keeps one token, however often its agent restarts.
      await t.gql(REGISTER, input("node-restart"), { token: again.data.registerNode.token });
      expect(await t.services().db.prisma.apiToken.count({ where: { nodeId: "node-restart" } })).toBe(1);
    });

    it("a node token cannot register or re-register another node", async () => {
      const a = (await t.gql(REGISTER, input("node-own-a"))).data.registerNode.token;
      await t.gql(REGISTER, input("node-own-b"));
      const other = await t.gql(REGISTER, input("node-own-b"), { token: a });
      expect(other.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", field: "nodeId" });
      const fresh = await t.gql(REGISTER, input("node-own-c"), { token: a });
      expect(fresh.errors?.[0].extensions?.code).toBe("FORBIDDEN");
      expect(await t.services().db.prisma.node.findUnique({ where: { id: "node-own-c" } })).toBeNull();
    });

    it("text a database cannot store (NUL, lone surrogates) is VALIDATION_FAILED on its field, registering nothing", async () => {
      for (const [extra, field] of [
        [{ hostname: "h\u0000" }, "hostname"],
        [{ agentVersion: "v\uD800" }, "agentVersion"],
        [{ runtimes: { container: { name: "d\u0000" } } }, "runtimes.container.name"],
      ] as const) {
        const r = await t.gql(REGISTER, input("node-text", extra));
        expect(r.errors?.[0].extensions, field).toMatchObject({ code: "VALIDATION_FAILED", field });
      }
      expect(await t.services().db.prisma.node.findUnique({ where: { id: "node-text" } })).toBeNull();
    });

    it("a join token's maxUses counts successful registrations only", async () => {
      const j = await join(1);
      const badId = await t.gql(REGISTER, input("worker-1"), { token: j.token });
      expect(badId.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "nodeId" });
      const badCapacity = await t.gql(REGISTER, input("node-cap", { capacity: 0 }), { token: j.token });
      expect(badCapacity.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "capacity" });
      const taken = await t.gql(REGISTER, input("node-victim"), { token: j.token });
      expect(taken.errors?.[0].extensions?.code).toBe("FORBIDDEN");
      expect(await uses(j.id)).toBe(0);

      const ok = await t.gql(REGISTER, input("node-joined"), { token: j.token });
      expect(ok.errors).toBeUndefined();
      expect(await uses(j.id)).toBe(1);
      const over = await t.gql(REGISTER, input("node-joined-2"), { token: j.token });
      expect(over.errors?.[0].extensions?.code).toBe("FORBIDDEN");
      expect(over.errors?.[0].message).toMatch(/no uses left/);
      expect(await uses(j.id)).toBe(1);
    });
  });
}
